// The returns area's screens (汇总上报): a centre's export, and the office's consolidation,
// statistics and cross-centre check; the centre identity and shared key.
import type { RouteRecordRaw } from 'vue-router';
import ReturnsExportView from './ReturnsExportView.vue';
import ReturnsConsolidateView from './ReturnsConsolidateView.vue';
import ReturnsStatsView from './ReturnsStatsView.vue';
import ReturnsOverlapsView from './ReturnsOverlapsView.vue';
import ReturnsSettingsView from './ReturnsSettingsView.vue';

export const returnsRoutes: RouteRecordRaw[] = [
  { path: '/returns', name: 'returns', component: ReturnsExportView, meta: { titleKey: 'returns.export.title' } },
  { path: '/returns/consolidate', name: 'returns-consolidate', component: ReturnsConsolidateView, meta: { titleKey: 'returns.consolidate.title' } },
  { path: '/returns/stats', name: 'returns-stats', component: ReturnsStatsView, meta: { titleKey: 'returns.stats.title' } },
  { path: '/returns/overlaps', name: 'returns-overlaps', component: ReturnsOverlapsView, meta: { titleKey: 'returns.overlaps.title' } },
  { path: '/returns/settings', name: 'returns-settings', component: ReturnsSettingsView, meta: { titleKey: 'returns.settings.title' } },
];
