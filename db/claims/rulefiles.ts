// Rule files in and out: a programme's stored version written as a checksummed rule file (for a
// county office to hand to its centres), and a file read, compared with the rules in force and
// applied — refused when tampered with, older than (or the same as) the last one from its office.
import fs from 'node:fs';
import path from 'node:path';
import type { AreaContext } from '../context';
import { fail } from '../errors';
import type { ClaimsBase } from './base';
import type { ExportResult, RuleFilePreview } from './contract';
import { exportsDir } from './export';
import { diffRules, makeRuleFile, readRuleFile, type RuleFile } from './rulefile';
import { ruleOn, type Programme } from './rules';

export function createRuleFiles(ctx: AreaContext, base: ClaimsBase) {
  const { db, clock, actor, sql } = base;

  function exportFile(input: { programme: Programme; effectiveFrom: string; office: string; version: number }): ExportResult {
    const found = base.versions(input.programme).find((v) => v.effectiveFrom === input.effectiveFrom);
    if (!found) fail('RULEFILE_NO_VERSION', 'effectiveFrom', { date: input.effectiveFrom });
    const { source: _source, ...rule } = found.rule as typeof found.rule & { source?: unknown };
    const file = makeRuleFile({
      programme: input.programme,
      office: input.office,
      version: input.version,
      effectiveFrom: input.effectiveFrom,
      issuedOn: clock.today(),
      rule: rule as RuleFile['rule'],
    });
    const dir = exportsDir(ctx.dataFile);
    fs.mkdirSync(dir, { recursive: true });
    const fileName = `rules-${input.programme}-${input.effectiveFrom}-v${input.version}.json`;
    const target = path.join(dir, fileName);
    fs.writeFileSync(target, `${JSON.stringify(file, null, 2)}\n`, 'utf8');
    return { fileName, path: target, fileId: ctx.exportFile(target).fileId, rows: 1, bytes: fs.statSync(target).size, unencryptedCopy: ctx.encrypted() };
  }

  function lastVersion(programme: Programme, office: string): number | null {
    return (sql('SELECT max(version) AS v FROM claim_rule_file WHERE programme = ? AND office = ?').get(programme, office) as { v: number | null }).v;
  }

  /** Reads and checks a file, refusing one older than (or the same as) the last from its office. */
  function checked(text: string): { file: RuleFile; last: number | null } {
    const file = readRuleFile(text);
    const last = lastVersion(file.programme, file.office);
    if (last !== null && file.version < last) fail('RULEFILE_OLDER', 'text', { office: file.office, version: file.version, last });
    if (last !== null && file.version === last) fail('RULEFILE_ALREADY_IMPORTED', 'text', { office: file.office, version: file.version });
    return { file, last };
  }

  function preview(text: string): RuleFilePreview {
    const { file, last } = checked(text);
    const current = ruleOn(base.versions(file.programme), file.effectiveFrom);
    return {
      programme: file.programme,
      office: file.office,
      version: file.version,
      effectiveFrom: file.effectiveFrom,
      issuedOn: file.issuedOn,
      checksum: file.checksum,
      rule: file.rule,
      current: current ? { effectiveFrom: current.effectiveFrom, rule: current.rule } : null,
      diff: diffRules(current?.rule ?? null, file.rule),
      lastVersion: last,
    };
  }

  /** Applies a file: its rule becomes the version from its effective date, with where it came from. */
  const importFile = db.transaction((text: string): Programme => {
    const { file } = checked(text);
    base.saveRule(file.programme, file.effectiveFrom, { ...file.rule, source: { office: file.office, version: String(file.version), checksum: file.checksum } });
    sql('INSERT INTO claim_rule_file (programme, office, version, effective_from, checksum, imported_at, imported_by) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
      file.programme,
      file.office,
      file.version,
      file.effectiveFrom,
      file.checksum,
      clock.now(),
      actor(),
    );
    return file.programme;
  });

  return { exportFile, preview, importFile };
}
