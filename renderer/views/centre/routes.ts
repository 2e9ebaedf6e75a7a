// Centre server mode's screen (administrators, on the server PC), loaded on demand.
import type { RouteRecordRaw } from 'vue-router';

const CentreView = () => import('./CentreView.vue');

export const centreRoutes: RouteRecordRaw[] = [{ path: '/settings/centre', name: 'centre', component: CentreView, meta: { titleKey: 'centre.title' } }];
