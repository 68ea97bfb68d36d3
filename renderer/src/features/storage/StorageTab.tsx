// A VM's disks and CD drives, with Add…, Attach…, Activate / Deactivate (a running VM's disk), Move…,
// Detach, Delete and Properties… for the selected disk (XenCenter's order), and the DVD drive: a list of its ISOs to insert (ejecting what is in first), Eject, or Add DVD
// drive for a VM without one. Each button is a command (commands.ts), greyed with its reason.
import { useId, useState } from 'react';
import { useApp } from '../../state';
import { str } from '../../xapi-model/format';
import { SelectGrid } from '../../ui/SelectGrid';
import { useCommandStates } from '../../framework/use-commands';
import type { Selection } from '../../framework/command';
import type { TabTarget } from '../../framework/tab';
import { cdDrive, diskRows, isoChoices, type DiskRow, type IsoChoice } from './model';
import {
  ACTIVATE_DISK_COMMAND, ADD_DISK_COMMAND, ADD_DVD_COMMAND, ATTACH_DISK_COMMAND, CHANGE_DVD_COMMAND, DEACTIVATE_DISK_COMMAND, DELETE_DISK_COMMAND,
  DETACH_DISK_COMMAND, DISK_PROPERTIES_COMMAND, EJECT_DVD_COMMAND, MOVE_DISK_COMMAND,
} from './commands';
import { AddDiskDialog, AttachDiskDialog, DeleteDiskDialog, DiskPropertiesDialog, MoveDiskDialog } from './DiskDialogs';
import { useStorageRun } from './run';
import './storage.css';

type Open = 'add' | 'attach' | 'delete' | 'properties' | 'move' | null;
const VM_COMMANDS = [ADD_DISK_COMMAND, ATTACH_DISK_COMMAND, CHANGE_DVD_COMMAND, EJECT_DVD_COMMAND, ADD_DVD_COMMAND];
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
  const [add, attach, dvd, eject, addDvd] = useCommandStates(VM_COMMANDS, vmSel);
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
      <DvdBar conn={conn} vmRef={target.ref} vmName={vmName} states={{ dvd, eject, addDvd }} />
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

type St = { enabled: boolean; reason?: string };

/** The DVD drive: "<empty>" and the ISOs the VM can see; choosing one inserts it (ejecting first). */
function DvdBar({ conn, vmRef, vmName, states }: { conn: string; vmRef: string; vmName: string; states: { dvd: St; eject: St; addDvd: St } }) {
  const cdJson = useApp((s) => { void s.version; return JSON.stringify(cdDrive(s, conn, vmRef) ?? null); });
  const cd = JSON.parse(cdJson) as { ref: string; vdiRef: string } | null;
  const isoJson = useApp((s) => { void s.version; return JSON.stringify(isoChoices(s, conn, vmRef)); });
  const isos = JSON.parse(isoJson) as IsoChoice[];
  const run = useStorageRun();
  const target = { connectionId: conn, cls: 'vm', ref: vmRef };
  const id = useId();
  if (!cd) {
    return (
      <div className="dvd-bar">
        <span>This VM has no DVD drive.</span>
        <button type="button" disabled={!states.addDvd.enabled} title={states.addDvd.enabled ? undefined : states.addDvd.reason}
          onClick={() => run(ADD_DVD_COMMAND, target, 'Adding DVD drive to', vmName, { kind: 'addCd', vmRef })}>Add DVD drive</button>
      </div>
    );
  }
  // An ISO in the drive that the list does not hold (another SR): shown as it is.
  const inList = !cd.vdiRef || isos.some((i) => i.ref === cd.vdiRef);
  const choose = (vdiRef: string) => {
    if (vdiRef === cd.vdiRef) return;
    const iso = isos.find((i) => i.ref === vdiRef);
    run(vdiRef ? CHANGE_DVD_COMMAND : EJECT_DVD_COMMAND, target, vdiRef ? 'Inserting DVD' : 'Ejecting DVD from', vdiRef ? iso?.name ?? vmName : vmName,
      { kind: 'insertCd', vbdRef: cd.ref, vdiRef });
  };
  return (
    <div className="dvd-bar">
      <label htmlFor={id}>DVD drive</label>
      <select id={id} value={cd.vdiRef} disabled={!states.dvd.enabled} title={states.dvd.enabled ? undefined : states.dvd.reason} onChange={(e) => choose(e.target.value)}>
        <option value="">&lt;empty&gt;</option>
        {inList ? null : <option value={cd.vdiRef}>(another disc)</option>}
        {isos.map((i) => <option key={i.ref} value={i.ref}>{`${i.name} (${i.sr})`}</option>)}
      </select>
      <button type="button" disabled={!states.eject.enabled} title={states.eject.enabled ? undefined : states.eject.reason} onClick={() => choose('')}>Eject</button>
    </div>
  );
}
