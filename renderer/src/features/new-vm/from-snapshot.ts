// New VM from Snapshot… (on a snapshot's node and the VM menu): the New VM wizard with the snapshot as
// its template.
import type { Command, Selection } from '../../framework/command';
import type { ObjectsView } from '../../state/store';
import { allows, isSnapshot } from '../../xapi-model/predicates';
import { record, type XRec } from '../../xapi-model/records';

function single(selection: Selection, store: ObjectsView): XRec<'vm'> | undefined {
  if (selection.length !== 1 || selection[0].cls !== 'vm') return undefined;
  return record(store, selection[0].connectionId, 'vm', selection[0].ref);
}

/**
 * New VM from Snapshot… (XenCenter's NewVMFromSnapshotCommand): the New VM wizard with the snapshot
 * as its template; Finish clones (or copies) the snapshot, provisions and sets up the new VM.
 */
export const NEW_VM_FROM_SNAPSHOT_COMMAND: Command = {
  id: 'snapshot.newVm',
  methods: ['VM.clone', 'VM.provision'],
  label: 'New VM from Snapshot…',
  dialog: 'newVm',
  canExecute: (selection, store) => newVmFromSnapshotProblem(single(selection, store)) === undefined,
  disabledReason: (selection, store) => newVmFromSnapshotProblem(single(selection, store)),
  // The menus open the wizard; there is nothing to run without its choices.
  async execute(selection) {
    return [{ target: selection[0], title: 'New VM', error: { code: 'NEEDS_WIZARD', params: [], message: 'New VM from Snapshot needs the wizard' } }];
  },
};

/**
 * Why New VM from Snapshot cannot start from this record (undefined: it can). The new VM is a clone
 * or copy of the snapshot, provisioned; VM.provision runs only on a halted template, and a clone of a
 * snapshot with memory is suspended, so XAPI refuses it (VM_BAD_POWER_STATE): say so up front.
 */
export function newVmFromSnapshotProblem(rec: XRec<'vm'> | undefined): string | undefined {
  if (!rec || !isSnapshot(rec)) return 'Select one snapshot';
  if (rec.power_state === 'Suspended') return 'This snapshot holds the VM\'s memory too: a new VM can only be made from a disk-only snapshot';
  if (!allows(rec, 'clone') && !allows(rec, 'copy')) return 'The server does not allow this snapshot to be cloned or copied now';
  return undefined;
}
