// The rehab area's screens, nested under /rehab so the main navigation marks the area on each.
import type { RouteRecordRaw } from 'vue-router';

// Screens load on demand: a screen's code (and the libraries only it uses) is fetched when first shown.
const RehabLayout = () => import('./RehabLayout.vue');
const RehabDayView = () => import('./RehabDayView.vue');
const RehabChildrenView = () => import('./RehabChildrenView.vue');
const RehabEnrolView = () => import('./RehabEnrolView.vue');
const RehabChildView = () => import('./RehabChildView.vue');
const RehabSummaryView = () => import('./RehabSummaryView.vue');
const RehabVisitsView = () => import('./RehabVisitsView.vue');
const RehabSettingsView = () => import('./RehabSettingsView.vue');

export const rehabRoutes: RouteRecordRaw[] = [
  {
    path: '/rehab',
    component: RehabLayout,
    meta: { titleKey: 'nav.rehab' },
    children: [
      { path: '', name: 'rehab', component: RehabDayView, meta: { titleKey: 'rehab.day.title' } },
      { path: 'children', name: 'rehab-children', component: RehabChildrenView, meta: { titleKey: 'rehab.children.title' } },
      { path: 'children/:id(\\d+)', name: 'rehab-child', component: RehabChildView, props: true, meta: { titleKey: 'rehab.children.title' } },
      { path: 'enrol', name: 'rehab-enrol', component: RehabEnrolView, meta: { titleKey: 'rehab.enrol.title' } },
      { path: 'summary', name: 'rehab-summary', component: RehabSummaryView, meta: { titleKey: 'rehab.summary.title' } },
      { path: 'visits', name: 'rehab-visits', component: RehabVisitsView, meta: { titleKey: 'rehab.visits.title' } },
      { path: 'settings', name: 'rehab-settings', component: RehabSettingsView, meta: { titleKey: 'rehab.settings.title' } },
    ],
  },
];
