// The returns area's calls, implemented (added here as the module is built).
import type { Handlers } from '../call';
import type { AreaContext } from '../context';
import type { returnsCalls } from './contract';

export function returnsHandlers(_ctx: AreaContext): Handlers<typeof returnsCalls> {
  return {};
}
