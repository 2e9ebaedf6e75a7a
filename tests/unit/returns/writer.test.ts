// The package writer copies rows inside SQLite and lets SQLite write each row's checksum line
// (json_array). These pin that the checksum it writes is the one a reader recomputes with
// JSON.stringify (FORMAT.md), also for values SQLite would write differently: real numbers,
// integers past 2^53, control characters, quotes and non-ASCII text.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { TABLES_LATEST, packageTable, readMeta, walkCanonical, type Meta } from '../../../db/returns/format';
import { querySource, registerTransforms, writePackage, type TableSource } from '../../../db/returns/writer';
import type { JobContext } from '../../../db/jobs';
import { tempDir } from '../../support/service';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

const job: JobContext = { progress: () => undefined, pause: () => Promise.resolve(), onAbort: () => undefined };

async function writeClasses(name: string, values: string): Promise<{ file: string; checksum: string; rows: unknown[][]; recomputed: string }> {
  const data = new Database(path.join(tmp.dir, `${name}.sqlite`));
  registerTransforms(data, null);
  const classes = packageTable('training_class');
  const sources: TableSource[] = TABLES_LATEST.map((table) =>
    table.name === 'training_class' ? querySource(data, classes, `SELECT * FROM (VALUES ${values})`, {}) : { table, rows: () => [] },
  );
  const target = path.join(tmp.dir, 'exports', `${name}.sqlite`);
  const meta: Meta = { format: 'rehabdesk-return-package', format_version: '3', period: '2026' };
  const written = await writePackage(job, data, target, () => ({ meta, sources }));
  data.close();
  const pkg = new Database(written.file, { readonly: true });
  try {
    const rows = pkg.prepare('SELECT * FROM training_class ORDER BY rowid').raw(true).all() as unknown[][];
    const stored = readMeta(pkg);
    expect(stored.checksum).toBe(written.checksum);
    return { file: written.file, checksum: written.checksum, rows, recomputed: await walkCanonical(pkg, 3, stored) };
  } finally {
    pkg.close();
  }
}

describe('package writer', () => {
  it('writes the checksum a reader recomputes, for plain rows', async () => {
    const made = await writeClasses('plain', `('C', 2, 'sewing', '', '2026-01-05', '2026-03-01', 40), ('C', 1, 'custom', '面点 "甜" \\ 班', '2026-02-01', '2026-02-28', 12)`);
    // Sorted by every column: class 1 before class 2.
    expect(made.rows.map((r) => r[1])).toEqual([1, 2]);
    expect(made.recomputed).toBe(made.checksum);
  });

  it('writes the checksum a reader recomputes when values would be written differently by SQLite', async () => {
    // 0.1 + 0.2 is 0.30000000000000004 to JavaScript and 0.3 to SQLite's json; 2^60 + 1 is beyond a
    // double; a tab, a newline, a control character, quotes, backslash, Chinese and an emoji in text.
    const made = await writeClasses(
      'odd',
      `('C', 1152921504606846977, 'a', 'x', '2026-01-01', '2026-01-02', 0.1 + 0.2), ('C', 3, 'b', char(9) || char(10) || char(1) || '"\\班😀', '2026-01-01', '2026-01-02', 1.5), ('C', 4, 'c', '', '2026-01-01', '2026-01-02', 7)`,
    );
    expect(made.rows).toHaveLength(3);
    expect(made.recomputed).toBe(made.checksum);
    expect(fs.existsSync(`${made.file}.partial`)).toBe(false);
  });
});
