// The training area's screens, under one parent so the main navigation stays on 培训就业.
import type { RouteRecordRaw } from 'vue-router';
import TrainingLayout from './TrainingLayout.vue';
import ClassesView from './ClassesView.vue';
import ClassView from './ClassView.vue';
import AttendanceView from './AttendanceView.vue';
import PlacementsView from './PlacementsView.vue';
import PlacementView from './PlacementView.vue';
import FollowUpsView from './FollowUpsView.vue';
import EmployersView from './EmployersView.vue';
import FiguresView from './FiguresView.vue';
import RosterImportView from './RosterImportView.vue';
import TrainingSettingsView from './TrainingSettingsView.vue';

export const trainingRoutes: RouteRecordRaw[] = [
  {
    path: '/training',
    component: TrainingLayout,
    meta: { titleKey: 'nav.training' },
    children: [
      { path: '', name: 'training', component: ClassesView, meta: { titleKey: 'training.classes.title' } },
      { path: 'classes/new', name: 'training-class-new', component: ClassView, meta: { titleKey: 'training.classForm.newTitle' } },
      { path: 'classes/:id(\\d+)', name: 'training-class', component: ClassView, props: true, meta: { titleKey: 'training.nav.classes' } },
      {
        path: 'classes/:id(\\d+)/attendance',
        name: 'training-attendance',
        component: AttendanceView,
        props: (route) => ({ id: route.params.id, date: typeof route.query.date === 'string' ? route.query.date : undefined }),
        meta: { titleKey: 'training.classes.attendance' },
      },
      { path: 'placements', name: 'training-placements', component: PlacementsView, meta: { titleKey: 'training.placements.title' } },
      { path: 'placements/new', name: 'training-placement-new', component: PlacementView, meta: { titleKey: 'training.placementForm.newTitle' } },
      { path: 'placements/:id(\\d+)', name: 'training-placement', component: PlacementView, props: true, meta: { titleKey: 'training.placements.title' } },
      { path: 'follow-ups', name: 'training-follow-ups', component: FollowUpsView, meta: { titleKey: 'training.followUps.title' } },
      { path: 'employers', name: 'training-employers', component: EmployersView, meta: { titleKey: 'training.employers.title' } },
      { path: 'figures', name: 'training-figures', component: FiguresView, meta: { titleKey: 'training.figures.title' } },
      { path: 'import', name: 'training-import', component: RosterImportView, meta: { titleKey: 'training.import.title' } },
      { path: 'settings', name: 'training-settings', component: TrainingSettingsView, meta: { titleKey: 'training.settings.title' } },
    ],
  },
];
