// Floors of the exports and the consolidation, each run in its own process so its peak memory
// (RSS) is its own: `node --import tsx scripts/bench/worker.ts TASK ARGS…` prints one JSON line
// { ms, rssMb, … }.
import fs from 'node:fs';
import Database from 'better-sqlite3';
import ExcelJS from 'exceljs';
import { makeId } from '../seed/ids';
import { peakRssMb } from './measure';

async function main(): Promise<Record<string, unknown>> {
  const [task, ...args] = process.argv.slice(2);
  switch (task) {
    // VACUUM INTO: SQLite's own copy of a file's rows into a fresh, compact file.
    case 'vacuum-into': {
      const [source, target] = args as [string, string];
      fs.rmSync(target, { force: true });
      const db = new Database(source, { readonly: true });
      const start = performance.now();
      db.prepare('VACUUM INTO ?').run(target);
      const ms = performance.now() - start;
      db.close();
      return { ms, bytes: fs.statSync(target).size };
    }
    // ATTACH + INSERT…SELECT of every table of every package into one file, tagged by package.
    case 'consolidate': {
      const [target, list] = args as [string, string];
      const packages = fs.readFileSync(list, 'utf8').split('\n').filter(Boolean);
      for (const suffix of ['', '-wal', '-shm']) fs.rmSync(target + suffix, { force: true });
      const db = new Database(target);
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      const start = performance.now();
      let rows = 0;
      const created = new Set<string>();
      packages.forEach((file, index) => {
        db.prepare('ATTACH DATABASE ? AS pkg').run(file);
        const names = (db.prepare("SELECT name FROM pkg.sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as { name: string }[]).map(
          (r) => r.name,
        );
        db.transaction(() => {
          for (const name of names) {
            if (!created.has(name)) {
              db.exec(`CREATE TABLE main."${name}" AS SELECT 0 AS package, * FROM pkg."${name}" WHERE 0`);
              created.add(name);
            }
            rows += db.prepare(`INSERT INTO main."${name}" SELECT ?, * FROM pkg."${name}"`).run(index + 1).changes;
          }
        })();
        db.exec('DETACH DATABASE pkg');
      });
      db.pragma('wal_checkpoint(TRUNCATE)');
      const ms = performance.now() - start;
      db.close();
      return { ms, rows, packages: packages.length };
    }
    // exceljs's streaming writer alone: the claim export's columns, rows made in memory.
    case 'xlsx': {
      const [target, count] = args as [string, string];
      const rows = Number(count);
      const start = performance.now();
      const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: target, useStyles: false, useSharedStrings: false });
      const sheet = workbook.addWorksheet('申报明细');
      sheet.addRow(['序号', '姓名', '性别', '身份证号', '残疾人证号', '残疾类别/等级', '服务内容', '服务期间', '数量', '标准', '金额', '备注']).commit();
      let total = 0;
      for (let i = 1; i <= rows; i += 1) {
        const id = makeId(`201${i % 10}-0${1 + (i % 9)}-1${i % 10}`, 1 + (i % 997), '320102');
        const amount = 150000 + (i % 7) * 1000;
        total += amount;
        sheet
          .addRow([i, `张${'伟芳娜敏静丽强磊军洋'[i % 10]}${'明华英杰'[i % 4]}`, i % 2 ? '男' : '女', id, `${id}${1 + (i % 7)}${1 + (i % 4)}`,
            `${['视力', '听力', '言语', '肢体', '智力', '精神', '多重'][i % 7]}${['一', '二', '三', '四'][i % 4]}级`, '残疾儿童康复训练',
            '2025-10', 18 + (i % 5), 1500, amount / 100, ''])
          .commit();
      }
      sheet.addRow(['合计', '', '', '', '', '', '', '', '', '', total / 100, '']).commit();
      await workbook.commit();
      const ms = performance.now() - start;
      return { ms, bytes: fs.statSync(target).size, rows };
    }
    default:
      throw new Error(`unknown task ${task}`);
  }
}

main().then(
  (value) => console.log(JSON.stringify({ ...value, rssMb: peakRssMb() })),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
