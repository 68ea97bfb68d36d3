// Mounted with the shell: an .xva opened from the desktop opens File > Import with that file, whether
// it was opened before the page loaded (transfer.openedFiles) or while it runs (transfer.fileOpened).
import { useEffect } from 'react';
import type { OpenedFile } from '../../../../shared/ipc/areas/transfer';
import { useBridge } from '../../framework/bridge-context';
import { useUi } from '../../state/ui';
import { useOpenedFile } from './opened-file';

export const IMPORT_DIALOG = 'importVm';

export function OpenedFileListener() {
  const bridge = useBridge();
  useEffect(() => {
    const open = (f: OpenedFile) => {
      useOpenedFile.getState().offer(f);
      useUi.getState().openDialog(IMPORT_DIALOG);
    };
    const off = bridge.subscribe((e) => { if (e.channel === 'transfer.fileOpened') open(e.payload as OpenedFile); });
    // The newest one opened before the page was ready (older ones stay offered for a later Import).
    bridge.request('transfer.openedFiles', {}).then((files) => { const last = files[files.length - 1]; if (last) open(last); }, () => { /* older main: none */ });
    return off;
  }, [bridge]);
  return null;
}
