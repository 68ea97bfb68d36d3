// Delete VM… on several VMs (XenCenter's "Delete Multiple VMs"): one question for all of them, the
// VMs listed, and two choices that apply to each: its own disks (those Delete VM… ticks at first:
// owned, used by no other VM) and its snapshots. Each VM is then one vm.delete task in the Events panel.
import { useId, useMemo, useState } from 'react';
import { appStore, useApp } from '../../state';
import { useUi } from '../../state/ui';
import { DELETE_VM_COMMAND, deleteVm } from './commands';
import { snapshotRows, vmDisks } from './model';
import type { SelectedObject } from '../../framework/command';
import { runCommand } from '../../framework/run-command';
import { useBridge } from '../../framework/bridge-context';
import { str } from '../../xapi-model/format';
import { Dialog } from '../../ui/Dialog';

export interface DeleteVmsPlan { name: string; ownDisks: string[]; snapshots: string[] }

/** For each VM: its name, the disks deleted with it when "their own disks" is ticked, its deletable snapshots. */
export function deleteVmsPlan(store: Parameters<typeof vmDisks>[0], targets: readonly SelectedObject[]): DeleteVmsPlan[] {
  return targets.map((t) => ({
    name: str(store.objects.get(t.connectionId)?.get('vm')?.get(t.ref)?.name_label) || t.ref,
    ownDisks: vmDisks(store, t.connectionId, t.ref).filter((d) => d.deleteByDefault).map((d) => d.vdiRef),
    snapshots: snapshotRows(store, t.connectionId, t.ref).filter((s) => s.canDelete).map((s) => s.ref),
  }));
}

const count = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export function DeleteVmsDialog({ targets }: { targets: SelectedObject[] }) {
  const bridge = useBridge();
  const pushAlert = useUi((s) => s.pushAlert);
  const close = useUi((s) => s.closeDialog);
  const version = useApp((s) => s.version);
  const plan = useMemo(() => { void version; return deleteVmsPlan(appStore.getState(), targets); }, [version, targets]);
  const [disks, setDisks] = useState(true);
  const [snaps, setSnaps] = useState(false);
  const textId = useId();
  const diskCount = plan.reduce((n, p) => n + p.ownDisks.length, 0);
  const snapCount = plan.reduce((n, p) => n + p.snapshots.length, 0);
  const remove = () => {
    close();
    const byRef = new Map(targets.map((t, i) => [`${t.connectionId}|${t.ref}`, plan[i]]));
    // Through runCommand: each VM is checked again (it may have started meanwhile) and gets its own task.
    void runCommand({
      ...DELETE_VM_COMMAND, dialog: undefined, multiDialog: undefined, eachObject: true,
      execute: (sel, b, store) => Promise.all(sel.map((t) => {
        const p = byRef.get(`${t.connectionId}|${t.ref}`);
        return deleteVm(b, t, { vdiRefs: disks ? p?.ownDisks ?? [] : [], snapshotRefs: snaps ? p?.snapshots ?? [] : [] }, store);
      })),
    }, targets, bridge, appStore, pushAlert);
  };
  return (
    <Dialog title="Delete Multiple VMs" role="alertdialog" onCancel={close} className="delete-vm" describedBy={textId}>
      <p id={textId} className="dialog-text">Delete these {count(plan.length, 'VM')}? This cannot be undone.</p>
      <ul className="confirm-names" aria-label="VMs to delete">
        {plan.map((p, i) => <li key={`${i}:${p.name}`}>{p.name}</li>)}
      </ul>
      <fieldset className="choice-group">
        <legend>With them</legend>
        <label className="choice">
          <input type="checkbox" checked={disks && diskCount > 0} disabled={diskCount === 0} onChange={(e) => setDisks(e.target.checked)} />
          Delete their own disks ({count(diskCount, 'disk')})
        </label>
        <label className="choice">
          <input type="checkbox" checked={snaps && snapCount > 0} disabled={snapCount === 0} onChange={(e) => setSnaps(e.target.checked)} />
          Delete their snapshots ({count(snapCount, 'snapshot')})
        </label>
        <p className="field-hint">Disks another VM uses are never deleted; unticked ones stay on their storage repository, detached.</p>
      </fieldset>
      <div className="dialog-buttons">
        <button type="button" className="danger" onClick={remove}>Delete</button>
        <button type="button" data-autofocus onClick={close}>Cancel</button>
      </div>
    </Dialog>
  );
}
