// Building blocks of the contract: declaring a call, and the handler type an area implements.
import type { z } from 'zod';

/** A call's definition: the input schema, and the result (a type only). */
export interface CallDef<I extends z.ZodType = z.ZodType, R = unknown> {
  input: I;
  result?: R;
}

/** Declares one call: `call<Result>()(inputSchema)`. */
export function call<R>() {
  return <I extends z.ZodType>(input: I): CallDef<I, R> => ({ input });
}

/** What an area module implements for its calls: parsed input in, result out (sync: SQLite is). */
export type Handlers<Calls extends Record<string, CallDef>> = {
  [N in keyof Calls]: (input: z.output<Calls[N]['input']>) => NonNullable<Calls[N]['result']>;
};
