// Centre server mode in the service: nothing to do here but answer "not available"; the call has
// already been authorised and (start/stop) recorded in the audit trail by dispatch. A host that can
// serve the network replaces the answer (host/centre-control.ts).
import type { Handlers } from '../call';
import { CENTRE_OFF, type centreCalls } from './contract';

export function centreHandlers(): Handlers<typeof centreCalls> {
  return {
    'centre.status': () => CENTRE_OFF,
    'centre.start': () => CENTRE_OFF,
    'centre.stop': () => CENTRE_OFF,
  };
}
