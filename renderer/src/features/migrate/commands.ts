// VM > Migrate to Server…: Async.VM.pool_migrate(vm, host, {}) to another live, enabled host of
// the VM's pool (SEMANTICS.md 2.6), or VM.migrate_send to a host of another connected pool
// (cross-pool.ts). Enabled when the VM's allowed_operations contain pool_migrate, or contain
// migrate_send and another connected pool has a host to go to (the server's rules); the dialog
// lists the hosts, grouped by pool. Several VMs of one pool: the Migrate VMs dialog
// (MigrateVmsDialog.tsx), one pool_migrate per VM the chosen server can take.
import type { StoreView } from '../../state/store';
import type { Bridge } from '../../bridge/types';
import type { Command, CommandOutcome, Selection, SelectedObject } from '../../framework/command';
import { requestOutcome } from '../../framework/outcome';
import type { VmOperations } from '../../../../shared/xapi/types.generated';
import { vmSelectionRefusal } from '../../xapi-model/refusal';
import { allows } from '../../xapi-model/predicates';
import { record } from '../../xapi-model/records';
import { otherPoolHosts, poolDisplayName, type PoolHosts } from './cross-pool';

export const MIGRATE_TITLE = 'Migrating VM';

export interface MigrateHost { ref: string; name: string }

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** The hosts a VM can be migrated to: the pool's other hosts that are live and enabled, by name. */
export function migrateHosts(store: StoreView, vm: SelectedObject): MigrateHost[] {
  const rec = record(store, vm.connectionId, 'vm', vm.ref);
  if (!rec) return [];
  const own = str(rec.resident_on);
  const hosts = store.objects.get(vm.connectionId)?.get('host');
  const out: MigrateHost[] = [];
  for (const [ref, h] of hosts?.entries() ?? []) {
    if (ref === own || h.enabled !== true) continue;
    if (record(store, vm.connectionId, 'host_metrics', h.metrics)?.live !== true) continue;
    out.push({ ref, name: str(h.name_label) || ref });
  }
  return out.sort((a, b) => a.name.localeCompare(b.name, undefined, { numeric: true }));
}

function vmAllows(store: StoreView, vm: SelectedObject, op: VmOperations): boolean {
  return allows(record(store, vm.connectionId, 'vm', vm.ref), op);
}

/**
 * Where the dialog offers to send the VM, one group per pool: its own pool's other hosts first
 * (when the server allows pool_migrate), then the hosts of other connected pools (migrate_send).
 */
export function migrateDestinations(store: StoreView, vm: SelectedObject): Array<PoolHosts & { crossPool: boolean }> {
  const out: Array<PoolHosts & { crossPool: boolean }> = [];
  if (vmAllows(store, vm, 'pool_migrate')) {
    out.push({ connectionId: vm.connectionId, poolName: poolDisplayName(store, vm.connectionId), hosts: migrateHosts(store, vm), crossPool: false });
  }
  if (vmAllows(store, vm, 'migrate_send')) for (const g of otherPoolHosts(store, vm)) out.push({ ...g, crossPool: true });
  return out;
}

/** Starts Async.VM.pool_migrate(vm, host, {}); the outcome carries the task for the Events panel. */
export function migrateVm(bridge: Bridge, target: SelectedObject, hostRef: string, store?: StoreView): Promise<CommandOutcome> {
  const rec = store ? record(store, target.connectionId, 'vm', target.ref) : undefined;
  const name = typeof rec?.name_label === 'string' ? rec.name_label : undefined;
  return requestOutcome(target, MIGRATE_TITLE, name, () => bridge.request('xapi.callAsync', {
    connectionId: target.connectionId, method: 'VM.pool_migrate', args: [target.ref, hostRef, {}],
  }));
}

export const MIGRATE_COMMAND: Command & { method: string; title: string } = {
  id: 'vm.migrate',
  methods: ['VM.pool_migrate'],
  label: 'Migrate to Server…',
  method: 'VM.pool_migrate',
  title: MIGRATE_TITLE,
  dialog: 'migrateVm',
  multiDialog: 'migrateVms',
  canExecute(selection: Selection, store: StoreView) {
    if (selection.length !== 1 || selection[0].cls !== 'vm') return false;
    const vm = selection[0];
    return vmAllows(store, vm, 'pool_migrate') || (vmAllows(store, vm, 'migrate_send') && otherPoolHosts(store, vm).length > 0);
  },
  disabledReason(selection, store) {
    // Of several VMs, none can move (the multi dialog opens when one can): the first one's reason.
    const why = vmSelectionRefusal(selection, store, ['pool_migrate', 'migrate_send'], { single: selection.length === 1 });
    // The VM could go to another pool, but no other pool is connected.
    return selection.length === 1 && vmAllows(store, selection[0], 'migrate_send')
      ? 'There is no other server to migrate it to: connect another pool or server' : why;
  },
  // The menus open the "Migrate VM" dialog; without it (tests) the first host of its pool is used.
  async execute(selection, bridge, store): Promise<CommandOutcome[]> {
    const target = selection[0];
    const host = store ? migrateHosts(store, target)[0] : undefined;
    if (!host) return [{ target, title: MIGRATE_TITLE, error: { code: 'NO_HOSTS_AVAILABLE', params: [], message: 'There is no other live, enabled host to migrate to.' } }];
    return [await migrateVm(bridge, target, host.ref, store)];
  },
};
