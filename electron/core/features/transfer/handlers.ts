// VM export and import as XVA files. Electron: main asks for the file (its dialogs) and moves the
// bytes itself. Browser host: a pending transfer the host then streams (transfer/streams.ts).
import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { stat, unlink } from 'node:fs/promises';
import type { TransferRequests } from '../../../../shared/ipc/areas/transfer';
import { createTransferTask, exportVm, importVm } from './transfer';
import { XapiError } from '../../xapi/errors';
import type { HandlerSlice } from '../context';

function transferCancelled(): XapiError {
  return new XapiError('TRANSFER_CANCELLED', [], { message: 'Cancelled' });
}

/** A VM name as a file name: no path separators, control or reserved characters. */
export function safeFileName(name: string): string {
  const out = [...name].map((ch) => (ch.charCodeAt(0) < 32 || '/\\:*?"<>|'.includes(ch) ? '_' : ch)).join('').trim().replace(/^\.+/, '_');
  return (out || 'VM').slice(0, 200);
}

export const TRANSFER_HANDLERS: HandlerSlice<TransferRequests> = {
  'vm.export': async ({ connectionId, vmRef }, ctx) => {
    const c = ctx.get(connectionId);
    const vm = c.cache.get('vm', vmRef);
    if (!vm) throw new XapiError('HANDLE_INVALID', ['VM', vmRef]);
    const name = typeof vm.name_label === 'string' && vm.name_label ? vm.name_label : 'VM';
    const fileName = `${safeFileName(name)}.xva`;
    let path: string | undefined;
    if (ctx.opts.chooseExportFile) {
      path = await ctx.opts.chooseExportFile(fileName);
      if (!path) throw transferCancelled();
    }
    const taskRef = await createTransferTask(c, `Export of ${name}`);
    if (path) {
      const file = path;
      let opened = false;
      void exportVm(c, vmRef, () => { opened = true; return createWriteStream(file); }, { task: taskRef }).catch((e) => {
        ctx.log(`Export of ${name} to ${file} failed: ${(e as Error).message}`);
        if (opened) void unlink(file).catch(() => undefined);
      });
      return { transferId: randomUUID(), taskRef, handledByMain: true };
    }
    return { transferId: ctx.transfers.add({ kind: 'export', connectionId, ref: vmRef, fileName, taskRef }), taskRef, handledByMain: false };
  },
  'vm.import': async ({ connectionId, srRef, fileName, size, fileToken }, ctx) => {
    const c = ctx.get(connectionId);
    if (!c.cache.get('sr', srRef)) throw new XapiError('HANDLE_INVALID', ['SR', srRef]);
    // A file opened from the desktop (a double-clicked .xva): main already holds its checked path.
    const opened = fileToken === undefined ? undefined : ctx.openedFiles.take(fileToken);
    if (fileToken !== undefined && !opened) throw new XapiError('FILE_TOKEN_INVALID', [], { message: 'That file was already imported or is no longer offered: choose it again.' });
    if (opened || ctx.opts.chooseImportFile) {
      const path = opened ?? await ctx.opts.chooseImportFile!();
      if (!path) throw transferCancelled();
      const bytes = (await stat(path)).size;
      const taskRef = await createTransferTask(c, 'Import');
      void importVm(c, srRef, createReadStream(path), bytes, { task: taskRef })
        .catch((e) => ctx.log(`Import of ${path} failed: ${(e as Error).message}`));
      return { transferId: randomUUID(), taskRef, handledByMain: true };
    }
    const taskRef = await createTransferTask(c, 'Import');
    return { transferId: ctx.transfers.add({ kind: 'import', connectionId, ref: srRef, fileName, size, taskRef }), taskRef, handledByMain: false };
  },
  'transfer.openedFiles': async (_args, ctx) => ctx.openedFiles.pending(),
};
