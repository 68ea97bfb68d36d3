// Dragging VMs onto a server of their pool migrates them there (XenCenter's drag and drop): the same
// rules as Migrate to Server… judged while dragging (pool-migrate-rules.ts: the VM allows pool_migrate,
// is not already there, the server is live and not in maintenance; and the role may call VM.pool_migrate), so a
// refused drop names its reason before the mouse is released. Each VM is one Async.VM.pool_migrate
// task; what the server still refuses shows in the Events panel in words and code.
import type { StoreView } from '../../state/store';
import type { Selection } from '../../framework/command';
import type { DropSpec, DropTarget, DropVerdict } from '../../framework/drop';
import { notConnectedReason, privilegeReason } from '../../framework/availability';
import { MIGRATE_COMMAND, migrateVm } from './commands';
import { poolMigrateRefusal, vmName } from './pool-migrate-rules';

function judgeMigrate(dragged: Selection, target: DropTarget, store: StoreView): DropVerdict | undefined {
  if (target.kind !== 'host' || !dragged.some((s) => s.cls === 'vm')) return undefined;
  const host = target.name || 'this server';
  if (!dragged.every((s) => s.cls === 'vm')) return { ok: false, reason: 'Only VMs can be dropped on a server' };
  const down = notConnectedReason([...dragged, target], store);
  if (down) return { ok: false, reason: down };
  if (store.loading?.has(target.connectionId)) return { ok: false, reason: 'Still loading the objects of this pool' };
  const denied = privilegeReason(MIGRATE_COMMAND, dragged, store);
  if (denied) return { ok: false, reason: denied };
  for (const vm of dragged) {
    const why = poolMigrateRefusal(store, vm, target, host);
    if (why) return { ok: false, reason: why };
  }
  const what = dragged.length === 1 ? `'${vmName(store, dragged[0])}'` : `${dragged.length} VMs`;
  return { ok: true, label: `Migrate ${what} to ${host}` };
}

export const MIGRATE_DROP: DropSpec = {
  judge: judgeMigrate,
  drop: (dragged, target, bridge, store) => Promise.all(dragged.map((vm) => migrateVm(bridge, vm, target.ref, store))),
};
