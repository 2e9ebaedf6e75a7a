// The claims area's screens (补贴申报): batches, one batch, its printable form, and the rules.
import type { RouteRecordRaw } from 'vue-router';

// Screens load on demand: a screen's code (and the libraries only it uses) is fetched when first shown.
const ClaimsListView = () => import('./ClaimsListView.vue');
const ClaimBatchView = () => import('./ClaimBatchView.vue');
const ClaimPrintView = () => import('./ClaimPrintView.vue');
const ClaimRulesView = () => import('./ClaimRulesView.vue');
const ClaimsReportView = () => import('./ClaimsReportView.vue');

export const claimsRoutes: RouteRecordRaw[] = [
  { path: '/claims', name: 'claims', component: ClaimsListView, meta: { titleKey: 'nav.claims' } },
  { path: '/claims/batches/:id(\\d+)', name: 'claims-batch', component: ClaimBatchView, props: true, meta: { titleKey: 'nav.claims' } },
  { path: '/claims/batches/:id(\\d+)/print', name: 'claims-print', component: ClaimPrintView, props: true, meta: { titleKey: 'nav.claims' } },
  { path: '/claims/report', name: 'claims-report', component: ClaimsReportView, meta: { titleKey: 'claims.report.title' } },
  { path: '/claims/rules', name: 'claims-rules', component: ClaimRulesView, meta: { titleKey: 'claims.rules.title' } },
];
