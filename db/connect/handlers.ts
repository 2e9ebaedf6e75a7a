// Connecting to a centre in the service: not available here. The browser host answers these calls
// itself before they reach the service (host/centre-connect.ts); Electron cannot connect yet.
import type { Handlers } from '../call';
import { fail } from '../errors';
import { CONNECT_OFF, type connectCalls } from './contract';

export function connectHandlers(): Handlers<typeof connectCalls> {
  return {
    'connect.status': () => CONNECT_OFF,
    'connect.probe': () => fail('CONNECT_UNAVAILABLE'),
    'connect.pair': () => fail('CONNECT_UNAVAILABLE'),
    'connect.disconnect': () => fail('CONNECT_UNAVAILABLE'),
  };
}
