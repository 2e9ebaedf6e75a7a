// The returns area's screens (汇总上报): a centre's export, and the office's consolidation,
// statistics and cross-centre check; the centre identity and shared key.
import type { RouteRecordRaw } from 'vue-router';

// Screens load on demand: a screen's code (and the libraries only it uses) is fetched when first shown.
const ReturnsExportView = () => import('./ReturnsExportView.vue');
const ReturnsConsolidateView = () => import('./ReturnsConsolidateView.vue');
const ReturnsStatsView = () => import('./ReturnsStatsView.vue');
const ReturnsOverlapsView = () => import('./ReturnsOverlapsView.vue');
const ReturnsLeftOutView = () => import('./ReturnsLeftOutView.vue');
const ReturnsSettingsView = () => import('./ReturnsSettingsView.vue');

export const returnsRoutes: RouteRecordRaw[] = [
  { path: '/returns', name: 'returns', component: ReturnsExportView, meta: { titleKey: 'returns.export.title' } },
  { path: '/returns/consolidate', name: 'returns-consolidate', component: ReturnsConsolidateView, meta: { titleKey: 'returns.consolidate.title' } },
  { path: '/returns/stats', name: 'returns-stats', component: ReturnsStatsView, meta: { titleKey: 'returns.stats.title' } },
  { path: '/returns/stats/left-out', name: 'returns-left-out', component: ReturnsLeftOutView, meta: { titleKey: 'returns.leftOutList.title' } },
  { path: '/returns/overlaps', name: 'returns-overlaps', component: ReturnsOverlapsView, meta: { titleKey: 'returns.overlaps.title' } },
  { path: '/returns/settings', name: 'returns-settings', component: ReturnsSettingsView, meta: { titleKey: 'returns.settings.title' } },
];
