// Building blocks of the contract: declaring a call with its access, audit and before-state beside
// its schema, merging the areas' parts, and the handler type an area implements.
import type { z } from 'zod';
import type { Permission } from './trust/permissions';
import type { AppError } from './errors';

/** Who may make a call: anyone, any signed-in account, or a role holding the permission. */
export type Access = Permission | 'public' | 'signed-in';

/** The kind of entry a call writes in the audit trail. */
export type AuditKind = 'create' | 'update' | 'delete' | 'export' | 'reveal' | 'restore' | 'backup';

/**
 * How the record a write changes is read before (and again after) it, for the audit trail:
 * - `created`: the call makes a new record; its result is recorded as the after-state.
 * - `{ call, input? }`: a getter call of the contract, given `input(parsed)` (default `{ id }`).
 * - `{ table, key?, column?, columns? }`: the stored row(s) where `column` (default id) equals the
 *   input's `key` (default id); `columns` leaves out what must not be copied (password hashes).
 * - `{ setting }`: the setting's current value.
 * - `{ none }`: nothing to read, and why (a job that writes files, a log of its own).
 */
export type BeforeState =
  | 'created'
  | { call: string; input?: (parsed: never) => unknown }
  | { table: string; key?: string; column?: string; columns?: readonly string[] }
  | { setting: string }
  | { none: string };

interface Declared {
  access: Access;
  /**
   * The input field matched against ID and certificate numbers: a role without full-ID rights may
   * search it by name or by a whole number, never by fragments (which would rebuild a masked ID).
   */
  idSearch?: string;
  /** At most `calls` per account within `minutes` (revealing IDs); past that, RATE_LIMITED. */
  rateLimit?: { calls: number; minutes: number };
  /**
   * A poll the app makes by itself (not the user): it does not count as activity, so the session's
   * idle time keeps running and the idle lock still comes.
   */
  background?: true;
}

export type Declaration =
  | (Declared & {
      /** A read: nothing goes into the audit trail. */
      audit: 'none';
    })
  | (Declared & {
      audit: AuditKind;
      /** A read audited all the same (revealing an ID, exporting the trail): input and result are recorded. */
      auditedRead?: boolean;
      before: BeforeState;
      /** SQLite cannot run it inside a transaction (VACUUM INTO, re-keying, reopening the file). */
      outsideTransaction?: boolean;
      /**
       * For a call that writes a file (audit 'export'), what becomes of personal data in it when the
       * caller lacks full-ID rights (read from the caller when the call starts, not when the file is
       * written): `masked` (ID, certificate and phone columns masked like results), `deidentified`
       * (IDs replaced by keyed pseudonyms), or `none` (the file holds none). A call that declares none
       * of these must be restricted to roles holding ids.full (a test pins it).
       */
      personalInFile?: 'masked' | 'deidentified' | 'none';
    });

/** A call's definition: the input schema, its declaration, and the result (a type only). */
export interface CallDef<I extends z.ZodType = z.ZodType, R = unknown> {
  input: I;
  declared: Declaration;
  result?: R;
}

/**
 * Declares one call: `call<Result>({ access, audit, before })(() => inputSchema)`. The schema is
 * built on first use and kept: building every area's zod schemas when the service thread starts
 * took ~100 ms of its start-up, for calls a session may never make.
 */
export function call<R>(declared: Declaration) {
  return <I extends z.ZodType>(build: () => I): CallDef<I, R> => {
    let input: I | undefined;
    return {
      get input() {
        return (input ??= build());
      },
      declared,
    };
  };
}

type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;

/** Joins the contract's parts; a call name declared twice is a mistake caught at load time. */
export function mergeCalls<Parts extends Record<string, CallDef>[]>(...parts: Parts): UnionToIntersection<Parts[number]> {
  const merged: Record<string, CallDef> = {};
  for (const part of parts) {
    for (const [name, def] of Object.entries(part)) {
      if (Object.prototype.hasOwnProperty.call(merged, name)) throw new Error(`call ${name} is declared twice`);
      merged[name] = def;
    }
  }
  return merged as UnionToIntersection<Parts[number]>;
}

/** Who is making a call: passed to every handler (null before sign-in, for public calls). */
export interface Caller {
  accountId: number;
  username: string;
  displayName: string;
  role: import('./trust/permissions').Role;
  sessionId: string;
}

/** What an area module implements for its calls: parsed input in, result out (sync: SQLite is). */
export type Handlers<Calls extends Record<string, CallDef>> = {
  [N in keyof Calls]: (input: z.output<Calls[N]['input']>, caller: Caller | null) => NonNullable<Calls[N]['result']>;
};

/** Turns schema issues into field errors with codes. */
export function issuesToError(issues: readonly z.core.$ZodIssue[]): AppError {
  const details: AppError[] = issues.map((issue) => {
    const code = /^[A-Z][A-Z0-9_]+$/.test(issue.message) ? issue.message : 'INVALID_INPUT';
    const params: Record<string, string | number> = {};
    if ('maximum' in issue && typeof issue.maximum === 'number') params.max = issue.maximum;
    if ('minimum' in issue && typeof issue.minimum === 'number') params.min = issue.minimum;
    return { code, field: issue.path.join('.'), ...(Object.keys(params).length ? { params } : {}) };
  });
  if (details.length === 1) return details[0]!;
  return { code: 'VALIDATION', field: details[0]?.field, details };
}
