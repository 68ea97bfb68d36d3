// A VM's life beyond power: Take Snapshot…, Copy VM…, Delete VM…, and a snapshot's New VM from Snapshot…,
// Revert To… and Delete Snapshot…, with the Snapshots tab.
import { at, type Feature } from '../../framework/feature';
import { COPY_VM_COMMAND, DELETE_VM_COMMAND, SNAPSHOT_COMMANDS, TAKE_SNAPSHOT_COMMAND } from './commands';
import { CopyVmDialog } from './CopyVmDialog';
import { DeleteVmDialog } from './DeleteVmDialog';
import { DeleteVmsDialog } from './DeleteVmsDialog';
import { DeleteSnapshotDialog, RevertSnapshotDialog } from './SnapshotDialogs';
import { TakeSnapshotDialog } from './TakeSnapshotDialog';
import { SnapshotsTab } from './SnapshotsTab';

export const vmLifecycleFeature: Feature = {
  id: 'vm-lifecycle',
  commands: [
    { entry: TAKE_SNAPSHOT_COMMAND, places: [at('menu:vm', 30), at('context:vm', 30)] },
    { entry: COPY_VM_COMMAND, places: [at('menu:vm', 30), at('context:vm', 30)] },
    ...SNAPSHOT_COMMANDS.map((entry) => ({ entry, places: [at('menu:vm', 40), at('context:snapshot', 10)] })),
    { entry: DELETE_VM_COMMAND, places: [at('menu:vm', 60), at('context:vm', 50)] },
  ],
  dialogs: [
    { kind: 'takeSnapshot', component: TakeSnapshotDialog },
    { kind: 'copyVm', component: CopyVmDialog },
    { kind: 'deleteVm', component: DeleteVmDialog },
    { kind: 'deleteVms', component: DeleteVmsDialog },
    { kind: 'revertSnapshot', component: RevertSnapshotDialog },
    { kind: 'deleteSnapshot', component: DeleteSnapshotDialog },
  ],
  tabs: [{ tab: { id: 'snapshots', title: 'Snapshots', component: SnapshotsTab }, kinds: ['vm'], order: 50 }],
};
