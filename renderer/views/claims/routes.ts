// The claims area's screens (补贴申报): batches, one batch, its printable form, and the rules.
import type { RouteRecordRaw } from 'vue-router';
import ClaimsListView from './ClaimsListView.vue';
import ClaimBatchView from './ClaimBatchView.vue';
import ClaimPrintView from './ClaimPrintView.vue';
import ClaimRulesView from './ClaimRulesView.vue';

export const claimsRoutes: RouteRecordRaw[] = [
  { path: '/claims', name: 'claims', component: ClaimsListView, meta: { titleKey: 'nav.claims' } },
  { path: '/claims/batches/:id(\\d+)', name: 'claims-batch', component: ClaimBatchView, props: true, meta: { titleKey: 'nav.claims' } },
  { path: '/claims/batches/:id(\\d+)/print', name: 'claims-print', component: ClaimPrintView, props: true, meta: { titleKey: 'nav.claims' } },
  { path: '/claims/rules', name: 'claims-rules', component: ClaimRulesView, meta: { titleKey: 'claims.rules.title' } },
];
