// Connecting this PC to a centre server: where its calls go now (its own file or a centre), the
// pairing code a centre presents, pairing and disconnecting. After either, the app starts over on
// the other side (its sign-in form), holding no session of the side it left.
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { call, setSession } from '../api';
import { outcome, type Outcome } from './outcome';
import { useAppStore } from './app';
import type { AppError, ConnectStatus, PresentedCertificate } from '../../db/contract';

export const useConnectStore = defineStore('connect', () => {
  const status = ref<ConnectStatus | null>(null);
  const loadError = ref<AppError | null>(null);

  async function load() {
    const result = await call('connect.status', {});
    if (result.ok) {
      status.value = result.value;
      loadError.value = null;
    } else loadError.value = result.error;
    return result.ok ? result.value : null;
  }
  const probe = async (address: string): Promise<Outcome<PresentedCertificate>> => outcome(await call('connect.probe', { address }));

  async function switched(result: Outcome<ConnectStatus>) {
    if (result.error) return result;
    status.value = result.value;
    setSession(null);
    const app = useAppStore();
    app.startError = null;
    await app.load();
    return result;
  }
  const pair = async (address: string, fingerprint: string) => switched(outcome(await call('connect.pair', { address, fingerprint })));
  const disconnect = async () => switched(outcome(await call('connect.disconnect', {})));

  return { status, loadError, load, probe, pair, disconnect };
});
