// The returns area's calls, implemented.
import path from 'node:path';
import type { Handlers } from '../call';
import type { AreaContext } from '../context';
import { fail } from '../errors';
import type { returnsCalls, WorkbookResult } from './contract';
import { createCentre } from './centre';
import { createExports, type PackageRunner } from './export';
import { createConsolidation, type PackageReader } from './consolidate';
import { createStats } from './stats';
import { writeWorkbook } from './workbook';
import { exportDir } from './writer';
import { fullIdsFor } from '../trust/permissions';

/** Where return packages are written and read (the service thread passes the package thread); without it, here. */
export interface PackageThread {
  write: PackageRunner;
  read: PackageReader;
}

export function returnsHandlers(ctx: AreaContext, packageThread?: PackageThread): Handlers<typeof returnsCalls> {
  const centre = createCentre(ctx);
  const exports = createExports(ctx, packageThread?.write);
  const consolidation = createConsolidation(ctx, packageThread?.read);
  const stats = createStats(ctx);

  function exportStats(period: string, labels: Record<string, string>) {
    // The figures are read now (small), the file is written in the background.
    const figures = stats.stats(period);
    if (figures.packages === 0) fail('RETURNS_NOTHING_TO_EXPORT', 'period', { period });
    const who = ctx.actor();
    return ctx.jobs.start<WorkbookResult>('returns.statsExport', async (job) => {
      const started = performance.now();
      const now = ctx.clock.now();
      const target = path.join(exportDir(ctx.dataFile), `rehabdesk-return-stats-${period}-${now.slice(0, 19).replace(/[-:]/g, '').replace('T', '-')}.xlsx`);
      const written = await writeWorkbook(job, target, figures, labels, now);
      const entry = ctx.exportFile(target);
      ctx.audit('export', `returns.stats:${entry.name}`, { by: who, period, centres: figures.centres.length });
      return { period, fileId: entry.fileId, fileName: entry.name, file: target, bytes: written.bytes, sheets: written.sheets, ms: Math.round(performance.now() - started), unencryptedCopy: ctx.encrypted() };
    });
  }

  return {
    'returns.centre.get': () => centre.get(),
    'returns.centre.save': (input) => centre.save(input),
    'returns.officeKey.save': (input) => centre.saveKey(input.key),
    // A caller without full-ID rights gets a de-identified package: masked IDs would break the
    // person keys the office matches packages on, pseudonyms keep them.
    'returns.export': (input, caller) => exports.exportCentre(input.period, input.deidentified || !fullIdsFor(caller)),
    'returns.exports.list': (input) => exports.list(input.limit),
    'returns.import': (input) => consolidation.start(input.paths),
    'returns.imports.list': () => consolidation.history(),
    'returns.packages.list': (input) => stats.packages(input.period, input.includeReplaced),
    'returns.periods.list': () => stats.periods(),
    'returns.stats.get': (input) => stats.stats(input.period),
    'returns.stats.export': (input) => exportStats(input.period, input.labels),
    'returns.overlaps.list': (input) => stats.overlaps(input.period, input.limit),
    'returns.leftOut.list': (input) => stats.leftOut(input.period, input),
    'returns.consolidated.export': (input, caller) => exports.exportConsolidation(input.period, input.deidentified || !fullIdsFor(caller)),
  };
}
