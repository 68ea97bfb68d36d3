// Revert to Snapshot and Delete Snapshot: the questions asked before a snapshot's Revert To… and
// Delete Snapshot… run, wherever they were chosen (the Snapshots tab, the snapshot's tree node, the
// VM menu). OK closes and runs the command through runCommand (Events panel, errors in words).
import { useId, useState } from 'react';
import { appStore, useApp } from '../../state';
import { useUi } from '../../state/ui';
import { DELETE_SNAPSHOT_COMMAND, REVERT_SNAPSHOT_COMMAND, TAKE_SNAPSHOT_COMMAND } from './commands';
import { type SelectedObject } from '../../framework/command';
import { revertAfterSnapshot } from './revert-after-snapshot';
import { str } from '../../xapi-model/format';
import { Dialog } from '../../ui/Dialog';
import { useRunChoice } from '../../framework/use-run-choice';

function useSnapshotNames(target: SelectedObject): { name: string; vmName: string; vmRef: string; withMemory: boolean } {
  const vmRef = useApp((s) => str(s.objects.get(target.connectionId)?.get('vm')?.get(target.ref)?.snapshot_of));
  const name = useApp((s) => str(s.objects.get(target.connectionId)?.get('vm')?.get(target.ref)?.name_label));
  const vmName = useApp((s) => {
    const vms = s.objects.get(target.connectionId)?.get('vm');
    return str(vms?.get(str(vms?.get(target.ref)?.snapshot_of))?.name_label);
  });
  const withMemory = useApp((s) => s.objects.get(target.connectionId)?.get('vm')?.get(target.ref)?.power_state === 'Suspended');
  return { name, vmName, vmRef, withMemory };
}

export function RevertSnapshotDialog({ target }: { target: SelectedObject }) {
  const { bridge, close, run } = useRunChoice();
  const pushAlert = useUi((s) => s.pushAlert);
  const { name, vmName, vmRef, withMemory } = useSnapshotNames(target);
  const vmTarget = { connectionId: target.connectionId, cls: 'vm', ref: vmRef };
  // XenCenter offers (and ticks) a snapshot of the current state first, when the VM can take one.
  const canSnapshot = useApp((s) => TAKE_SNAPSHOT_COMMAND.canExecute([vmTarget], s));
  const [takeFirst, setTakeFirst] = useState(canSnapshot);
  const textId = useId();
  const checkId = useId();
  const revert = () => {
    if (!(takeFirst && canSnapshot)) { run(REVERT_SNAPSHOT_COMMAND, target, REVERT_SNAPSHOT_COMMAND.execute); return; }
    close();
    void revertAfterSnapshot(bridge, appStore, target, { target: vmTarget, name: vmName, snapshotName: name }, pushAlert);
  };
  return (
    <Dialog title="Revert to Snapshot" role="alertdialog" onCancel={close} className="confirm-snapshot" describedBy={textId}>
      <p id={textId} className="dialog-text">
        Revert {vmName ? <>&apos;{vmName}&apos;</> : 'the VM'} to the snapshot &apos;{name}&apos;? The VM&apos;s current state is lost: changes made since the
        snapshot are discarded{withMemory ? ', and the VM is left suspended as it was then' : ', and a running VM is shut down'}.
      </p>
      {canSnapshot ? (
        <label htmlFor={checkId} className="choice">
          <input id={checkId} type="checkbox" checked={takeFirst} onChange={(e) => setTakeFirst(e.target.checked)} />
          Take a snapshot of the current state first (the VM is reverted only if it succeeds)
        </label>
      ) : null}
      <div className="dialog-buttons">
        <button type="button" className="primary" onClick={revert}>Revert</button>
        <button type="button" data-autofocus onClick={close}>Cancel</button>
      </div>
    </Dialog>
  );
}

export function DeleteSnapshotDialog({ target }: { target: SelectedObject }) {
  const { close, run } = useRunChoice();
  const { name, vmName } = useSnapshotNames(target);
  const textId = useId();
  return (
    <Dialog title="Delete Snapshot" role="alertdialog" onCancel={close} className="confirm-snapshot" describedBy={textId}>
      <p id={textId} className="dialog-text">
        Delete the snapshot &apos;{name}&apos; and its disks? This cannot be undone; {vmName ? <>&apos;{vmName}&apos;</> : 'the VM'} itself is not changed.
      </p>
      <div className="dialog-buttons">
        <button type="button" className="danger" onClick={() => run(DELETE_SNAPSHOT_COMMAND, target, DELETE_SNAPSHOT_COMMAND.execute)}>Delete</button>
        <button type="button" data-autofocus onClick={close}>Cancel</button>
      </div>
    </Dialog>
  );
}
