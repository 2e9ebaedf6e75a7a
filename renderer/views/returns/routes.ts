// The returns area's screens (replaced by real views as the module is built).
import type { RouteRecordRaw } from 'vue-router';
import ComingSoonView from '../ComingSoonView.vue';

export const returnsRoutes: RouteRecordRaw[] = [
  { path: '/returns', name: 'returns', component: ComingSoonView, meta: { titleKey: 'nav.returns' } },
];
