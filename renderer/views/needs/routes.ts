// The 精准康复 area's screens: needs and plans, renewal reminders, visits by quarter, indicators.
import type { RouteRecordRaw } from 'vue-router';

// Screens load on demand: a screen's code (and the libraries only it uses) is fetched when first shown.
const NeedsHomeView = () => import('./NeedsHomeView.vue');
const NeedsPersonView = () => import('./NeedsPersonView.vue');
const RemindersView = () => import('./RemindersView.vue');
const VisitQuartersView = () => import('./VisitQuartersView.vue');
const IndicatorsView = () => import('./IndicatorsView.vue');

export const needsRoutes: RouteRecordRaw[] = [
  { path: '/needs', name: 'needs', component: NeedsHomeView, meta: { titleKey: 'needs.home.title' } },
  { path: '/needs/people/:id(\\d+)', name: 'needs-person', component: NeedsPersonView, props: true, meta: { titleKey: 'needs.home.title' } },
  { path: '/needs/reminders', name: 'needs-reminders', component: RemindersView, meta: { titleKey: 'needs.reminders.title' } },
  { path: '/needs/visits', name: 'needs-visits', component: VisitQuartersView, meta: { titleKey: 'needs.visits.title' } },
  { path: '/needs/indicators', name: 'needs-indicators', component: IndicatorsView, meta: { titleKey: 'needs.ind.title' } },
];
