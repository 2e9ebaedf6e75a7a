// Personal data masked for roles without full-ID rights, wherever it appears in what the service
// returns: by the keys the contract marks as personal (pii.id / pii.phone), in change histories
// ({ field, before, after }), and, as a safety net, any ID or certificate number found in any text.
import { z } from 'zod';
import { idCheckChar } from '../people/rules';
import type { PiiKind } from '../schemas';

/** 3201**********123X: the first four and last four characters stay. */
export function maskIdNumber(value: string): string {
  if (value.length <= 8) return value;
  return value.slice(0, 4) + '*'.repeat(value.length - 8) + value.slice(-4);
}

/** 138****5678: the first three and last four digits stay (shorter numbers keep their last two). */
export function maskPhone(value: string): string {
  if (value.length >= 11) return value.slice(0, 3) + '*'.repeat(value.length - 7) + value.slice(-4);
  if (value.length <= 2) return value;
  return '*'.repeat(value.length - 2) + value.slice(-2);
}

// An 18-character resident ID, optionally followed by category + level (a certificate number) and
// a reissue suffix (B1, B2…), not inside a longer run of letters or digits.
const ID_IN_TEXT = /(?<![0-9A-Za-z])(\d{17}[\dXx])((?:[1-7][1-4])(?:B\d{1,2})?)?(?![0-9A-Za-z])/g;

/** Masks every checksum-valid ID or certificate number inside a text. */
export function maskIdsInText(text: string): string {
  if (text.length < 18) return text;
  return text.replace(ID_IN_TEXT, (whole, id: string) =>
    idCheckChar(id.slice(0, 17)) === id.slice(17).toUpperCase() ? maskIdNumber(whole) : whole,
  );
}

function maskAs(kind: PiiKind, value: string): string {
  return kind === 'phone' ? maskPhone(value) : maskIdNumber(value);
}

type Def = { type: string; innerType?: z.ZodType; in?: z.ZodType; out?: z.ZodType; shape?: Record<string, z.ZodType>; element?: z.ZodType; options?: z.ZodType[]; left?: z.ZodType; right?: z.ZodType };
const defOf = (schema: z.ZodType) => (schema as unknown as { _zod: { def: Def } })._zod.def;

function piiOf(schema: z.ZodType | undefined, depth = 0): PiiKind | undefined {
  if (!schema || depth > 20) return undefined;
  const meta = z.globalRegistry.get(schema) as { pii?: PiiKind } | undefined;
  if (meta?.pii) return meta.pii;
  const def = defOf(schema);
  return piiOf(def.innerType, depth + 1) ?? piiOf(def.in, depth + 1) ?? piiOf(def.out, depth + 1);
}

/** The keys marked personal anywhere in these schemas (objects, arrays, unions, wrappers). */
export function piiKeys(schemas: Iterable<z.ZodType>): Map<string, PiiKind> {
  const keys = new Map<string, PiiKind>();
  const seen = new Set<z.ZodType>();
  const walk = (schema: z.ZodType | undefined) => {
    if (!schema || seen.has(schema)) return;
    seen.add(schema);
    const def = defOf(schema);
    if (def.shape) {
      for (const [key, value] of Object.entries(def.shape)) {
        const kind = piiOf(value);
        if (kind) keys.set(key, kind);
        walk(value);
      }
    }
    for (const next of [def.innerType, def.in, def.out, def.element, def.left, def.right, ...(def.options ?? [])]) walk(next);
  };
  for (const schema of schemas) walk(schema);
  return keys;
}

/**
 * The keys the contract marks personal (pii.id / pii.phone), written out: learning them from every
 * call's schema at start would build all of them, which the service otherwise does on first use.
 * tests/unit/trust/masking.test.ts fails when the schemas mark keys other than these.
 */
export const PII_KEYS: ReadonlyMap<string, PiiKind> = new Map([
  ['certNumber', 'id'],
  ['guardianPhone', 'phone'],
  ['idNumber', 'id'],
  ['phone', 'phone'],
]);

/** A function that masks a value (any depth) for a role without full-ID rights. */
export function createMasker(keys: ReadonlyMap<string, PiiKind>) {
  const mask = (value: unknown, depth = 0): unknown => {
    if (typeof value === 'string') return maskIdsInText(value);
    if (depth > 50 || !value || typeof value !== 'object') return value;
    if (Array.isArray(value)) return value.map((v) => mask(v, depth + 1));
    const record = value as Record<string, unknown>;
    // A change history entry names its field: { field: 'idNumber', before, after }.
    const fieldKind = typeof record.field === 'string' ? keys.get(record.field) : undefined;
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(record)) {
      const kind = keys.get(key) ?? (fieldKind && (key === 'before' || key === 'after' || key === 'value') ? fieldKind : undefined);
      out[key] = kind && typeof v === 'string' ? maskAs(kind, v) : mask(v, depth + 1);
    }
    return out;
  };
  return <T>(value: T): T => mask(value) as T;
}
