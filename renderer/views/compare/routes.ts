// The comparison area's screens (数据比对与不漏一人), under one parent so the main navigation stays on it.
import type { RouteRecordRaw } from 'vue-router';

// Screens load on demand: a screen's code is fetched when first shown.
const CompareLayout = () => import('./CompareLayout.vue');
const ListsView = () => import('./ListsView.vue');
const ComparisonView = () => import('./ComparisonView.vue');
const LeftOutView = () => import('./LeftOutView.vue');
const HouseholdsView = () => import('./HouseholdsView.vue');
const PlanItemsView = () => import('./PlanItemsView.vue');

export const compareRoutes: RouteRecordRaw[] = [
  {
    path: '/compare',
    component: CompareLayout,
    meta: { titleKey: 'nav.compare' },
    children: [
      { path: '', name: 'compare', component: ListsView, meta: { titleKey: 'compare.lists.title' } },
      { path: 'lists/:id(\\d+)', name: 'compare-list', component: ComparisonView, props: true, meta: { titleKey: 'compare.nav.lists' } },
      { path: 'left-out', name: 'compare-left-out', component: LeftOutView, meta: { titleKey: 'compare.leftOut.title' } },
      { path: 'households', name: 'compare-households', component: HouseholdsView, meta: { titleKey: 'compare.households.title' } },
      { path: 'plan', name: 'compare-plan', component: PlanItemsView, meta: { titleKey: 'compare.plan.title' } },
    ],
  },
];
