// Centre server mode (administrators, on the server PC): whether the file is served to the centre's
// network, at which address, with which pairing code; turning it on and off.
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { call } from '../api';
import { downloadText } from './files';
import { outcome } from './outcome';
import type { AppError, CentreStatus } from '../../db/contract';

export const useCentreStore = defineStore('centre', () => {
  const status = ref<CentreStatus | null>(null);
  const loadError = ref<AppError | null>(null);

  async function load() {
    const result = await call('centre.status', {});
    if (result.ok) {
      status.value = result.value;
      loadError.value = null;
    } else loadError.value = result.error;
  }
  async function start(listen: string) {
    const result = outcome(await call('centre.start', { listen }));
    if (!result.error) status.value = result.value;
    return result;
  }
  async function stop() {
    const result = outcome(await call('centre.stop', {}));
    if (!result.error) status.value = result.value;
    return result;
  }
  function downloadCertificate() {
    if (status.value?.certificate) downloadText('rehabdesk-centre.crt', status.value.certificate, 'application/x-x509-ca-cert');
  }
  return { status, loadError, load, start, stop, downloadCertificate };
});
