// Centre server mode's part of the contract: the administrator's screen reads whether the server
// PC serves the file to the network, and turns it on or off. The service only checks who may and
// records it; the host that owns the network listener fills in the answer (host/centre-control.ts).
// The browser host and Electron both wrap the service with the switch (host/centre-control.ts
// hostCentre); without it (a bare service, a client of another centre) the answer says it is not available.
import { z } from 'zod';
import { call } from '../call';

export interface CentreStatus {
  /** Whether this app can serve the centre at all (the browser host and Electron can; a bare service cannot). */
  available: boolean;
  on: boolean;
  /** What was asked to listen on, e.g. 0.0.0.0:8443. */
  listen: string | null;
  url: string | null;
  pairingCode: string | null;
  fingerprint: string | null;
  /** The centre's certificate (PEM), for tablets to install. */
  certificate: string | null;
}

export const CENTRE_OFF: CentreStatus = { available: false, on: false, listen: null, url: null, pairingCode: null, fingerprint: null, certificate: null };

/** ADDRESS:PORT, [IPv6]:PORT or a bare port. */
const listen = () => z
  .string()
  .trim()
  .refine((v) => {
    const m = /^(?:(?:\[[0-9a-fA-F:.]+\]|[0-9A-Za-z.-]+):)?(\d{1,5})$/.exec(v);
    return m !== null && Number(m[1]) >= 1 && Number(m[1]) <= 65535;
  }, 'CENTRE_LISTEN_FORMAT');

export const centreCalls = {
  'centre.status': call<CentreStatus>({ access: 'security.manage', audit: 'none' })(() => z.object({})),
  'centre.start': call<CentreStatus>({ access: 'security.manage', audit: 'update', before: { none: 'the network listener is not a record' } })(() => z.object({ listen: listen() })),
  'centre.stop': call<CentreStatus>({ access: 'security.manage', audit: 'update', before: { none: 'the network listener is not a record' } })(() => z.object({})),
};
