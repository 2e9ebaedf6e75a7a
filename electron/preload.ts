// Preload (sandboxed): exposes exactly one function, invoke(name, input), to the renderer.
import { contextBridge, ipcRenderer } from 'electron';
import type { Bridge } from '../db/contract';
import { IPC_CHANNEL } from './security';

const bridge: Bridge = {
  invoke: (name, input, session) => ipcRenderer.invoke(IPC_CHANNEL, name, input, session),
};

contextBridge.exposeInMainWorld('rehabdesk', bridge);
