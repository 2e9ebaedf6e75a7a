// The rehab area's calls, implemented (added here as the module is built).
import type { Handlers } from '../call';
import type { AreaContext } from '../context';
import type { rehabCalls } from './contract';

export function rehabHandlers(_ctx: AreaContext): Handlers<typeof rehabCalls> {
  return {};
}
