// Connecting this PC to a centre server (a workstation): the connect screen asks the host for the
// pairing code of the certificate at an address, pins it when the user confirms the code matches the
// server PC's screen, and disconnects (back to this PC's own file).
// These are host-level calls: the service only answers "not available" (Electron for now); the
// browser host answers them itself (host/centre-connect.ts) and decides who may, because it depends
// on where the calls go: a PC with no accounts yet (first start) may connect; a PC with a file needs
// its administrator; a connected PC needs the centre's administrator, unless the centre cannot be
// used at all (unreachable, certificate changed), when anyone at this PC may disconnect or re-pair.
import { z } from 'zod';
import { call } from '../call';
import { parseCentreAddress } from './rules';

export interface ConnectStatus {
  /** Whether this app can connect to a centre at all (the browser host can). */
  available: boolean;
  /** Calls go to the centre (true) or to this PC's own file. */
  connected: boolean;
  /** The centre's address, e.g. https://192.168.1.20:8443/ */
  url: string | null;
  /** The pairing code of the pinned certificate. */
  pairingCode: string | null;
  /** Started with --connect: this PC has no file of its own to go back to. */
  fixed: boolean;
}

/** The certificate a centre presents now, for the user to compare with the server PC's screen. */
export interface PresentedCertificate {
  url: string;
  fingerprint: string;
  pairingCode: string;
}

export const CONNECT_OFF: ConnectStatus = { available: false, connected: false, url: null, pairingCode: null, fixed: false };

const address = () => z
  .string()
  .max(300, 'CONNECT_ADDRESS_FORMAT')
  .superRefine((value, ctx) => {
    const parsed = parseCentreAddress(value);
    if (!parsed.ok) ctx.addIssue({ code: 'custom', message: parsed.code });
  });

/** A SHA-256 fingerprint, hex with or without colons (as the probe answered it). */
const fingerprint = () => z
  .string()
  .max(200)
  .refine((v) => v.replace(/[^0-9a-f]/gi, '').length === 64 && /^[0-9a-fA-F:]+$/.test(v), 'CONNECT_FINGERPRINT_FORMAT');

export const connectCalls = {
  'connect.status': call<ConnectStatus>({ access: 'public', audit: 'none' })(() => z.object({})),
  'connect.probe': call<PresentedCertificate>({ access: 'public', audit: 'none' })(() => z.object({ address: address() })),
  'connect.pair': call<ConnectStatus>({ access: 'public', audit: 'none' })(() => z.object({ address: address(), fingerprint: fingerprint() })),
  'connect.disconnect': call<ConnectStatus>({ access: 'public', audit: 'none' })(() => z.object({})),
};
