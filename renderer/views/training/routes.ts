// The training area's screens (replaced by real views as the module is built).
import type { RouteRecordRaw } from 'vue-router';
import ComingSoonView from '../ComingSoonView.vue';

export const trainingRoutes: RouteRecordRaw[] = [
  { path: '/training', name: 'training', component: ComingSoonView, meta: { titleKey: 'nav.training' } },
];
