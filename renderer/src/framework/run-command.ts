import type { StoreApi } from 'zustand/vanilla';
import type { Bridge } from '../bridge/types';
import { toErrorInfo } from '../bridge/types';
import type { AppState } from '../state/store';
import { errorText } from '../xapi-model/errors';
import { commandState } from './availability';
import { ALL_SERVERS_COMMANDS, SERVER_COMMANDS } from '../features/servers/commands';
import type { Command, Selection, ServerDialogRequest } from './command';
import { VM_COMMANDS } from '../features/vm-power/commands';
import { MIGRATE_COMMAND } from '../features/migrate/commands';
import { EXPORT_COMMAND } from '../features/transfer/commands';
import { POOL_COMMANDS } from '../features/ha/commands';
import { MEMBERSHIP_COMMANDS } from '../features/pool-membership/commands';
import { OPERATIONS_COMMAND } from '../features/operations/command';
import { NEW_VM_COMMAND } from '../features/new-vm/command';
import { HOST_COMMANDS } from '../features/host-maintenance/commands';
import { COPY_VM_COMMAND, DELETE_VM_COMMAND, SNAPSHOT_COMMANDS, TAKE_SNAPSHOT_COMMAND } from '../features/vm-lifecycle/commands';

export * from './command';
export { CONFIRMATIONS, confirmationQuestion, type ConfirmationQuestion, type ConfirmationSpec } from './confirmation';
export { commandState, notConnectedReason, serverName, type CommandState } from './availability';
export { VM_COMMANDS } from '../features/vm-power/commands';
export { SERVER_COMMANDS, ALL_SERVERS_COMMANDS } from '../features/servers/commands';
export { EXPORT_COMMAND, importVmFile } from '../features/transfer/commands';
export { MIGRATE_COMMAND, MIGRATE_TITLE, migrateDestinations, migrateHosts, migrateVm } from '../features/migrate/commands';
export { ENABLE_HA, DISABLE_HA, POOL_COMMANDS, heartbeatSrs, enableHa } from '../features/ha/commands';
export { ADD_TO_POOL, REMOVE_FROM_POOL, MEMBERSHIP_COMMANDS } from '../features/pool-membership/commands';
export { OPERATIONS_COMMAND } from '../features/operations/command';
export { NEW_VM_COMMAND } from '../features/new-vm/command';
export { HOST_COMMANDS, ENTER_MAINTENANCE, EXIT_MAINTENANCE, REBOOT_HOST, SHUTDOWN_HOST, POWER_ON_HOST, RESTART_TOOLSTACK } from '../features/host-maintenance/commands';
export {
  TAKE_SNAPSHOT_COMMAND, COPY_VM_COMMAND, DELETE_VM_COMMAND, REVERT_SNAPSHOT_COMMAND, DELETE_SNAPSHOT_COMMAND, LIFECYCLE_COMMANDS,
  NEW_VM_FROM_SNAPSHOT_COMMAND, SNAPSHOT_COMMANDS,
  takeSnapshot, copyVm, deleteVm, SNAPSHOT_TITLE, type SnapshotMode,
} from '../features/vm-lifecycle/commands';
export {
  snapshotRows, vmDisks, copyTargets, copyName, snapshotName, isPlainVm, newVmFromSnapshotProblem,
  type SnapshotRow, type DiskRow, type CopyTarget,
} from '../features/vm-lifecycle/model';

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

/**
 * Runs a command and records what it started: task titles for the Events panel, and a failed
 * row plus an alert message for every request that was rejected.
 */
export async function runCommand(
  cmd: Command, selection: Selection, bridge: Bridge, store: StoreApi<AppState>, alert: (msg: string) => void,
  openDialog?: (d: ServerDialogRequest) => void,
): Promise<void> {
  const state = store.getState();
  const can = commandState(cmd, selection, state);
  // Reached from a dialog opened before things changed (its server lost, say): say why nothing happens.
  if (!can.enabled) { if (can.reason) alert(`${cmd.label.replace(/…$/, '')} cannot run: ${can.reason}`); return; }
  const dialog = openDialog && cmd.interact ? cmd.interact(selection, state) : null;
  if (dialog && openDialog) { openDialog(dialog); return; }
  let outcomes;
  try {
    outcomes = await cmd.execute(selection, bridge, state);
  } catch (err) {
    alert(`${cmd.label} failed: ${errorText(toErrorInfo(err))}`);
    return;
  }
  for (const o of outcomes) {
    // Main has no password for this server: ask for it (Reconnect's password prompt).
    if (o.error && openDialog && toErrorInfo(o.error).code === 'PASSWORD_NEEDED' && o.target.connectionId) {
      openDialog({ kind: 'password', connectionIds: [o.target.connectionId] });
      continue;
    }
    if (o.taskRef) store.getState().noteOwnTask(o.target.connectionId, o.taskRef, { title: o.title, vm: o.vm });
    else if (o.error) {
      const info = toErrorInfo(o.error);
      store.getState().noteFailedRequest(o.target.connectionId, { title: o.title, vm: o.vm }, info);
      alert(`${o.title}${o.vm ? ` '${o.vm}'` : ''} failed: ${errorText(info)}`);
    }
  }
}
