// A VM's Snapshots tab: VM.snapshots newest first (name, time taken, what was saved, description)
// with Take Snapshot…, Revert To…, Delete and New VM from Snapshot…, each enabled from allowed_operations (the VM's for
// taking, the chosen snapshot's for reverting and deleting). Reverting and deleting ask first
// (SnapshotDialogs.tsx, the same questions as the snapshot's tree node asks).
import { useState, type KeyboardEvent } from 'react';
import { useApp } from '../../state';
import { DELETE_SNAPSHOT_COMMAND, REVERT_SNAPSHOT_COMMAND, TAKE_SNAPSHOT_COMMAND } from './commands';
import { commandById, extensionsAt } from '../../framework/registry';
import { snapshotRows, type SnapshotRow } from './model';
import { formatTime, str } from '../../xapi-model/format';
import { useToday } from '../../ui/use-today';
import { useCommandStates, useRunCommand } from '../../framework/use-commands';
import type { TabTarget } from '../../framework/tab';

export function SnapshotsTab({ target }: { target: TabTarget }) {
  const json = useApp((s) => { void s.version; return JSON.stringify(snapshotRows(s, target.connectionId, target.ref)); });
  const rows = JSON.parse(json) as SnapshotRow[];
  const vmName = useApp((s) => str(s.objects.get(target.connectionId)?.get('vm')?.get(target.ref)?.name_label));
  const [selected, setSelected] = useState<string | null>(null);
  const today = useToday();
  const row = rows.find((r) => r.ref === selected);
  const vmSel = [{ connectionId: target.connectionId, cls: 'vm', ref: target.ref }];
  const snapSel = row ? [{ connectionId: target.connectionId, cls: 'vm', ref: row.ref }] : [];
  const [take] = useCommandStates([TAKE_SNAPSHOT_COMMAND], vmSel);
  // New VM from Snapshot… is the New VM feature's command, named by its id.
  const newVmCommand = commandById('snapshot.newVm');
  const [revert, del, newVm] = useCommandStates([REVERT_SNAPSHOT_COMMAND, DELETE_SNAPSHOT_COMMAND, ...(newVmCommand ? [newVmCommand] : [])], snapSel);
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
        <button type="button" disabled={!revert.enabled} title={revert.reason} onClick={() => openCommand(REVERT_SNAPSHOT_COMMAND, snapSel)}>Revert To…</button>
        <button type="button" disabled={!del.enabled} title={del.reason} onClick={() => openCommand(DELETE_SNAPSHOT_COMMAND, snapSel)}>Delete</button>
        {newVmCommand && newVm ? <button type="button" disabled={!newVm.enabled} title={newVm.reason} onClick={() => openCommand(newVmCommand, snapSel)}>New VM from Snapshot…</button> : null}
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
      {/* Other features' lines about the VM's snapshots (its snapshot schedule: features/snapshot-schedules). */}
      {extensionsAt('snapshots:below').map((Below, i) => <Below key={i} target={vmSel[0]} />)}
    </div>
  );
}
