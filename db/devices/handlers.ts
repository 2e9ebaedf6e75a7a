// The devices area's calls, implemented (added here as the module is built).
import type { Handlers } from '../call';
import type { AreaContext } from '../context';
import type { devicesCalls } from './contract';

export function devicesHandlers(_ctx: AreaContext): Handlers<typeof devicesCalls> {
  return {};
}
