// VM > Migrate to Server…: Async.VM.pool_migrate(vm, host, {}) to another live, enabled host of
// the VM's pool (SEMANTICS.md 2.6). Enabled exactly when the VM's allowed_operations contain
// pool_migrate (the server's rules); the dialog lists the hosts it can go to.
import { getRecord, type AppState } from '../store/store';
import type { Bridge } from '../bridge/types';
import type { Command, CommandOutcome, Selection, SelectedObject } from './types';

type StoreView = Pick<AppState, 'objects' | 'connections'>;

export const MIGRATE_TITLE = 'Migrating VM';

export interface MigrateHost { ref: string; name: string }

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** The hosts a VM can be migrated to: the pool's other hosts that are live and enabled, by name. */
export function migrateHosts(store: StoreView, vm: SelectedObject): MigrateHost[] {
  const rec = getRecord(store, vm.connectionId, 'vm', vm.ref);
  if (!rec) return [];
  const own = str(rec.resident_on);
  const hosts = store.objects.get(vm.connectionId)?.get('host');
  const out: MigrateHost[] = [];
  for (const [ref, h] of hosts?.entries() ?? []) {
    if (ref === own || h.enabled !== true) continue;
    if (getRecord(store, vm.connectionId, 'host_metrics', h.metrics)?.live !== true) continue;
    out.push({ ref, name: str(h.name_label) || ref });
  }
  return out.sort((a, b) => a.name.localeCompare(b.name, undefined, { numeric: true }));
}

/** Starts Async.VM.pool_migrate(vm, host, {}); the outcome carries the task for the Events panel. */
export async function migrateVm(bridge: Bridge, target: SelectedObject, hostRef: string, store?: StoreView): Promise<CommandOutcome> {
  const rec = store ? getRecord(store, target.connectionId, 'vm', target.ref) : undefined;
  const name = typeof rec?.name_label === 'string' ? rec.name_label : undefined;
  try {
    const { taskRef } = await bridge.request('xapi.callAsync', {
      connectionId: target.connectionId, method: 'VM.pool_migrate', args: [target.ref, hostRef, {}],
    });
    return { target, title: MIGRATE_TITLE, vm: name, taskRef };
  } catch (error) {
    return { target, title: MIGRATE_TITLE, vm: name, error };
  }
}

export const MIGRATE_COMMAND: Command & { method: string; title: string } = {
  id: 'vm.migrate',
  label: 'Migrate to Server…',
  method: 'VM.pool_migrate',
  title: MIGRATE_TITLE,
  dialog: 'migrateVm',
  canExecute(selection: Selection, store: StoreView) {
    if (selection.length !== 1 || selection[0].cls !== 'vm') return false;
    const ops = getRecord(store, selection[0].connectionId, 'vm', selection[0].ref)?.allowed_operations;
    return Array.isArray(ops) && ops.includes('pool_migrate');
  },
  // The menus open the "Migrate VM" dialog; without it (tests) the first host it can go to is used.
  async execute(selection, bridge, store): Promise<CommandOutcome[]> {
    const target = selection[0];
    const host = store ? migrateHosts(store, target)[0] : undefined;
    if (!host) return [{ target, title: MIGRATE_TITLE, error: { code: 'NO_HOSTS_AVAILABLE', params: [], message: 'There is no other live, enabled host to migrate to.' } }];
    return [await migrateVm(bridge, target, host.ref, store)];
  },
};
