// VM export (VM menu, context menu) and import (File > Import…). vm.export/vm.import set the
// transfer up in main and return the task it reports on; the browser host then moves the bytes
// over /transfer/<id> (a download / a fetch upload), Electron's main moves them itself.
import type { Bridge } from '../../bridge/types';
import { BridgeError } from '../../bridge/types';
import { vmSelectionRefusal } from '../../xapi-model/refusal';
import { allows } from '../../xapi-model/predicates';
import { record } from '../../xapi-model/records';
import type { Command, CommandOutcome } from '../../framework/command';
import { startDownload } from '../../ui/download';

export const EXPORT_TITLE = 'Exporting VM';
export const IMPORT_TITLE = 'Importing VM';

export const EXPORT_COMMAND: Command & { method: string; title: string } = {
  id: 'vm.export',
  label: 'Export…',
  method: 'VM.export',
  title: EXPORT_TITLE,
  canExecute(selection, store) {
    if (selection.length !== 1 || selection[0].cls !== 'vm') return false;
    return allows(record(store, selection[0].connectionId, 'vm', selection[0].ref), 'export');
  },
  disabledReason: (selection, store) => vmSelectionRefusal(selection, store, ['export'], { single: true }),
  async execute(selection, bridge, store): Promise<CommandOutcome[]> {
    const target = selection[0];
    const rec = store ? record(store, target.connectionId, 'vm', target.ref) : undefined;
    const name = typeof rec?.name_label === 'string' ? rec.name_label : undefined;
    try {
      const started = await bridge.request('vm.export', { connectionId: target.connectionId, vmRef: target.ref });
      if (!started.handledByMain) {
        if (!bridge.transferUrl) throw new BridgeError({ code: 'TRANSFER_UNAVAILABLE', params: [], message: 'This window cannot download files.' });
        startDownload(bridge.transferUrl(started.transferId));
      }
      return [{ target, title: EXPORT_TITLE, vm: name, taskRef: started.taskRef }];
    } catch (error) {
      if (error instanceof BridgeError && error.code === 'TRANSFER_CANCELLED') return [];
      return [{ target, title: EXPORT_TITLE, vm: name, error }];
    }
  },
};

/**
 * Import: vm.import, then (browser host) the file's bytes with PUT; the body is the File itself,
 * so the browser sends its Content-Length. Resolves with the task ref and, when the upload
 * answered, the new VM refs. Rejects with a BridgeError (code + params) on failure.
 */
export async function importVmFile(
  bridge: Bridge, connectionId: string, srRef: string, file: File | null,
  onStarted?: (taskRef: string) => void,
  /** A file opened from the desktop: main holds it, this names it. */
  fileToken?: string,
): Promise<{ taskRef: string; vmRefs?: string[]; cancelled?: boolean }> {
  let started;
  try {
    started = await bridge.request('vm.import', { connectionId, srRef, fileName: file?.name ?? '', size: file?.size ?? 0, ...(fileToken ? { fileToken } : {}) });
  } catch (e) {
    if (e instanceof BridgeError && e.code === 'TRANSFER_CANCELLED') return { taskRef: '', cancelled: true };
    throw e;
  }
  onStarted?.(started.taskRef);
  if (started.handledByMain) return { taskRef: started.taskRef };
  if (!bridge.transferUrl || !file) throw new BridgeError({ code: 'TRANSFER_UNAVAILABLE', params: [], message: 'Choose a file to import.' });
  let res: Response;
  try {
    res = await fetch(bridge.transferUrl(started.transferId), { method: 'PUT', body: file, headers: { 'Content-Type': 'application/octet-stream' } });
  } catch (e) {
    throw new BridgeError({ code: 'TRANSFER_FAILED', params: [String((e as Error)?.message ?? e)], message: 'The upload to the application host failed.' });
  }
  const body = (await res.json().catch(() => null)) as { vmRefs?: unknown; error?: { code?: unknown; params?: unknown; message?: unknown } } | null;
  if (!res.ok || !body || body.error) {
    const err = body?.error;
    throw new BridgeError({
      code: typeof err?.code === 'string' ? err.code : 'HTTP_ERROR',
      params: Array.isArray(err?.params) ? err.params.map(String) : [String(res.status)],
      message: typeof err?.message === 'string' ? err.message : `The upload failed (HTTP ${res.status}).`,
    });
  }
  return { taskRef: started.taskRef, vmRefs: Array.isArray(body.vmRefs) ? body.vmRefs.map(String) : [] };
}
