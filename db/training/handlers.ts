// The training area's calls, implemented (added here as the module is built).
import type { Handlers } from '../call';
import type { AreaContext } from '../context';
import type { trainingCalls } from './contract';

export function trainingHandlers(_ctx: AreaContext): Handlers<typeof trainingCalls> {
  return {};
}
