// Take Snapshot…, Copy VM…, Delete VM… (VM menu, context menu), and a snapshot's Revert To…, Delete
// Snapshot… and New VM from Snapshot… (its tree node's menus, the Snapshots tab). Each is enabled from the server's allowed_operations and is one bridge request:
// vm.snapshot / vm.copy / vm.delete (main makes the follow-up calls: the new VM's description, the
// disks after VM.destroy) or Async VM.revert. The menus open each command's dialog; execute without
// it (tests, scripts) uses the dialog's defaults.
import type { Bridge } from '../../bridge/types';
import type { StoreView } from '../../state/store';
import { str } from '../../xapi-model/format';
import type { Command, CommandOutcome, Selection, SelectedObject } from '../../framework/command';
import { requestOutcome } from '../../framework/outcome';
import { vmSelectionRefusal } from '../../xapi-model/refusal';
import { allows, isPlainVm, isSnapshot } from '../../xapi-model/predicates';
import { record, type XRec } from '../../xapi-model/records';
import { copyName, copyTargets, snapshotName, vmDisks } from './model';

export const SNAPSHOT_TITLE = 'Taking snapshot';
export const COPY_TITLE = 'Copying VM';
export const DELETE_VM_TITLE = 'Deleting VM';
export const REVERT_TITLE = 'Reverting to snapshot';
export const DELETE_SNAPSHOT_TITLE = 'Deleting snapshot';

export type SnapshotMode = 'snapshot' | 'checkpoint' | 'quiesce';

function single(selection: Selection, store: StoreView): XRec<'vm'> | undefined {
  if (selection.length !== 1 || selection[0].cls !== 'vm') return undefined;
  return record(store, selection[0].connectionId, 'vm', selection[0].ref);
}

const nameOf = (store: StoreView | undefined, t: SelectedObject): string | undefined => {
  const n = store ? str(record(store, t.connectionId, 'vm', t.ref)?.name_label) : '';
  return n || undefined;
};

export function takeSnapshot(bridge: Bridge, target: SelectedObject, choice: { name: string; description: string; mode: SnapshotMode }, store?: StoreView): Promise<CommandOutcome> {
  return requestOutcome(target, SNAPSHOT_TITLE, nameOf(store, target), () => bridge.request('vm.snapshot', { connectionId: target.connectionId, vmRef: target.ref, ...choice }));
}

/** srRef absent: fast clone (VM.clone); else full copy to that SR (VM.copy). */
export function copyVm(bridge: Bridge, target: SelectedObject, choice: { name: string; description: string; srRef?: string }, store?: StoreView): Promise<CommandOutcome> {
  return requestOutcome(target, COPY_TITLE, nameOf(store, target), () => bridge.request('vm.copy', {
    connectionId: target.connectionId, vmRef: target.ref, name: choice.name, description: choice.description,
    ...(choice.srRef ? { srRef: choice.srRef } : {}),
  }));
}

export function deleteVm(bridge: Bridge, target: SelectedObject, choice: { vdiRefs: string[]; snapshotRefs: string[] }, store?: StoreView): Promise<CommandOutcome> {
  return requestOutcome(target, DELETE_VM_TITLE, nameOf(store, target), () => bridge.request('vm.delete', { connectionId: target.connectionId, vmRef: target.ref, ...choice }));
}

export const TAKE_SNAPSHOT_COMMAND: Command = {
  id: 'vm.takeSnapshot',
  methods: ['VM.snapshot'],
  label: 'Take Snapshot…',
  dialog: 'takeSnapshot',
  canExecute(selection, store) {
    const vm = single(selection, store);
    return isPlainVm(vm) && (allows(vm, 'snapshot') || allows(vm, 'checkpoint'));
  },
  disabledReason: (selection, store) => vmSelectionRefusal(selection, store, ['snapshot', 'checkpoint'], { single: true }),
  async execute(selection, bridge, store) {
    const t = selection[0];
    const mode: SnapshotMode = store && allows(single(selection, store), 'snapshot') ? 'snapshot' : 'checkpoint';
    return [await takeSnapshot(bridge, t, { name: snapshotName(nameOf(store, t) ?? 'VM', new Date()), description: '', mode }, store)];
  },
};

