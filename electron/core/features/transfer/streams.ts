// The browser host's half of a transfer set up by vm.export / vm.import: the bytes of
// GET /transfer/<id> (export, or a saved Server Status Report's zip) and PUT /transfer/<id> (import),
// run through AppCore.
import { createReadStream } from 'node:fs';
import { rm, stat } from 'node:fs/promises';
import type { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { endTask, exportVm, importVm } from './transfer';
import { XapiError } from '../../xapi/errors';
import type { CoreContext } from '../context';

function transferNotFound(): XapiError {
  return new XapiError('TRANSFER_NOT_FOUND', [], { message: 'This transfer is unknown, was already used, or expired (transfers must start within 60 s).' });
}

/** Runs the export vm.export set up, into the stream `open` returns once the server accepted. */
export async function streamExport(ctx: CoreContext, transferId: string, open: (info: { fileName: string; size?: number }) => Writable): Promise<void> {
  const report = ctx.transfers.take(transferId, 'status-report');
  if (report?.path) {
    // One download, then the zip (server logs) goes: nothing confidential is left in the temporary folder.
    try {
      const { size } = await stat(report.path);
      await pipeline(createReadStream(report.path), open({ fileName: report.fileName, size }));
    } finally {
      await rm(report.path, { force: true });
    }
    return;
  }
  const t = ctx.transfers.take(transferId, 'export');
  if (!t) throw transferNotFound();
  const c = ctx.get(t.connectionId);
  await exportVm(c, t.ref, (info) => open({ fileName: t.fileName, ...info }), { task: t.taskRef });
}

/** Uploads `size` bytes of `source` as the import vm.import set up (the size announced there). */
export async function streamImport(ctx: CoreContext, transferId: string, source: Readable, size: number): Promise<{ vmRefs: string[] }> {
  const t = ctx.transfers.take(transferId, 'import');
  if (!t) throw transferNotFound();
  const c = ctx.get(t.connectionId);
  if (size !== t.size) {
    void endTask(c, t.taskRef);
    throw new XapiError('IMPORT_ERROR', [`size ${size} is not the announced ${t.size ?? 0}`], { message: `The upload is ${size} bytes, but ${t.size ?? 0} were announced` });
  }
  return importVm(c, t.ref, source, size, { task: t.taskRef });
}
