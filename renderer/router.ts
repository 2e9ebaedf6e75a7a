// Screens by address. Hash history works the same under Electron's app:// scheme and the browser host.
import { createRouter, createWebHashHistory } from 'vue-router';
import { rehabRoutes } from './views/rehab/routes';
import { trainingRoutes } from './views/training/routes';
import { devicesRoutes } from './views/devices/routes';
import { claimsRoutes } from './views/claims/routes';
import { returnsRoutes } from './views/returns/routes';
import { needsRoutes } from './views/needs/routes';
import { compareRoutes } from './views/compare/routes';
import { centreRoutes } from './views/centre/routes';
import { connectRoutes } from './views/connect/routes';

// Screens load on demand: a screen's code (and the libraries only it uses) is fetched when first shown.
const PeopleListView = () => import('./views/PeopleListView.vue');
const PersonView = () => import('./views/PersonView.vue');
const PersonOverviewView = () => import('./views/PersonOverviewView.vue');
const CertificatesExpiringView = () => import('./views/CertificatesExpiringView.vue');
const SettingsView = () => import('./views/SettingsView.vue');
const StartView = () => import('./views/StartView.vue');
const AccountsView = () => import('./views/settings/AccountsView.vue');
const AuditView = () => import('./views/settings/AuditView.vue');
const BackupView = () => import('./views/settings/BackupView.vue');
const SecurityView = () => import('./views/settings/SecurityView.vue');

declare module 'vue-router' {
  interface RouteMeta {
    /** i18n key of the screen's name (document title and navigation). */
    titleKey: string;
  }
}

export const router = createRouter({
  history: createWebHashHistory(),
  routes: [
    { path: '/', redirect: '/people' },
    { path: '/people', name: 'people', component: PeopleListView, meta: { titleKey: 'nav.people' } },
    { path: '/people/new', name: 'person-new', component: PersonView, meta: { titleKey: 'people.newTitle' } },
    { path: '/people/:id(\\d+)', name: 'person', component: PersonOverviewView, props: true, meta: { titleKey: 'nav.people' } },
    { path: '/people/:id(\\d+)/edit', name: 'person-edit', component: PersonView, props: true, meta: { titleKey: 'nav.people' } },
    { path: '/expiring', name: 'expiring', component: CertificatesExpiringView, meta: { titleKey: 'nav.expiring' } },
    ...rehabRoutes,
    ...trainingRoutes,
    ...devicesRoutes,
    ...claimsRoutes,
    ...returnsRoutes,
    ...needsRoutes,
    ...compareRoutes,
    ...centreRoutes,
    ...connectRoutes,
    { path: '/start', name: 'start', component: StartView, meta: { titleKey: 'trust.start.title' } },
    { path: '/settings', name: 'settings', component: SettingsView, meta: { titleKey: 'nav.settings' } },
    { path: '/settings/accounts', component: AccountsView, meta: { titleKey: 'trust.accounts.title' } },
    { path: '/settings/audit', component: AuditView, meta: { titleKey: 'trust.audit.title' } },
    { path: '/settings/backup', component: BackupView, meta: { titleKey: 'trust.backup.title' } },
    { path: '/settings/security', component: SecurityView, meta: { titleKey: 'trust.security.title' } },
    { path: '/:rest(.*)*', redirect: '/people' },
  ],
});
