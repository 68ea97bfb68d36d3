// Dragging VMs onto a server of their pool migrates them there (XenCenter's drag and drop): the same
// rules as Migrate to Server… judged while dragging (the server allows pool_migrate, the VM is not
// already there, the server is live and not in maintenance, the role may call VM.pool_migrate), so a
// refused drop names its reason before the mouse is released. Each VM is one Async.VM.pool_migrate
// task; what the server still refuses shows in the Events panel in words and code.
import type { StoreView } from '../../state/store';
import type { Selection } from '../../framework/command';
import type { DropSpec, DropTarget, DropVerdict } from '../../framework/drop';
import { notConnectedReason, privilegeReason } from '../../framework/availability';
import { vmRefusal } from '../../xapi-model/refusal';
import { allows } from '../../xapi-model/predicates';
import { record } from '../../xapi-model/records';
import { str } from '../../xapi-model/format';
import { MIGRATE_COMMAND, migrateHosts, migrateVm } from './commands';

const vmName = (store: StoreView, connectionId: string, ref: string): string => str(record(store, connectionId, 'vm', ref)?.name_label) || 'The VM';

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
    const name = `'${vmName(store, vm.connectionId, vm.ref)}'`;
    const rec = record(store, vm.connectionId, 'vm', vm.ref);
    if (vm.connectionId !== target.connectionId) return { ok: false, reason: `${name} is in another pool: use Migrate to Server… to move it between pools` };
    if (rec?.is_a_template === true) return { ok: false, reason: `${name} is a template or snapshot; only VMs are migrated` };
    if (rec?.resident_on === target.ref) return { ok: false, reason: `${name} is already on ${host}` };
    if (!allows(rec, 'pool_migrate')) return { ok: false, reason: vmRefusal(store, vm.connectionId, vm.ref, ['pool_migrate']) ?? `${name} cannot be migrated now` };
    if (!migrateHosts(store, vm).some((h) => h.ref === target.ref)) return { ok: false, reason: `${host} cannot take VMs now: it is not live, or it is in maintenance mode` };
  }
  const what = dragged.length === 1 ? `'${vmName(store, dragged[0].connectionId, dragged[0].ref)}'` : `${dragged.length} VMs`;
  return { ok: true, label: `Migrate ${what} to ${host}` };
}

export const MIGRATE_DROP: DropSpec = {
  judge: judgeMigrate,
  drop: (dragged, target, bridge, store) => Promise.all(dragged.map((vm) => migrateVm(bridge, vm, target.ref, store))),
};
