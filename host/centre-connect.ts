// A PC that works on a centre's file: the local host's switchable service client. Until the user
// pairs, calls go to this PC's own file; once they compared the pairing code and confirmed, the
// fingerprint is pinned in a small config file beside the data file and every call goes to the
// centre (host/centre-client.ts refuses any other certificate before anything is sent). The next
// start reads the pin and connects again. connect.* calls are answered here, never forwarded.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { ConnectStatus, PresentedCertificate } from '../db/connect/contract';
import { issuesToError } from '../db/call';
import type { AppError, Result } from '../db/errors';
import { parseCentreAddress } from '../db/connect/rules';
import type { ServiceClient } from './service-thread';
import { connectCentre, fetchPairingCode } from './centre-client';
import { normalFingerprint, pairingCode } from './centre-rules';
import { openDownload } from './downloads';

/** What a paired PC keeps: the centre's address and the certificate fingerprint it pinned. */
export interface ConnectConfig {
  url: string;
  fingerprint: string;
}

/** Where the pin is kept: beside the data file, like the centre's own certificate. */
export function connectConfigFile(dataFile: string): string {
  return `${dataFile}.centre-connect.json`;
}

/** The config file, if any; a file that cannot be used is a reason in words, never a crash. */
export function readConnectConfig(file: string): { config: ConnectConfig | null; problem: string | null } {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { config: null, problem: null };
    return { config: null, problem: `${file}: ${(error as Error).message}` };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { config: null, problem: `${file}: not JSON` };
  }
  const { url, fingerprint } = (value ?? {}) as Partial<Record<string, unknown>>;
  if (typeof url !== 'string' || typeof fingerprint !== 'string') return { config: null, problem: `${file}: wants {"url", "fingerprint"}` };
  const parsed = parseCentreAddress(url);
  if (!parsed.ok) return { config: null, problem: `${file}: url ${parsed.code}` };
  if (normalFingerprint(fingerprint).length !== 64) return { config: null, problem: `${file}: fingerprint is not SHA-256` };
  return { config: { url: parsed.url, fingerprint: normalFingerprint(fingerprint) }, problem: null };
}

/**
 * Writes the config atomically (a temp file in the same folder, flushed, renamed over the old one),
 * readable by this user only: a crash leaves the old pin or the new one, never half of either.
 */
