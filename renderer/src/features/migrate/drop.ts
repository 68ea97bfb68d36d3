// Dragging VMs onto a server of their pool migrates them there (XenCenter's drag and drop): the same
// rules as Migrate to Server… judged while dragging (pool-migrate-rules.ts: the VM allows pool_migrate,
// is not already there, the server is live and not in maintenance; and the role may call VM.pool_migrate), so a
// refused drop names its reason before the mouse is released. Each VM is one Async.VM.pool_migrate
// task; what the server still refuses shows in the Events panel in words and code.
import type { StoreView } from '../../state/store';
import type { Selection } from '../../framework/command';
import type { DropSpec, DropTarget, DropVerdict } from '../../framework/drop';
import { notConnectedReason, privilegeReason } from '../../framework/availability';
import { useUi } from '../../state/ui';
import { allows } from '../../xapi-model/predicates';
import { record } from '../../xapi-model/records';
import { MIGRATE_COMMAND, migrateVm } from './commands';
import { otherPoolHosts, poolDisplayName } from './cross-pool';
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

/**
 * A VM dragged onto a server of another connected pool (XenCenter's cross-pool drag): Migrate to Server…
 * opens with that server picked, to choose where its disks and interfaces go. One VM at a time, as the
 * dialog asks those for one VM.
 */
function judgeCrossPool(dragged: Selection, target: DropTarget, store: StoreView): DropVerdict | undefined {
  if (target.kind !== 'host' || dragged.length === 0 || !dragged.every((s) => s.cls === 'vm' && s.connectionId !== target.connectionId)) return undefined;
  const down = notConnectedReason([...dragged, target], store);
  if (down) return { ok: false, reason: down };
  if (store.loading?.has(target.connectionId)) return { ok: false, reason: 'Still loading the objects of this pool' };
  if (dragged.length > 1) return { ok: false, reason: 'Drag one VM at a time onto a server of another pool: each is asked where its disks and networks go' };
  const [vm] = dragged;
  const name = `'${vmName(store, vm)}'`;
  const denied = privilegeReason(MIGRATE_COMMAND, [vm, target], store);
  if (denied) return { ok: false, reason: denied };
  if (!allows(record(store, vm.connectionId, 'vm', vm.ref), 'migrate_send')) return { ok: false, reason: `${name} cannot be moved to another pool now` };
  const pool = otherPoolHosts(store, vm).find((g) => g.connectionId === target.connectionId);
  if (!pool) return { ok: false, reason: `${name} cannot be moved to this pool: it is the same pool, reached by another connection` };
  if (!pool.hosts.some((h) => h.ref === target.ref)) return { ok: false, reason: `${target.name || 'This server'} cannot take VMs now: it is down or disabled` };
  return { ok: true, label: `Migrate ${name} to ${target.name} in pool '${poolDisplayName(store, target.connectionId)}'…` };
}

export const CROSS_POOL_DROP: DropSpec = {
  judge: judgeCrossPool,
  // The storage and networks are chosen in the dialog before anything moves.
  drop: async ([vm], target) => {
    useUi.getState().openDialog('migrateVm', vm, { connectionId: target.connectionId, cls: 'host', ref: target.ref });
    return [];
  },
};
