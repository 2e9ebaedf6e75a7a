// Schema pieces every area's contract uses. Messages are error codes the renderer words.
import { z } from 'zod';
import { normaliseDate } from './common/dates';
import { MAX_FEN } from './common/money';

// Characters no typed text needs and that can hide or reorder what a reader sees: C0 controls,
// DEL and C1 controls, bidi overrides and isolates (U+202A–U+202E, U+2066–U+2069), and halves of
// a surrogate pair without their other half. Multi-line fields (the forms' text areas) may hold
// tabs and line breaks.
const HIDDEN = '\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F\\u202A-\\u202E\\u2066-\\u2069';
const LONE_SURROGATE = '[\\uD800-\\uDBFF](?![\\uDC00-\\uDFFF])|(?<![\\uD800-\\uDBFF])[\\uDC00-\\uDFFF]';
const SINGLE_LINE_REFUSED = new RegExp(`[${HIDDEN}\\t\\n\\r]|${LONE_SURROGATE}`);
const MULTI_LINE_REFUSED = new RegExp(`[${HIDDEN}]|${LONE_SURROGATE}`);

/** True when the text holds a character the field refuses (see HIDDEN). */
export function hasControlChar(value: string, multiLine = false): boolean {
  return (multiLine ? MULTI_LINE_REFUSED : SINGLE_LINE_REFUSED).test(value);
}

/**
 * A builder that builds its schema on the first call and returns that same schema afterwards: for
 * one used often outside a call's input (each row of an import), or shared as one object.
 */
export function once<T>(build: () => T): () => T {
  let built: T | undefined;
  return () => (built ??= build());
}

/** Trimmed text up to `max` characters, on one line, without hidden characters. */
export const text = (max: number) =>
  z
    .string()
    .trim()
    .max(max, 'TOO_LONG')
    .refine((value) => !hasControlChar(value), 'TEXT_CONTROL_CHAR');
/** Optional trimmed text; absent means ''. */
export const optionalText = (max: number) => text(max).default('');
/** Trimmed text that must not be empty. */
export const requiredText = (max: number) => text(max).min(1, 'REQUIRED');

/** Like text, for a text area: tabs and line breaks are kept, other hidden characters refused. */
export const multiLineText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, 'TOO_LONG')
    .refine((value) => !hasControlChar(value, true), 'TEXT_CONTROL_CHAR');
/** Optional multi-line text; absent means ''. */
export const optionalMultiLineText = (max: number) => multiLineText(max).default('');
/** Multi-line text that must not be empty. */
export const requiredMultiLineText = (max: number) => multiLineText(max).min(1, 'REQUIRED');

/** A record's id. */
export const recordId = () => z.number().int().positive();

/** A real calendar date, accepted as staff write it (2027/5/1, 20270501) and stored as YYYY-MM-DD. */
export const isoDate = () =>
  z
    .string()
    .trim()
    .min(1, 'REQUIRED')
    .transform((value, ctx) => {
      const date = normaliseDate(value);
      if (date === null) {
        ctx.addIssue({ code: 'custom', message: 'INVALID_DATE' });
        return z.NEVER;
      }
      return date;
    });

/** An optional date: '' when absent; otherwise a real date, or INVALID_DATE. */
export const optionalIsoDate = () =>
  z
    .string()
    .trim()
    .default('')
    .transform((value, ctx) => {
      if (value === '') return '';
      const date = normaliseDate(value);
      if (date === null) {
        ctx.addIssue({ code: 'custom', message: 'INVALID_DATE' });
        return z.NEVER;
      }
      return date;
    });

/** An amount in fen: a whole number from 0 up to MAX_FEN. */
export const fen = () => z.number().int('AMOUNT_INVALID').min(0, 'AMOUNT_INVALID').max(MAX_FEN, 'AMOUNT_INVALID');

/** What kind of personal data a field holds; the service masks it for roles without full-ID rights. */
export type PiiKind = 'id' | 'phone';

/** Marks a field as personal data where its type is declared (the masker learns the keys from these). */
export const pii = {
  /** An ID or certificate number (resident ID, disability certificate, a guardian's ID). */
  id: <T extends z.ZodType>(schema: T): T => schema.meta({ pii: 'id' }) as T,
  /** A phone number. */
  phone: <T extends z.ZodType>(schema: T): T => schema.meta({ pii: 'phone' }) as T,
};