export const COPY_VM_COMMAND: Command = {
  id: 'vm.copy',
  methods: ['VM.clone'],
  label: 'Copy VM…',
  dialog: 'copyVm',
  canExecute(selection, store) {
    const vm = single(selection, store);
    return isPlainVm(vm) && (allows(vm, 'clone') || allows(vm, 'copy'));
  },
  disabledReason: (selection, store) => vmSelectionRefusal(selection, store, ['clone', 'copy'], { single: true }),
  async execute(selection, bridge, store) {
    const t = selection[0];
    const name = store ? copyName(store, t.connectionId, t.ref) : 'Copy';
    const fast = !store || allows(single(selection, store), 'clone');
    const srRef = fast || !store ? undefined : copyTargets(store, t.connectionId, t.ref).find((s) => s.enoughSpace)?.ref;
    return [await copyVm(bridge, t, { name, description: '', srRef }, store)];
  },
};

export const DELETE_VM_COMMAND: Command = {
  id: 'vm.delete',
  methods: ['VM.destroy'],
  label: 'Delete VM…',
  dialog: 'deleteVm',
  multiDialog: 'deleteVms',
  canExecute(selection, store) {
    const vm = single(selection, store);
    return isPlainVm(vm) && allows(vm, 'destroy');
  },
  disabledReason: (selection, store) => vmSelectionRefusal(selection, store, ['destroy'], { single: true }),
  async execute(selection, bridge, store) {
    const t = selection[0];
    const vdiRefs = store ? vmDisks(store, t.connectionId, t.ref).filter((d) => d.deleteByDefault).map((d) => d.vdiRef) : [];
    return [await deleteVm(bridge, t, { vdiRefs, snapshotRefs: [] }, store)];
  },
};

/** A snapshot's own commands: `op` in its allowed_operations. */
function snapshotAllows(selection: Selection, store: StoreView, op: 'revert' | 'destroy'): boolean {
  const s = single(selection, store);
  return isSnapshot(s) && allows(s, op);
}

/** Reverts the VM to the snapshot (the menus and the Snapshots tab ask first: dialog revertSnapshot). */
export const REVERT_SNAPSHOT_COMMAND: Command = {
  id: 'snapshot.revert',
  methods: ['VM.revert'],
  label: 'Revert To…',
  dialog: 'revertSnapshot',
  canExecute: (selection, store) => snapshotAllows(selection, store, 'revert'),
  disabledReason: (selection, store) => vmSelectionRefusal(selection, store, ['revert'], { single: true, snapshot: true }),
  async execute(selection, bridge, store) {
    const t = selection[0];
    return [await requestOutcome(t, REVERT_TITLE, nameOf(store, t), () => bridge.request('xapi.callAsync', { connectionId: t.connectionId, method: 'VM.revert', args: [t.ref] }))];
  },
};

/** Deletes the snapshot record and all its disks (and its suspend VDI, main adds it); asked first (deleteSnapshot). */
export const DELETE_SNAPSHOT_COMMAND: Command = {
  id: 'snapshot.delete',
  methods: ['VM.destroy'],
  label: 'Delete Snapshot…',
  dialog: 'deleteSnapshot',
  canExecute: (selection, store) => snapshotAllows(selection, store, 'destroy'),
  disabledReason: (selection, store) => vmSelectionRefusal(selection, store, ['destroy'], { single: true, snapshot: true }),
  async execute(selection, bridge, store) {
    const t = selection[0];
    const vdiRefs = store ? vmDisks(store, t.connectionId, t.ref).map((d) => d.vdiRef) : [];
    return [await requestOutcome(t, DELETE_SNAPSHOT_TITLE, nameOf(store, t), () => bridge.request('vm.delete', { connectionId: t.connectionId, vmRef: t.ref, vdiRefs, snapshotRefs: [] }))];
  },
};

/** The snapshot commands of the tree's context menu and the VM menu, in XenCenter's order, after New VM from
 * Snapshot… (the New VM feature's). */
export const SNAPSHOT_COMMANDS: Command[] = [REVERT_SNAPSHOT_COMMAND, DELETE_SNAPSHOT_COMMAND];

export const LIFECYCLE_COMMANDS: Command[] = [TAKE_SNAPSHOT_COMMAND, COPY_VM_COMMAND, DELETE_VM_COMMAND];
