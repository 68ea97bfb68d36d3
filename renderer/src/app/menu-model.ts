// The tree's context menu and the commands offered for a selection.
import type { AppState } from '../state/store';
import type { Command, Selection } from '../framework/command';
import { ALL_SERVERS_COMMANDS, SERVER_COMMANDS } from '../features/servers/commands';
import { VM_COMMANDS } from '../features/vm-power/commands';
import { MIGRATE_COMMAND } from '../features/migrate/commands';
import { EXPORT_COMMAND } from '../features/transfer/commands';
import { POOL_COMMANDS } from '../features/ha/commands';
import { MEMBERSHIP_COMMANDS } from '../features/pool-membership/commands';
import { OPERATIONS_COMMAND } from '../features/operations/command';
import { NEW_VM_COMMAND } from '../features/new-vm/command';
import { HOST_COMMANDS } from '../features/host-maintenance/commands';
import { COPY_VM_COMMAND, DELETE_VM_COMMAND, SNAPSHOT_COMMANDS, TAKE_SNAPSHOT_COMMAND } from '../features/vm-lifecycle/commands';

/** A server node's context menu: its own commands, then the all-servers ones. */
export const SERVER_MENU: Command[] = [...SERVER_COMMANDS, ...ALL_SERVERS_COMMANDS];

/**
 * The tree's context menu, in groups (separated when shown): VMs get the power commands, Migrate
 * to Server…, Export…; pools HA first; server nodes their connection commands, pool membership,
 * then the all-servers ones.
 */
export function contextMenuGroups(selection: Selection, store?: Pick<AppState, 'objects'>): Command[][] {
  // Any single object: the reference's operations on it, last.
  const operations = selection.length === 1 ? [[OPERATIONS_COMMAND]] : [];
  // A snapshot (View > Show Snapshots): its own commands, as XenCenter's SingleSnapshot menu.
  if (store && isSnapshotSelection(selection, store)) return [SNAPSHOT_COMMANDS, ...operations];
  const base = commandsFor(selection);
  if (base === VM_COMMANDS) return [VM_COMMANDS, [MIGRATE_COMMAND], [TAKE_SNAPSHOT_COMMAND, COPY_VM_COMMAND], [EXPORT_COMMAND], [DELETE_VM_COMMAND], ...operations];
  if (base !== SERVER_MENU) return operations;
  const isPool = selection.every((s) => s.cls === 'pool');
  // A host: maintenance mode, power and toolstack after pool membership.
  const isHost = selection.every((s) => s.cls === 'host');
  // New VM… first, as in XenCenter's pool and server menus.
  return [[NEW_VM_COMMAND], ...(isPool ? [POOL_COMMANDS] : []), SERVER_COMMANDS, MEMBERSHIP_COMMANDS, ...(isHost ? [HOST_COMMANDS] : []), ALL_SERVERS_COMMANDS, ...operations];
}

/** One selected snapshot (a VM record with is_a_snapshot). */
export function isSnapshotSelection(selection: Selection, store: Pick<AppState, 'objects'>): boolean {
  if (selection.length !== 1 || selection[0].cls !== 'vm') return false;
  return store.objects.get(selection[0].connectionId)?.get('vm')?.get(selection[0].ref)?.is_a_snapshot === true;
}

/** Commands offered for a selection (menus): VM commands for VMs, server commands for pools/hosts/connections. */
export function commandsFor(selection: Selection): Command[] {
  if (selection.length === 0) return [];
  if (selection.every((s) => s.cls === 'vm')) return VM_COMMANDS;
  if (selection.every((s) => s.cls === 'connection' || s.cls === 'pool' || s.cls === 'host')) return SERVER_MENU;
  return [];
}

