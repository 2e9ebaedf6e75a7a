// The devices area's screens (辅助器具适配).
import type { RouteRecordRaw } from 'vue-router';
import DevicesHomeView from './DevicesHomeView.vue';
import DevicePersonView from './DevicePersonView.vue';
import FollowupsDueView from './FollowupsDueView.vue';
import DeviceFiguresView from './DeviceFiguresView.vue';
import DeviceCatalogueView from './DeviceCatalogueView.vue';

export const devicesRoutes: RouteRecordRaw[] = [
  { path: '/devices', name: 'devices', component: DevicesHomeView, meta: { titleKey: 'nav.devices' } },
  { path: '/devices/people/:id(\\d+)', name: 'devices-person', component: DevicePersonView, props: true, meta: { titleKey: 'nav.devices' } },
  { path: '/devices/followups', name: 'devices-followups', component: FollowupsDueView, meta: { titleKey: 'devices.due.title' } },
  { path: '/devices/figures', name: 'devices-figures', component: DeviceFiguresView, meta: { titleKey: 'devices.figures.title' } },
  { path: '/devices/catalogue', name: 'devices-catalogue', component: DeviceCatalogueView, meta: { titleKey: 'devices.catalogue.title' } },
];
