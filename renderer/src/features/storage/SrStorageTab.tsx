// An SR's Storage tab, as XenCenter's SrStoragePage: its disks (name, description, size, the VMs using
// each; snapshots' disks too, hidden and storage-motion ones not; an ISO library's ISOs) with Add…
// (a disk of no VM), Rescan (SR.scan), Move…, Delete and Properties… for the selected disk. Each button
// is a command (commands.ts), greyed with its reason.
import { useState } from 'react';
import { useApp } from '../../state';
import { SelectGrid } from '../../ui/SelectGrid';
import { useCommandStates } from '../../framework/use-commands';
import type { Selection } from '../../framework/command';
import type { TabTarget } from '../../framework/tab';
import { srDiskRows, type SrDiskRow } from './model';
import { MOVE_DISK_COMMAND, SR_ADD_DISK_COMMAND, SR_RESCAN_COMMAND, VDI_DELETE_COMMAND, VDI_PROPERTIES_COMMAND } from './commands';
import { AddDiskDialog, DeleteVdiDialog, DiskPropertiesDialog, MoveDiskDialog } from './DiskDialogs';
import { useStorageRun } from './run';
import './storage.css';

type Open = 'add' | 'delete' | 'properties' | 'move' | null;
const SR_COMMANDS = [SR_ADD_DISK_COMMAND, SR_RESCAN_COMMAND];
const ROW_COMMANDS = [MOVE_DISK_COMMAND, VDI_DELETE_COMMAND, VDI_PROPERTIES_COMMAND];

export function SrStorageTab({ target }: { target: TabTarget }) {
  const conn = target.connectionId;
  const json = useApp((s) => { void s.version; return JSON.stringify(srDiskRows(s, conn, target.ref)); });
  const rows = JSON.parse(json) as SrDiskRow[];
  const srName = useApp((s) => String(s.objects.get(conn)?.get('sr')?.get(target.ref)?.name_label ?? ''));
  const iso = useApp((s) => { const sr = s.objects.get(conn)?.get('sr')?.get(target.ref); return sr?.content_type === 'iso' || sr?.type === 'iso'; });
  const [selected, setSelected] = useState<string | null>(null);
  const [open, setOpen] = useState<Open>(null);
  const row = rows.find((r) => r.ref === selected);
  const srSel: Selection = [{ connectionId: conn, cls: 'sr', ref: target.ref }];
  const rowSel: Selection = row ? [{ connectionId: conn, cls: 'vdi', ref: row.ref }] : [];
  const [add, rescan] = useCommandStates(SR_COMMANDS, srSel);
  const [move, del, props] = useCommandStates(ROW_COMMANDS, rowSel);
  const run = useStorageRun();
  const onClose = () => setOpen(null);
  const button = (label: string, st: { enabled: boolean; reason?: string }, onClick: () => void) => (
    <button type="button" disabled={!st.enabled} title={st.enabled ? undefined : st.reason} onClick={onClick}>{label}</button>
  );
  const what = iso ? 'ISOs' : 'Virtual disks';
  return (
    <div className="storage-tab sr-storage-tab">
      <div role="toolbar" aria-label={what} className="tab-toolbar">
        {button('Add…', add, () => setOpen('add'))}
        {button('Rescan', rescan, () => run(SR_RESCAN_COMMAND, srSel[0], 'Rescanning', srName, { kind: 'scanSr', srRef: target.ref }))}
        {button('Move…', move, () => setOpen('move'))}
        {button('Delete', del, () => setOpen('delete'))}
        {button('Properties…', props, () => setOpen('properties'))}
      </div>
      {rows.length === 0 ? <p className="empty">{iso ? 'This library has no ISOs.' : 'This storage repository has no virtual disks.'}</p> : (
        <SelectGrid
          label={what} rows={rows} selected={selected} onSelect={setSelected}
          columns={['Name', 'Description', 'Size', 'VM']}
          cells={(r) => [r.name, r.description, r.size, r.vms]}
        />
      )}
      {open === 'add' ? <AddDiskDialog connectionId={conn} srRef={target.ref} onClose={onClose} /> : null}
      {open === 'delete' && row ? <DeleteVdiDialog connectionId={conn} disk={row} onClose={onClose} /> : null}
      {open === 'move' && row ? <MoveDiskDialog connectionId={conn} vdiRef={row.ref} onClose={onClose} /> : null}
      {open === 'properties' && row ? (
        <DiskPropertiesDialog connectionId={conn} onClose={onClose} disk={{ vdiRef: row.ref, name: row.name, description: row.description, bytes: row.bytes, sr: row.sr }} />
      ) : null}
    </div>
  );
}
