// The claims area's screens (replaced by real views as the module is built).
import type { RouteRecordRaw } from 'vue-router';
import ComingSoonView from '../ComingSoonView.vue';

export const claimsRoutes: RouteRecordRaw[] = [
  { path: '/claims', name: 'claims', component: ComingSoonView, meta: { titleKey: 'nav.claims' } },
];
