// Schema pieces every area's contract uses. Messages are error codes the renderer words.
import { z } from 'zod';
import { normaliseDate } from './common/dates';
import { MAX_FEN } from './common/money';

/** Trimmed text up to `max` characters. */
export const text = (max: number) => z.string().trim().max(max, 'TOO_LONG');
/** Optional trimmed text; absent means ''. */
export const optionalText = (max: number) => text(max).default('');
/** Trimmed text that must not be empty. */
export const requiredText = (max: number) => text(max).min(1, 'REQUIRED');

/** A record's id. */
export const recordId = z.number().int().positive();

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
