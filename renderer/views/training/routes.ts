// The training area's screens, under one parent so the main navigation stays on 培训就业.
import type { RouteRecordRaw } from 'vue-router';

// Screens load on demand: a screen's code (and the libraries only it uses) is fetched when first shown.
const TrainingLayout = () => import('./TrainingLayout.vue');
const ClassesView = () => import('./ClassesView.vue');
const ClassView = () => import('./ClassView.vue');
const AttendanceView = () => import('./AttendanceView.vue');
const PlacementsView = () => import('./PlacementsView.vue');
const PlacementView = () => import('./PlacementView.vue');
const FollowUpsView = () => import('./FollowUpsView.vue');
const EmployersView = () => import('./EmployersView.vue');
const FiguresView = () => import('./FiguresView.vue');
const JobSeekersView = () => import('./JobSeekersView.vue');
const EntrepreneursView = () => import('./EntrepreneursView.vue');
const RosterImportView = () => import('./RosterImportView.vue');
const TrainingSettingsView = () => import('./TrainingSettingsView.vue');

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
      { path: 'job-seekers', name: 'training-job-seekers', component: JobSeekersView, meta: { titleKey: 'training.jobSeekers.title' } },
      { path: 'entrepreneurs', name: 'training-entrepreneurs', component: EntrepreneursView, meta: { titleKey: 'training.entrepreneurs.title' } },
      { path: 'figures', name: 'training-figures', component: FiguresView, meta: { titleKey: 'training.figures.title' } },
      { path: 'import', name: 'training-import', component: RosterImportView, meta: { titleKey: 'training.import.title' } },
      { path: 'settings', name: 'training-settings', component: TrainingSettingsView, meta: { titleKey: 'training.settings.title' } },
    ],
  },
];
