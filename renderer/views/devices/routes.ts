// The devices area's screens (辅助器具适配).
import type { RouteRecordRaw } from 'vue-router';

// Screens load on demand: a screen's code (and the libraries only it uses) is fetched when first shown.
const DevicesHomeView = () => import('./DevicesHomeView.vue');
const DevicePersonView = () => import('./DevicePersonView.vue');
const FollowupsDueView = () => import('./FollowupsDueView.vue');
const DeviceFiguresView = () => import('./DeviceFiguresView.vue');
const DeviceCatalogueView = () => import('./DeviceCatalogueView.vue');

export const devicesRoutes: RouteRecordRaw[] = [
  { path: '/devices', name: 'devices', component: DevicesHomeView, meta: { titleKey: 'nav.devices' } },
  { path: '/devices/people/:id(\\d+)', name: 'devices-person', component: DevicePersonView, props: true, meta: { titleKey: 'nav.devices' } },
  { path: '/devices/followups', name: 'devices-followups', component: FollowupsDueView, meta: { titleKey: 'devices.due.title' } },
  { path: '/devices/figures', name: 'devices-figures', component: DeviceFiguresView, meta: { titleKey: 'devices.figures.title' } },
  { path: '/devices/catalogue', name: 'devices-catalogue', component: DeviceCatalogueView, meta: { titleKey: 'devices.catalogue.title' } },
];
