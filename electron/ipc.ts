// Wires the contract to IPC: one channel, and only our own renderer frame may call it.
import { ipcMain, type IpcMainInvokeEvent } from 'electron';
import type { Service } from '../db/service';
import { IPC_CHANNEL, isAppUrl } from './security';

export function registerIpc(service: Service, isMainWindow: (event: IpcMainInvokeEvent) => boolean): void {
  ipcMain.handle(IPC_CHANNEL, (event, name: unknown, input: unknown, session: unknown) => {
    if (!isMainWindow(event) || !isAppUrl(event.senderFrame?.url)) {
      return { ok: false, error: { code: 'HOST_ORIGIN' } };
    }
    return service.dispatch(name, input, typeof session === 'string' ? session : undefined);
  });
}
