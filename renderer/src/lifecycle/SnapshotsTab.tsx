// A VM's Snapshots tab: VM.snapshots newest first (name, time taken, what was saved, description)
// with Take Snapshot…, Revert To… and Delete, each enabled from allowed_operations (the VM's for
// taking, the chosen snapshot's for reverting and deleting). Reverting and deleting ask first.
import { useState, type KeyboardEvent } from 'react';
import { appStore, useApp } from '../store';
import { useUi } from '../store/ui';
import {
  DELETE_SNAPSHOT_COMMAND, REVERT_SNAPSHOT_COMMAND, TAKE_SNAPSHOT_COMMAND, runCommand, snapshotRows,
  type Command, type SnapshotRow,
} from '../commands';
import { formatTime, str } from '../util/format';
import { useToday } from '../components/use-today';
import { Dialog } from '../components/Dialog';
import { useBridge } from '../components/context';
import { useCommandStates, useRunCommand } from '../components/use-commands';
import type { TabTarget } from '../tabs/types';

type Confirm = { kind: 'revert' | 'delete'; row: SnapshotRow } | null;

export function SnapshotsTab({ target }: { target: TabTarget }) {
  const json = useApp((s) => { void s.version; return JSON.stringify(snapshotRows(s, target.connectionId, target.ref)); });
  const rows = JSON.parse(json) as SnapshotRow[];
  const vmName = useApp((s) => str(s.objects.get(target.connectionId)?.get('vm')?.get(target.ref)?.name_label));
  const [selected, setSelected] = useState<string | null>(null);
  const today = useToday();
  const [confirm, setConfirm] = useState<Confirm>(null);
  const row = rows.find((r) => r.ref === selected);
  const vmSel = [{ connectionId: target.connectionId, cls: 'vm', ref: target.ref }];
  const snapSel = row ? [{ connectionId: target.connectionId, cls: 'vm', ref: row.ref }] : [];
  const [take] = useCommandStates([TAKE_SNAPSHOT_COMMAND], vmSel);
  const [revert, del] = useCommandStates([REVERT_SNAPSHOT_COMMAND, DELETE_SNAPSHOT_COMMAND], snapSel);
  const openCommand = useRunCommand();

  const onKey = (e: KeyboardEvent, i: number) => {
    const next = e.key === 'ArrowDown' ? i + 1 : e.key === 'ArrowUp' ? i - 1 : e.key === 'Home' ? 0 : e.key === 'End' ? rows.length - 1 : -2;
    if (next === -2 || next < 0 || next >= rows.length) return;
    e.preventDefault();
    setSelected(rows[next].ref);
    (e.currentTarget.parentElement?.children[next] as HTMLElement | undefined)?.focus();
  };

  return (
    <div className="snapshots-tab">
      <div role="toolbar" aria-label="Snapshots" className="tab-toolbar">
        <button type="button" disabled={!take.enabled} title={take.reason} onClick={() => openCommand(TAKE_SNAPSHOT_COMMAND, vmSel)}>Take Snapshot…</button>
        <button type="button" disabled={!revert.enabled} title={revert.reason} onClick={() => row && setConfirm({ kind: 'revert', row })}>Revert To…</button>
        <button type="button" disabled={!del.enabled} title={del.reason} onClick={() => row && setConfirm({ kind: 'delete', row })}>Delete</button>
      </div>
      {rows.length === 0 ? <p className="empty">&apos;{vmName}&apos; has no snapshots. Take one to keep its current state.</p> : (
        <table className="grid snapshot-grid" role="grid" aria-label="Snapshots">
          <thead><tr><th>Name</th><th>Taken</th><th>Type</th><th>Description</th></tr></thead>
          <tbody>
            {rows.map((r, i) => (
              <tr
                key={r.ref}
                aria-selected={r.ref === selected}
                tabIndex={r.ref === selected || (!row && i === 0) ? 0 : -1}
                className={r.ref === selected ? 'selected' : undefined}
                onClick={() => setSelected(r.ref)}
                onFocus={() => setSelected(r.ref)}
                onKeyDown={(e) => onKey(e, i)}
              >
                <td>{r.name}</td>
                <td>{r.taken ? formatTime(r.taken, today) : '—'}</td>
                <td>{r.withMemory ? 'Disks and memory' : 'Disks only'}</td>
                <td>{r.description}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {confirm ? <ConfirmSnapshot confirm={confirm} vmName={vmName} connectionId={target.connectionId} onClose={() => setConfirm(null)} /> : null}
    </div>
  );
}

function ConfirmSnapshot({ confirm, vmName, connectionId, onClose }: { confirm: NonNullable<Confirm>; vmName: string; connectionId: string; onClose(): void }) {
  const bridge = useBridge();
  const pushAlert = useUi((s) => s.pushAlert);
  const revert = confirm.kind === 'revert';
  const cmd: Command = revert ? REVERT_SNAPSHOT_COMMAND : DELETE_SNAPSHOT_COMMAND;
  const go = () => {
    onClose();
    void runCommand(cmd, [{ connectionId, cls: 'vm', ref: confirm.row.ref }], bridge, appStore, pushAlert);
  };
  return (
    <Dialog title={revert ? 'Revert to Snapshot' : 'Delete Snapshot'} role="alertdialog" onCancel={onClose} className="confirm-snapshot">
      {revert ? (
        <p className="dialog-text">
          Revert &apos;{vmName}&apos; to the snapshot &apos;{confirm.row.name}&apos;? The VM&apos;s current state is lost: changes made since the
          snapshot are discarded{confirm.row.withMemory ? ', and the VM is left suspended as it was then' : ', and a running VM is shut down'}.
        </p>
      ) : (
        <p className="dialog-text">Delete the snapshot &apos;{confirm.row.name}&apos; and its disks? This cannot be undone; &apos;{vmName}&apos; itself is not changed.</p>
      )}
      <div className="dialog-buttons">
        <button type="button" className={revert ? 'primary' : 'danger'} onClick={go}>{revert ? 'Revert' : 'Delete'}</button>
        <button type="button" data-autofocus onClick={onClose}>Cancel</button>
      </div>
    </Dialog>
  );
}
