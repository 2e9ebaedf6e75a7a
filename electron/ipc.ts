// Wires the contract to IPC: one channel, forwarded to the service thread, and only our own
// renderer's main frame may call it.
import { ipcMain, type IpcMainInvokeEvent } from 'electron';
import type { ServiceClient } from '../host/service-thread';
import { IPC_CHANNEL, isAppUrl } from './security';

export function registerIpc(service: ServiceClient, isMainFrame: (event: IpcMainInvokeEvent) => boolean): void {
  ipcMain.handle(IPC_CHANNEL, async (event, name: unknown, input: unknown, session: unknown) => {
    if (!isMainFrame(event) || !isAppUrl(event.senderFrame?.url)) {
      return { ok: false, error: { code: 'HOST_ORIGIN' } };
    }
    return service.invoke(name, input, typeof session === 'string' ? session : undefined);
  });
}