export function writeConnectConfig(file: string, config: ConnectConfig): void {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${crypto.randomBytes(6).toString('hex')}.tmp`);
  try {
    const fd = fs.openSync(temp, 'wx', 0o600);
    try {
      fs.writeFileSync(fd, `${JSON.stringify({ url: config.url, fingerprint: config.fingerprint }, null, 2)}\n`);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.chmodSync(temp, 0o600);
    fs.renameSync(temp, file);
  } catch (error) {
    fs.rmSync(temp, { force: true });
    throw error;
  }
}

export function removeConnectConfig(file: string): void {
  fs.rmSync(file, { force: true });
}

export interface CentreSwitchOptions {
  /** This PC's own file; null when started with --connect (nothing to go back to). */
  local: ServiceClient | null;
  /** Where the pin is kept; null: not kept. */
  configFile: string | null;
  /** Connected from the start (the stored pin, or --connect/--pin). */
  initial?: ConnectConfig | null;
  connect?: (config: ConnectConfig) => ServiceClient;
  probe?: (url: string) => Promise<{ fingerprint: string; pairingCode: string }>;
}

export interface CentreSwitch {
  client: ServiceClient;
  status(): ConnectStatus;
}

/** The pairing code of a pin (a whole fingerprint, or the code itself as --pin may give it). */
function codeOf(pin: string): string {
  const hex = normalFingerprint(pin);
  return hex.length === 64 ? pairingCode(hex) : hex.match(/.{4}/g)!.join('-');
}

const refuse = (error: AppError): Result<never> => ({ ok: false, error });
const FORBIDDEN = refuse({ code: 'AUTH_FORBIDDEN', params: { permission: 'security.manage' } });
/** The centre cannot be used at all: then anyone at this PC may disconnect or re-pair. */
const CENTRE_UNUSABLE = new Set(['CENTRE_CERT_CHANGED', 'HOST_UNREACHABLE']);

export function centreSwitch(options: CentreSwitchOptions): CentreSwitch {
  const connect = options.connect ?? ((c: ConnectConfig) => connectCentre({ url: c.url, pin: c.fingerprint }));
  const probe = options.probe ?? ((url: string) => fetchPairingCode(url));
  let paired: { config: ConnectConfig; client: ServiceClient } | null = options.initial ? { config: options.initial, client: connect(options.initial) } : null;
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const next = queue.then(work, work);
    queue = next.catch(() => undefined);
    return next;
  };

  const status = (): ConnectStatus => ({
    available: true,
    connected: paired !== null,
    url: paired?.config.url ?? null,
    pairingCode: paired ? codeOf(paired.config.fingerprint) : null,
    fixed: options.local === null,
  });

  /** Who may change where this PC's calls go (see db/connect/contract.ts). */
  async function mayChange(session: string | undefined): Promise<boolean> {
    if (paired) {
      const info = await paired.client.invoke('app.info', {}, session);
      if (!info.ok) return CENTRE_UNUSABLE.has(info.error.code);
      return (info.value as { permissions: string[] }).permissions.includes('security.manage');
    }
    if (!options.local) return false;
    const info = await options.local.invoke('app.info', {}, session);
    if (!info.ok) return false;
    const value = info.value as { locked: boolean; hasAccounts: boolean; permissions: string[] };
    return !value.locked && (!value.hasAccounts || value.permissions.includes('security.manage'));
  }

  async function present(url: string): Promise<Result<PresentedCertificate>> {
    try {
      const shown = await probe(url);
      return { ok: true, value: { url, fingerprint: normalFingerprint(shown.fingerprint), pairingCode: shown.pairingCode } };
    } catch (error) {
      return refuse({ code: 'CONNECT_UNREACHABLE', field: 'address', params: { url, reason: (error as NodeJS.ErrnoException).code ?? (error as Error).message } });
    }
  }

  async function pair(url: string, fingerprint: string, session: string | undefined): Promise<Result<ConnectStatus>> {
    if (!(await mayChange(session))) return FORBIDDEN;
    // The certificate must still be the one the user compared: never pin one nobody saw.
    const shown = await present(url);
    if (!shown.ok) return shown;
    if (shown.value.fingerprint !== normalFingerprint(fingerprint)) {
      return refuse({ code: 'CONNECT_CERT_MOVED', params: { compared: codeOf(fingerprint), now: shown.value.pairingCode } });
    }
    const config = { url, fingerprint: shown.value.fingerprint };
    if (options.configFile) {
      try {
        writeConnectConfig(options.configFile, config);
      } catch (error) {
        return refuse({ code: 'CONNECT_CONFIG_WRITE', params: { reason: (error as NodeJS.ErrnoException).code ?? 'ERROR' } });
      }
    }
    const was = paired;
    paired = { config, client: connect(config) };
    await was?.client.close();
    return { ok: true, value: status() };
  }

  async function disconnect(session: string | undefined): Promise<Result<ConnectStatus>> {
    if (!options.local) return refuse({ code: 'CONNECT_FIXED' });
    if (!paired) return { ok: true, value: status() };
    if (!(await mayChange(session))) return FORBIDDEN;
    if (options.configFile) {
      try {
        removeConnectConfig(options.configFile);
      } catch (error) {
        return refuse({ code: 'CONNECT_CONFIG_WRITE', params: { reason: (error as NodeJS.ErrnoException).code ?? 'ERROR' } });
      }
    }
    const was = paired;
    paired = null;
    await was.client.close();
    return { ok: true, value: status() };
  }

  const current = (): ServiceClient => paired?.client ?? options.local!;

  const client: ServiceClient = {
    async invoke(...args: Parameters<ServiceClient['invoke']>) {
      const [name, input, session] = args;
      if (name !== 'connect.status' && name !== 'connect.probe' && name !== 'connect.pair' && name !== 'connect.disconnect') return current().invoke(...args);
      // The connect area's schemas load on the first connect call: zod and the schemas would cost
      // every start of the host ~80 ms for calls a PC makes once.
      const { connectCalls } = await import('../db/connect/contract');
      const parsed = connectCalls[name].input.safeParse(input ?? {});
      if (!parsed.success) return refuse(issuesToError(parsed.error.issues));
      if (name === 'connect.status') return { ok: true, value: status() };
      if (name === 'connect.disconnect') return serial(() => disconnect(session));
      const { address, fingerprint } = parsed.data as { address: string; fingerprint?: string };
      const url = (parseCentreAddress(address) as { url: string }).url;
      if (name === 'connect.probe') return present(url);
      return serial(() => pair(url, fingerprint!, session));
    },
    redeemDownload: (...args) => current().redeemDownload(...args),
    // A download goes where the calls go: this PC's file, or streamed from the paired centre.
    streamDownload: (ticket, keep = false, session) => openDownload(current(), ticket, keep, session),
    autoBackup: async () => options.local?.autoBackup(),
    close: async () => {
      await paired?.client.close();
      await options.local?.close();
    },
  };
  return { client, status };
}
