// The administrator's switch for centre server mode, in the host that owns the network listener:
// centre.* calls go to the service first (who may, input check, audit entry), then this turns the
// server on or off and answers with what is running. Only the local host wraps its client with
// this; over the network the centre.* calls are refused as server-only.
import type { Result } from '../db/errors';
import { parseListen } from './centre-rules';
import type { CentreStatus } from '../db/centre/contract';
import type { ServiceClient } from './service-thread';
import type { RunningCentre } from './centre-server';

export interface CentreControl {
  client: ServiceClient;
  start(listen: string): Promise<CentreStatus>;
  stop(): Promise<void>;
  status(): CentreStatus;
}

/**
 * The switch as a host serving this PC wires it (the browser host's cli.ts and Electron's main
 * process alike): the centre server forwards the network's calls to the same service, serving the
 * same renderer, its certificate kept beside the data file. Hosts hand `client` to their own
 * transport (HTTP, IPC) so the administrator's centre.* calls reach the switch.
 */
export function hostCentre(service: ServiceClient, options: { rendererDir: string; dataFile: string }): CentreControl {
  // The centre server's code (TLS certificates: most of the host's code) loads only when it is turned on.
  return centreControl(service, async (listen) =>
    (await import('./centre-server')).startCentre({ service, rendererDir: options.rendererDir, dataFile: options.dataFile, ...parseListen(listen) }),
  );
}

export function centreControl(service: ServiceClient, launch: (listen: string) => Promise<RunningCentre>): CentreControl {
  let running: { centre: RunningCentre; listen: string } | null = null;
  /** Turning on and off one at a time: a second click waits for the first. */
  let queue: Promise<unknown> = Promise.resolve();

  const status = (): CentreStatus =>
    running
      ? { available: true, on: true, listen: running.listen, url: running.centre.url, pairingCode: running.centre.pairingCode, fingerprint: running.centre.fingerprint, certificate: running.centre.cert }
      : { available: true, on: false, listen: null, url: null, pairingCode: null, fingerprint: null, certificate: null };

  const stop = async () => {
    const was = running;
    running = null;
    await was?.centre.close();
  };
  const start = async (listen: string) => {
    await stop();
    running = { centre: await launch(listen), listen };
    return status();
  };
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const next = queue.then(work, work);
    queue = next.catch(() => undefined);
    return next;
  };

  const client: ServiceClient = {
    ...service,
    async invoke(name, input, session, origin) {
      if (name !== 'centre.status' && name !== 'centre.start' && name !== 'centre.stop') return service.invoke(name, input, session, origin);
      const allowed = await service.invoke(name, input, session, origin);
      if (!allowed.ok) return allowed;
      try {
        if (name === 'centre.start') await serial(() => start((input as { listen: string }).listen.trim()));
        if (name === 'centre.stop') await serial(stop);
        return { ok: true, value: status() } satisfies Result<CentreStatus>;
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code ?? 'ERROR';
        return { ok: false, error: { code: 'CENTRE_LISTEN_FAILED', field: 'listen', params: { reason: code } } };
      }
    },
  };
  return { client, start: (listen) => serial(() => start(listen)), stop: () => serial(stop), status };
}
