// The statistics workbook keeps formula-like centre names and labels as text: names come from
// imported packages, which anyone can write.
import fs from 'node:fs';
import path from 'node:path';
import XLSX from 'xlsx';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../support/service';
import { writeWorkbook } from '../../../db/returns/workbook';
import type { ReturnStats } from '../../../db/returns/contract';
import type { JobContext } from '../../../db/jobs';

const tmp = tempDir();
afterEach(() => tmp.cleanup());

const job: JobContext = { progress: () => undefined, pause: async () => undefined, onAbort: () => undefined };

const stats: ReturnStats = {
  period: { code: '2026', from: '2026-01-01', to: '2026-12-31' } as ReturnStats['period'],
  centres: [{ code: 'C1', name: '=HYPERLINK("http://x","点我")', type: 'centre', regionCode: '320102' }],
  packages: 1,
  claimsCentres: 0,
  checksCentres: 0,
  tables: [
    {
      id: 'overview',
      columns: [{ key: 'people', label: [{ text: "=cmd|' /C calc'!A0" }], kind: 'count' }],
      rows: [
        { centre: { code: 'C1', name: '=HYPERLINK("http://x","点我")', type: 'centre', regionCode: '320102' }, values: [3] },
        { centre: null, values: [3] },
      ],
    },
  ],
  childrenCross: { ageBands: [{ from: 0, to: 6 }], rows: [], bandTotals: [0] },
};

describe('the statistics workbook', () => {
  it('writes centre names and labels that a spreadsheet would run as formulas as text', async () => {
    const target = path.join(tmp.dir, 'exports', 'stats.xlsx');
    await writeWorkbook(job, target, stats, { 'row.total': '+SUM(1)' }, '2026-11-22T10:00:00');
    const workbook = XLSX.read(fs.readFileSync(target), { type: 'buffer' });
    const cells = workbook.SheetNames.flatMap((name) =>
      Object.entries(workbook.Sheets[name]!)
        .filter(([ref]) => !ref.startsWith('!'))
        .map(([, cell]) => cell as XLSX.CellObject),
    );
    expect(cells.map((c) => c.v)).toEqual(expect.arrayContaining([`'=HYPERLINK("http://x","点我")`, "'=cmd|' /C calc'!A0", "'+SUM(1)"]));
    expect(cells.filter((c) => c.f !== undefined)).toEqual([]);
    expect(cells.map((c) => c.v)).toContain(3);
  });
});
