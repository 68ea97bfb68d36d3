// Whether a VM may go to a given server of its own pool, judged from the cache alone (no server
// asked): the rules a drop of VMs on a server judges while dragging (drop.ts), and the ones the
// Migrate VMs dialog applies before it asks each server (multi-migrate.ts). One place, so the two
// ways of migrating several VMs refuse the same things in the same words.
import type { StoreView } from '../../state/store';
import type { SelectedObject } from '../../framework/command';
import { vmRefusal } from '../../xapi-model/refusal';
import { allows } from '../../xapi-model/predicates';
import { record } from '../../xapi-model/records';
import { str } from '../../xapi-model/format';
import { migrateHosts } from './commands';

export const vmName = (store: StoreView, vm: SelectedObject): string => str(record(store, vm.connectionId, 'vm', vm.ref)?.name_label) || 'The VM';

/** Why `vm` cannot be pool-migrated to `host` (named `hostName`), or undefined when the cache sees no reason. */
export function poolMigrateRefusal(store: StoreView, vm: SelectedObject, host: { connectionId: string; ref: string }, hostName: string): string | undefined {
  const name = `'${vmName(store, vm)}'`;
  const rec = record(store, vm.connectionId, 'vm', vm.ref);
  if (vm.connectionId !== host.connectionId) return `${name} is in another pool: use Migrate to Server… to move it between pools`;
  if (rec?.is_a_template === true) return `${name} is a template or snapshot; only VMs are migrated`;
  if (rec?.resident_on === host.ref) return `${name} is already on ${hostName}`;
  if (!allows(rec, 'pool_migrate')) return vmRefusal(store, vm.connectionId, vm.ref, ['pool_migrate']) ?? `${name} cannot be migrated now`;
  if (!migrateHosts(store, vm).some((h) => h.ref === host.ref)) return `${hostName} cannot take VMs now: it is not live, or it is in maintenance mode`;
  return undefined;
}
