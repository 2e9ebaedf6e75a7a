// The claims area's calls, implemented (added here as the module is built).
import type { Handlers } from '../call';
import type { AreaContext } from '../context';
import type { claimsCalls } from './contract';

export function claimsHandlers(_ctx: AreaContext): Handlers<typeof claimsCalls> {
  return {};
}
