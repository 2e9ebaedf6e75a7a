// Rule files (规则文件): a county office saves a programme's standard as a file — its issuing
// office, version and effective date, the rule, and a SHA-256 checksum over the rest in canonical
// form (keys sorted, like the return package's checksum in db/returns/format.ts) — and a centre
// imports it: a file whose checksum does not match (changed after it was saved) or whose version
// is not above the last one imported from that office is refused, with the reason.
import crypto from 'node:crypto';
import { z } from 'zod';
import { fail } from '../errors';
import { isoDate } from '../schemas';
import { devicesRuleInput, rehabRuleInput, rehabStandardInput, trainingRuleInput } from './contract';
import { isStandard, PROGRAMMES, type Programme, type RehabRule, type RehabRuleRow, type RehabStandard, type RuleOf } from './rules';

export const RULE_FILE_FORMAT = 'rehabdesk-claim-rules';
export const RULE_FILE_FORMAT_VERSION = 1;
/** A rule file is small; anything larger is not one. */
export const RULE_FILE_MAX_CHARS = 200_000;

export interface RuleFile {
  format: typeof RULE_FILE_FORMAT;
  formatVersion: number;
  programme: Programme;
  office: string;
  version: number;
  effectiveFrom: string;
  issuedOn: string;
  rule: RuleOf[Programme];
  checksum: string;
}

/** JSON with every object's keys sorted: the same content always gives the same text. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.keys(value as Record<string, unknown>)
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The checksum of a rule file: SHA-256 (hex) of the canonical form of everything but the checksum. */
export function ruleFileChecksum(file: Omit<RuleFile, 'checksum'> | RuleFile): string {
  const { checksum: _ignored, ...body } = file as RuleFile;
  return crypto.createHash('sha256').update(canonical(body), 'utf8').digest('hex');
}

export function makeRuleFile(body: Omit<RuleFile, 'checksum' | 'format' | 'formatVersion'>): RuleFile {
  const file = { format: RULE_FILE_FORMAT, formatVersion: RULE_FILE_FORMAT_VERSION, ...body } as const;
  return { ...file, checksum: ruleFileChecksum(file) };
}

const envelope = () => z.object({
  format: z.literal(RULE_FILE_FORMAT),
  formatVersion: z.number().int(),
  programme: z.enum(PROGRAMMES),
  office: z.string().trim().min(1).max(100),
  version: z.number().int().positive(),
  effectiveFrom: isoDate(),
  issuedOn: z.string().max(30),
  rule: z.unknown(),
  checksum: z.string().regex(/^[0-9a-f]{64}$/),
});

const RULE_SCHEMAS: Record<Programme, () => z.ZodType> = {
  rehab: () => z.union([rehabStandardInput(), rehabRuleInput()]),
  training: trainingRuleInput,
  devices: devicesRuleInput,
};

/**
 * Reads a rule file's text: refuses what is not a rule file (RULEFILE_FORMAT), a newer format
 * (RULEFILE_NEWER_FORMAT), a checksum that does not match (RULEFILE_TAMPERED) and a rule this app
 * cannot use (RULEFILE_RULE_INVALID).
 */
export function readRuleFile(text: string): RuleFile {
  if (text.length > RULE_FILE_MAX_CHARS) fail('RULEFILE_FORMAT', 'text');
  let raw: unknown;
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    fail('RULEFILE_FORMAT', 'text');
  }
  const parsed = envelope().safeParse(raw);
  if (!parsed.success) fail('RULEFILE_FORMAT', 'text');
  const file = parsed.data as RuleFile;
  if (file.formatVersion > RULE_FILE_FORMAT_VERSION) fail('RULEFILE_NEWER_FORMAT', 'text', { version: file.formatVersion });
  // The checksum is over the file as written (its raw values), before anything is normalised.
  if (ruleFileChecksum(raw as RuleFile) !== file.checksum) fail('RULEFILE_TAMPERED', 'text', { office: file.office, version: file.version });
  const rule = RULE_SCHEMAS[file.programme]().safeParse(file.rule);
  if (!rule.success) fail('RULEFILE_RULE_INVALID', 'text', { office: file.office, version: file.version });
  return { ...file, rule: rule.data as RuleOf[Programme] };
}

/** What importing a rule changes against the one in force: bands of a standard, and other fields. */
export interface RuleDiff {
  bands: { key: string; before: RehabRuleRow | null; after: RehabRuleRow | null }[];
  fields: { field: string; before: string; after: string }[];
}

const bandKey = (r: RehabRuleRow) => `${r.category}|${r.ageFrom}|${r.ageTo}`;

export function diffRules(before: RuleOf[Programme] | null, after: RuleOf[Programme]): RuleDiff {
  const diff: RuleDiff = { bands: [], fields: [] };
  const rowsOf = (r: RuleOf[Programme] | null) => (r && isStandard(r as RehabRule | RehabStandard) ? (r as RehabStandard).rows : []);
  const beforeRows = new Map(rowsOf(before).map((r) => [bandKey(r), r]));
  const afterRows = new Map(rowsOf(after).map((r) => [bandKey(r), r]));
  for (const key of new Set([...beforeRows.keys(), ...afterRows.keys()])) {
    const b = beforeRows.get(key) ?? null;
    const a = afterRows.get(key) ?? null;
    if (canonical(b) !== canonical(a)) diff.bands.push({ key, before: b, after: a });
  }
  const fieldsOf = (r: RuleOf[Programme] | null): Record<string, unknown> => {
    if (!r) return {};
    const { rows: _rows, source: _source, ...rest } = r as unknown as Record<string, unknown>;
    return rest;
  };
  const fb = fieldsOf(before);
  const fa = fieldsOf(after);
  for (const field of [...new Set([...Object.keys(fb), ...Object.keys(fa)])].sort()) {
    const b = fb[field] === undefined ? '' : canonical(fb[field]);
    const a = fa[field] === undefined ? '' : canonical(fa[field]);
    if (b !== a) diff.fields.push({ field, before: b, after: a });
  }
  return diff;
}
