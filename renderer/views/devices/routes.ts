// The devices area's screens (replaced by real views as the module is built).
import type { RouteRecordRaw } from 'vue-router';
import ComingSoonView from '../ComingSoonView.vue';

export const devicesRoutes: RouteRecordRaw[] = [
  { path: '/devices', name: 'devices', component: ComingSoonView, meta: { titleKey: 'nav.devices' } },
];
