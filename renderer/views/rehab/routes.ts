// The rehab area's screens (replaced by real views as the module is built).
import type { RouteRecordRaw } from 'vue-router';
import ComingSoonView from '../ComingSoonView.vue';

export const rehabRoutes: RouteRecordRaw[] = [
  { path: '/rehab', name: 'rehab', component: ComingSoonView, meta: { titleKey: 'nav.rehab' } },
];
