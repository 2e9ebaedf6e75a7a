// Connecting this PC to a centre server, loaded on demand (from the first-start screen and settings).
import type { RouteRecordRaw } from 'vue-router';

const ConnectView = () => import('./ConnectView.vue');

export const connectRoutes: RouteRecordRaw[] = [{ path: '/connect', name: 'connect', component: ConnectView, meta: { titleKey: 'connect.title' } }];
