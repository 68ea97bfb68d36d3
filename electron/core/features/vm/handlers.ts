// VM lifecycle: Take Snapshot, Copy VM, Delete VM/snapshot/template, Convert to Template (vm/vm-lifecycle.ts) and New VM
// (new-vm/create-vm.ts), each one task the renderer follows.
import type { VmRequests } from '../../../../shared/ipc/areas/vm';
import { startConvertToTemplate, startCopy, startDelete, startSnapshot } from './vm-lifecycle';
import { startCreateVm } from './create-vm';
import { assertMacsFree } from '../../cache/mac-in-use';
import type { HandlerSlice } from '../context';

export const VM_HANDLERS: HandlerSlice<VmRequests> = {
  'vm.snapshot': async ({ connectionId, ...a }, ctx) => startSnapshot(ctx.get(connectionId), a, (m) => ctx.log(m)),
  'vm.copy': async ({ connectionId, ...a }, ctx) => startCopy(ctx.get(connectionId), a, (m) => ctx.log(m)),
  'vm.delete': async ({ connectionId, ...a }, ctx) => startDelete(ctx.get(connectionId), a, (m) => ctx.log(m)),
  'vm.convertToTemplate': async ({ connectionId, vmRef }, ctx) => startConvertToTemplate(ctx.get(connectionId), vmRef, (m) => ctx.log(m)),
  'vm.create': async (spec, ctx) => {
    const conn = ctx.get(spec.connectionId);
    await conn.cache.whenComplete();
    assertMacsFree(conn.cache, spec.vifs.map((v) => v.mac));
    const { taskRef, done } = await startCreateVm(conn, spec);
    void done.catch((e: unknown) => ctx.log(`New VM '${spec.name}' failed: ${(e as Error).message}`));
    return { taskRef };
  },
};
