// A VM's disks and CD drives, with Add…, Attach…, Activate / Deactivate (a running VM's disk), Move…,
// Detach, Delete and Properties… for the selected disk (XenCenter's order), and the DVD drive: a list of its ISOs to insert (ejecting what is in first), Eject, or Add DVD
// drive for a VM without one. Each button is a command (commands.ts), greyed with its reason.
import { useState } from 'react';
import { useApp } from '../../state';
import { str } from '../../xapi-model/format';
import { SelectGrid } from '../../ui/SelectGrid';
import { useCommandStates } from '../../framework/use-commands';
import type { Selection } from '../../framework/command';
import type { TabTarget } from '../../framework/tab';
import { diskRows, type DiskRow } from './model';
import { DvdDrive } from './DvdDrive';
import {
  ACTIVATE_DISK_COMMAND, ADD_DISK_COMMAND, ATTACH_DISK_COMMAND, DEACTIVATE_DISK_COMMAND, DELETE_DISK_COMMAND,
  DETACH_DISK_COMMAND, DISK_PROPERTIES_COMMAND, MOVE_DISK_COMMAND,
} from './commands';
import { AddDiskDialog, AttachDiskDialog, DeleteDiskDialog, DiskPropertiesDialog, MoveDiskDialog } from './DiskDialogs';
import { useStorageRun } from './run';
import './storage.css';

type Open = 'add' | 'attach' | 'delete' | 'properties' | 'move' | null;
const VM_COMMANDS = [ADD_DISK_COMMAND, ATTACH_DISK_COMMAND];
const ROW_COMMANDS = [DETACH_DISK_COMMAND, DELETE_DISK_COMMAND, DISK_PROPERTIES_COMMAND, ACTIVATE_DISK_COMMAND, DEACTIVATE_DISK_COMMAND];
const MOVE_COMMANDS = [MOVE_DISK_COMMAND];

export function StorageTab({ target }: { target: TabTarget }) {
  const conn = target.connectionId;
  const json = useApp((s) => { void s.version; return JSON.stringify(diskRows(s, conn, target.ref)); });
  const rows = JSON.parse(json) as DiskRow[];
  const vmName = useApp((s) => str(s.objects.get(conn)?.get('vm')?.get(target.ref)?.name_label));
  const [selected, setSelected] = useState<string | null>(null);
  const [open, setOpen] = useState<Open>(null);
  const row = rows.find((r) => r.ref === selected);
  const vmSel: Selection = [{ connectionId: conn, cls: 'vm', ref: target.ref }];
  const rowSel: Selection = row ? [{ connectionId: conn, cls: 'vbd', ref: row.ref }] : [];
  const [add, attach] = useCommandStates(VM_COMMANDS, vmSel);
  const [detach, del, props, activate, deactivate] = useCommandStates(ROW_COMMANDS, rowSel);
  // Move… takes the disk itself (the DVD drive has none to move).
  const diskSel: Selection = row && row.vdiRef && !row.cd ? [{ connectionId: conn, cls: 'vdi', ref: row.vdiRef }] : [];
  const [move] = useCommandStates(MOVE_COMMANDS, diskSel);
  const run = useStorageRun();
  const common = { connectionId: conn, vmRef: target.ref, vmName, onClose: () => setOpen(null) };
  const button = (label: string, st: { enabled: boolean; reason?: string }, onClick: () => void) => (
    <button type="button" disabled={!st.enabled} title={st.enabled ? undefined : st.reason} onClick={onClick}>{label}</button>
  );
  return (
    <div className="storage-tab">
      <div role="toolbar" aria-label="Virtual disks" className="tab-toolbar">
        {button('Add…', add, () => setOpen('add'))}
        {button('Attach…', attach, () => setOpen('attach'))}
        {row?.attached && !row.cd
          ? button('Deactivate', deactivate, () => row && run(DEACTIVATE_DISK_COMMAND, rowSel[0], 'Deactivating virtual disk', row.name, { kind: 'unplugDisk', vbdRef: row.ref }))
          : button('Activate', activate, () => row && run(ACTIVATE_DISK_COMMAND, rowSel[0], 'Activating virtual disk', row.name, { kind: 'plugDisk', vbdRef: row.ref }))}
        {button('Move…', move.enabled || diskSel.length ? move : { enabled: false, reason: row?.cd ? 'The DVD drive has no disk to move' : 'Select a disk first' }, () => setOpen('move'))}
        {button('Detach', detach, () => row && run(DETACH_DISK_COMMAND, rowSel[0], 'Detaching virtual disk', row.name, { kind: 'detachDisk', vbdRef: row.ref }))}
        {button('Delete', del, () => setOpen('delete'))}
        {button('Properties…', props, () => setOpen('properties'))}
      </div>
      {rows.length === 0 ? <p className="empty">This VM has no disks or CD drives.</p> : (
        <SelectGrid
          label="Virtual disks" rows={rows} selected={selected} onSelect={setSelected}
          columns={['Position', 'Name', 'Type', 'Size', 'Storage repository', 'Mode', 'Attached']}
          cells={(r) => [r.position, r.name, r.type, r.size, r.sr, r.mode, r.attached ? 'Yes' : 'No']}
        />
      )}
      <DvdDrive target={vmSel[0]} />
      {open === 'add' ? <AddDiskDialog {...common} /> : null}
      {open === 'attach' ? <AttachDiskDialog {...common} /> : null}
      {open === 'delete' && row ? <DeleteDiskDialog {...common} row={row} /> : null}
      {open === 'properties' && row ? (
        <DiskPropertiesDialog
          connectionId={conn} onClose={common.onClose}
          disk={{ vdiRef: row.vdiRef, vbdRef: row.ref, name: row.name, description: row.description, bytes: row.bytes, sr: row.sr, position: row.position, mode: row.mode }}
        />
      ) : null}
      {open === 'move' && row ? <MoveDiskDialog connectionId={conn} vdiRef={row.vdiRef} onClose={common.onClose} /> : null}
    </div>
  );
}
