// Delete VM…: which of the VM's disks go with it (ticked at first: the disks it owns, VBD
// other_config `owner`, that no other VM uses) and which of its snapshots, as XenCenter's delete
// dialog. Unticked disks stay on their SR, detached. The suspend image always goes.
import { useId, useMemo, useState } from 'react';
import { appStore, useApp } from '../../state';
import { DELETE_VM_COMMAND, deleteVm } from './commands';
import { snapshotRows, vmDisks } from './model';
import { type SelectedObject } from '../../framework/command';
import { formatTime, str } from '../../xapi-model/format';
import { DiskChoice, toggled, useTickedDisks } from '../../ui/DiskChoice';
import { isRef } from '../../xapi-model/refs';
import { useToday } from '../../ui/use-today';
import { Dialog } from '../../ui/Dialog';
import { useRunChoice } from '../../framework/use-run-choice';

export function DeleteVmDialog({ target }: { target: SelectedObject }) {
  const { bridge, close, run } = useRunChoice();
  const version = useApp((s) => s.version);
  const vm = useMemo(() => { void version; return appStore.getState().objects.get(target.connectionId)?.get('vm')?.get(target.ref); }, [version, target]);
  const disks = useMemo(() => { void version; return vmDisks(appStore.getState(), target.connectionId, target.ref); }, [version, target]);
  const snapshots = useMemo(() => { void version; return snapshotRows(appStore.getState(), target.connectionId, target.ref); }, [version, target]);
  const [ticked, tick] = useTickedDisks(disks);
  const [snaps, setSnaps] = useState<Set<string>>(() => new Set());
  const textId = useId();
  const today = useToday();
  const name = str(vm?.name_label);
  const remove = () => {
    const choice = {
      vdiRefs: disks.filter((d) => ticked.has(d.vdiRef)).map((d) => d.vdiRef),
      snapshotRefs: snapshots.filter((s) => snaps.has(s.ref)).map((s) => s.ref),
    };
    run(DELETE_VM_COMMAND, target, async (sel, b, store) => [await deleteVm(b ?? bridge, sel[0], choice, store)]);
  };
  return (
    <Dialog title="Delete VM" role="alertdialog" onCancel={close} className="delete-vm" describedBy={textId}>
      <p id={textId} className="dialog-text">
        Delete &apos;{name}&apos;? This cannot be undone. Ticked disks are deleted with it; the others stay on their storage repository.
        {isRef(vm?.suspend_VDI) ? ' Its suspended memory image is deleted too.' : ''}
      </p>
      <DiskChoice disks={disks} ticked={ticked} onTick={tick} empty="The VM has no disks." />
      {snapshots.length > 0 ? (
        <fieldset className="choice-group">
          <legend>Snapshots to delete</legend>
          <ul className="check-list">
            {snapshots.map((s) => (
              <li key={s.ref}>
                <label className="choice">
                  <input type="checkbox" checked={snaps.has(s.ref)} disabled={!s.canDelete} onChange={(e) => setSnaps(toggled(snaps, s.ref, e.target.checked))} />
                  <span className="choice-name">{s.name}</span>
                </label>
                <span className="field-note">{s.taken ? formatTime(s.taken, today) : ''}</span>
              </li>
            ))}
          </ul>
          <p className="field-hint">Snapshots left behind stay, with all their disks, after the VM is gone.</p>
        </fieldset>
      ) : null}
      <div className="dialog-buttons">
        <button type="button" className="danger" onClick={remove}>Delete</button>
        <button type="button" data-autofocus onClick={close}>Cancel</button>
      </div>
    </Dialog>
  );
}
