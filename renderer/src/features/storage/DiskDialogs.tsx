// The VM and SR Storage tabs' dialogs: Add Virtual Disk (to a VM, or on an SR for no VM), Attach Disk,
// Delete (asks, naming the disk and its VMs), Move Virtual Disk (another SR, with its free space) and a
// disk's Properties (name, description, size growth; on a VM's tab also read-only / read-write). Each
// closes on OK and runs its command with what was chosen, sending only what changed.
import { useId, useState, type FormEvent } from 'react';
import { useApp } from '../../state';
import { Dialog } from '../../ui/Dialog';
import { formatBytes } from '../../xapi-model/format';
import type { SelectedObject } from '../../framework/command';
import { str } from '../../xapi-model/format';
import { srDisplayName } from '../../xapi-model/names';
import {
  attachableVdis, looseSrChoices, modeBlocker, moveMode, positionBlocker, positionChoices, type PositionChoice, moveTargets, sizeProblem, srChoices, UNITS, vdiResizeMode,
  type DiskRow, type MoveTarget, type SrChoice, type Unit, type VdiChoice,
} from './model';
import {
  ADD_DISK_COMMAND, ATTACH_DISK_COMMAND, DELETE_DISK_COMMAND, DISK_PROPERTIES_COMMAND, MOVE_DISK_COMMAND, SR_ADD_DISK_COMMAND, VDI_DELETE_COMMAND,
  VDI_PROPERTIES_COMMAND,
} from './commands';
import { useStorageRun } from './run';
import './storage.css';

interface Common { connectionId: string; vmRef: string; vmName: string; onClose(): void }
const vmTarget = (c: Common): SelectedObject => ({ connectionId: c.connectionId, cls: 'vm', ref: c.vmRef });
const vbdTarget = (c: Common, row: DiskRow): SelectedObject => ({ connectionId: c.connectionId, cls: 'vbd', ref: row.ref });
const UNIT_NAMES = Object.keys(UNITS) as Unit[];

/** A size in the largest unit it is a whole (or one-decimal) number of, for the size field. */
function sizeText(bytes: number): { text: string; unit: Unit } {
  for (const unit of ['TiB', 'GiB'] as const) if (bytes >= UNITS[unit] && (bytes / UNITS[unit]) * 10 % 1 === 0) return { text: String(bytes / UNITS[unit]), unit };
  return { text: String(Math.ceil(bytes / UNITS.MiB)), unit: 'MiB' };
}

function SizeField({ id, text, unit, onText, onUnit, invalid, disabled }: {
  id: string; text: string; unit: Unit; onText(t: string): void; onUnit(u: Unit): void; invalid: boolean; disabled?: boolean;
}) {
  return (
    <span className="size-field">
      <input id={id} type="text" inputMode="decimal" value={text} aria-invalid={invalid} disabled={disabled} onChange={(e) => onText(e.target.value)} />
      <select aria-label="Size unit" value={unit} disabled={disabled} onChange={(e) => onUnit(e.target.value as Unit)}>
        {UNIT_NAMES.map((u) => <option key={u} value={u}>{u}</option>)}
      </select>
    </span>
  );
}

/** Add Virtual Disk: to a VM (vmRef), or on an SR for no VM (the SR tab: srRef first in the list). */
export function AddDiskDialog(p: { connectionId: string; vmRef?: string; vmName?: string; srRef?: string; onClose(): void }) {
  const { connectionId: conn, vmRef, vmName = '', srRef, onClose } = p;
  const json = useApp((s) => { void s.version; return JSON.stringify(vmRef ? srChoices(s, conn, vmRef) : looseSrChoices(s, conn)); });
  const srs = JSON.parse(json) as SrChoice[];
  const run = useStorageRun();
  const [name, setName] = useState(vmRef ? `${vmName} disk` : 'New virtual disk');
  const [description, setDescription] = useState('');
  const [size, setSize] = useState('10');
  const [unit, setUnit] = useState<Unit>('GiB');
  const [sr, setSr] = useState(srs.find((x) => x.ref === srRef)?.ref ?? srs[0]?.ref ?? '');
  const ids = { name: useId(), desc: useId(), size: useId(), sr: useId() };
  const { bytes, problem: sizeErr } = sizeProblem(size, unit);
  const chosen = srs.find((x) => x.ref === sr);
  const problem = !name.trim() ? 'Type a name for the disk.' : sizeErr || (!chosen ? 'Choose a storage repository.'
    : bytes > chosen.free ? `'${chosen.name}' has only ${formatBytes(chosen.free)} free.` : '');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (problem) return;
    onClose();
    if (vmRef) run(ADD_DISK_COMMAND, { connectionId: conn, cls: 'vm', ref: vmRef }, 'Adding virtual disk to', vmName, { kind: 'addDisk', vmRef, srRef: sr, name: name.trim(), description, size: bytes });
    else run(SR_ADD_DISK_COMMAND, { connectionId: conn, cls: 'sr', ref: sr }, 'Creating virtual disk on', chosen?.name ?? '', { kind: 'createDisk', srRef: sr, name: name.trim(), description, size: bytes });
  };
  return (
    <Dialog title="Add Virtual Disk" onCancel={onClose} className="disk-dialog">
      <form onSubmit={submit} noValidate>
        <p className="dialog-text">{vmRef ? <>Add a new virtual disk to &apos;{vmName}&apos;.</> : 'Create a virtual disk that no VM uses yet; attach it to a VM later.'}</p>
        <div className="form-grid">
          <label htmlFor={ids.name}>Name</label>
          <input id={ids.name} type="text" value={name} onChange={(e) => setName(e.target.value)} />
          <label htmlFor={ids.desc}>Description</label>
          <input id={ids.desc} type="text" value={description} onChange={(e) => setDescription(e.target.value)} />
          <label htmlFor={ids.size}>Size</label>
          <SizeField id={ids.size} text={size} unit={unit} onText={setSize} onUnit={setUnit} invalid={!!sizeErr} />
          <label htmlFor={ids.sr}>Storage repository</label>
          <select id={ids.sr} value={sr} onChange={(e) => setSr(e.target.value)}>
            {srs.map((x) => <option key={x.ref} value={x.ref}>{x.label}</option>)}
          </select>
        </div>
        {problem ? <div role="alert" className="dialog-error">{problem}</div> : null}
        <div className="dialog-buttons">
          <button type="submit" className="primary" disabled={!!problem} title={problem || undefined}>Add</button>
          <button type="button" onClick={onClose}>Cancel</button>
        </div>
      </form>
    </Dialog>
  );
}

export function AttachDiskDialog(p: Common) {
  const { connectionId: conn, vmRef, vmName, onClose } = p;
  const json = useApp((s) => { void s.version; return JSON.stringify(attachableVdis(s, conn, vmRef)); });
  const vdis = JSON.parse(json) as VdiChoice[];
  const run = useStorageRun();
  const [vdi, setVdi] = useState(vdis[0]?.ref ?? '');
  const [readOnly, setReadOnly] = useState(false);
  const chosen = vdis.find((v) => v.ref === vdi);
  const ro = readOnly || chosen?.readOnly === true;
  const id = useId();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!chosen) return;
    onClose();
    run(ATTACH_DISK_COMMAND, vmTarget(p), 'Attaching virtual disk to', vmName, { kind: 'attachDisk', vmRef, vdiRef: vdi, readOnly: ro });
  };
  return (
    <Dialog title="Attach Disk" onCancel={onClose} className="disk-dialog">
      <form onSubmit={submit} noValidate>
        <p className="dialog-text">Attach an existing virtual disk to &apos;{vmName}&apos;. Only disks no VM uses are listed.</p>
        <div className="form-grid">
          <label htmlFor={id}>Disk</label>
          <select id={id} value={vdi} onChange={(e) => setVdi(e.target.value)}>
            {vdis.map((v) => <option key={v.ref} value={v.ref}>{`${v.name} (${v.size}, on ${v.sr})`}</option>)}
          </select>
        </div>
        <label className="choice">
          <input type="checkbox" checked={ro} disabled={chosen?.readOnly === true} onChange={(e) => setReadOnly(e.target.checked)} />
          Attach as read-only{chosen?.readOnly ? ' (the disk itself is read-only)' : ''}
        </label>
        <div className="dialog-buttons">
          <button type="submit" className="primary" disabled={!chosen} title={chosen ? undefined : 'There is no disk to attach'}>Attach</button>
          <button type="button" onClick={onClose}>Cancel</button>
        </div>
      </form>
    </Dialog>
  );
}

/** Asks before deleting a disk: the text names it; Cancel has the focus. */
function ConfirmDelete({ text, onDelete, onClose }: { text: string; onDelete(): void; onClose(): void }) {
  return (
    <Dialog title="Delete Virtual Disk" role="alertdialog" onCancel={onClose} className="disk-dialog">
      <p className="dialog-text">{text} All the data on it is lost; this cannot be undone.</p>
      <div className="dialog-buttons">
        <button type="button" className="danger" onClick={() => { onClose(); onDelete(); }}>Delete</button>
        <button type="button" data-autofocus onClick={onClose}>Cancel</button>
      </div>
    </Dialog>
  );
}

export function DeleteDiskDialog(p: Common & { row: DiskRow }) {
  const { vmName, onClose, row } = p;
  const run = useStorageRun();
  return (
    <ConfirmDelete
      onClose={onClose}
      text={`Delete the virtual disk '${row.name}' (${row.size} on '${row.sr}') of '${vmName}'?${row.attached ? ' It is unplugged from the running VM first.' : ''}`}
      onDelete={() => run(DELETE_DISK_COMMAND, vbdTarget(p, row), 'Deleting virtual disk', row.name, { kind: 'deleteDisk', vbdRef: row.ref })}
    />
  );
}

/** The SR tab's Delete: the disk and, with it, its drives in the (halted) VMs that use it. */
export function DeleteVdiDialog({ connectionId, disk, onClose }: { connectionId: string; disk: { ref: string; name: string; size: string; sr: string; vms: string }; onClose(): void }) {
  const run = useStorageRun();
  return (
    <ConfirmDelete
      onClose={onClose}
      text={`Delete the virtual disk '${disk.name}' (${disk.size} on '${disk.sr}')?${disk.vms ? ` It is removed from ${disk.vms} too.` : ''}`}
      onDelete={() => run(VDI_DELETE_COMMAND, { connectionId, cls: 'vdi', ref: disk.ref }, 'Deleting virtual disk', disk.name, { kind: 'destroyDisk', vdiRef: disk.ref })}
    />
  );
}

/** Move Virtual Disk: the SRs it can go to with their free space (too small ones greyed, with why). */
export function MoveDiskDialog({ connectionId: conn, vdiRef, onClose }: { connectionId: string; vdiRef: string; onClose(): void }) {
  const json = useApp((s) => { void s.version; return JSON.stringify(moveTargets(s, conn, vdiRef)); });
  const targets = JSON.parse(json) as MoveTarget[];
  const mode = useApp((s) => moveMode(s, conn, vdiRef));
  const disk = useApp((s) => {
    const vdi = s.objects.get(conn)?.get('vdi')?.get(vdiRef);
    return JSON.stringify({ name: str(vdi?.name_label), size: formatBytes(vdi?.virtual_size), sr: srDisplayName(s, conn, str(vdi?.SR)) });
  });
  const { name, size, sr: from } = JSON.parse(disk) as { name: string; size: string; sr: string };
  const run = useStorageRun();
  const [sr, setSr] = useState(targets.find((t) => !t.reason)?.ref ?? '');
  const chosen = targets.find((t) => t.ref === sr && !t.reason);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!chosen) return;
    onClose();
    run(MOVE_DISK_COMMAND, { connectionId: conn, cls: 'vdi', ref: vdiRef }, 'Moving virtual disk', name, { kind: 'moveDisk', vdiRef, srRef: chosen.ref });
  };
  return (
    <Dialog title="Move Virtual Disk" onCancel={onClose} className="disk-dialog move-dialog">
      <form onSubmit={submit} noValidate>
        <p className="dialog-text">Move &apos;{name}&apos; ({size} on &apos;{from}&apos;) to another storage repository.</p>
        <fieldset className="choice-group sr-list">
          <legend>Storage repository</legend>
          {targets.map((t) => (
            <label key={t.ref} className={t.reason ? 'choice unavailable' : 'choice'} title={t.reason || undefined}>
              <input type="radio" name="move-sr" value={t.ref} checked={sr === t.ref} disabled={!!t.reason} onChange={() => setSr(t.ref)} />
              <span className="sr-name">{t.name}</span>
              <span className="sr-free">{t.reason || `${formatBytes(t.free)} free`}</span>
            </label>
          ))}
        </fieldset>
        <p className="field-hint">
          {mode === 'migrate'
            ? 'The VM keeps running: the disk is copied live (storage live migration), then the old one is deleted.'
            : 'The disk is copied to the new storage repository, its drives are switched to the copy, then the old disk is deleted.'}
        </p>
        <div className="dialog-buttons">
          <button type="submit" className="primary" disabled={!chosen} title={chosen ? undefined : 'Choose a storage repository'}>Move</button>
          <button type="button" onClick={onClose}>Cancel</button>
        </div>
      </form>
    </Dialog>
  );
}

/** The disk a Properties dialog edits: from a VM's tab with its drive (vbdRef: position and mode too), or from an SR's tab. */
export interface DiskEdit { vdiRef: string; vbdRef?: string; name: string; description: string; bytes: number; sr: string; position?: string; mode?: string }

export function DiskPropertiesDialog({ connectionId: conn, disk, onClose }: { connectionId: string; disk: DiskEdit; onClose(): void }) {
  const run = useStorageRun();
  const resizeOp = useApp((s) => vdiResizeMode(s, conn, disk.vdiRef).op);
  const resizeWhy = useApp((s) => vdiResizeMode(s, conn, disk.vdiRef).reason);
  const resize = { op: resizeOp, reason: resizeWhy };
  const modeWhy = useApp((s) => (disk.vbdRef ? modeBlocker(s, conn, disk.vbdRef) : ''));
  const positionWhy = useApp((s) => (disk.vbdRef ? positionBlocker(s, conn, disk.vbdRef) : ''));
  const positionsJson = useApp((s) => { void s.version; return disk.vbdRef ? JSON.stringify(positionChoices(s, conn, disk.vbdRef)) : '[]'; });
  const positions = JSON.parse(positionsJson) as PositionChoice[];
  const [position, setPosition] = useState(disk.position ?? '');
  const swapWith = positions.find((p) => p.position === position && position !== disk.position)?.heldBy;
  const initial = sizeText(disk.bytes);
  const [name, setName] = useState(disk.name);
  const [description, setDescription] = useState(disk.description);
  const [size, setSize] = useState(initial.text);
  const [unit, setUnit] = useState<Unit>(initial.unit);
  const [mode, setMode] = useState(disk.mode ?? '');
  const ids = { name: useId(), desc: useId(), size: useId(), position: useId() };
  const { bytes, problem: sizeErr } = sizeProblem(size, unit, disk.bytes);
  // The typed size in the field's rounding equals the present size: no change.
  const grown = bytes > disk.bytes && Math.abs(bytes - disk.bytes) >= UNITS.MiB;
  const problem = !name.trim() ? 'Type a name for the disk.' : resize.op ? sizeErr : '';
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (problem) return;
    onClose();
    const fields = {
      ...(name.trim() !== disk.name ? { name: name.trim() } : {}),
      ...(description !== disk.description ? { description } : {}),
      ...(resize.op && grown ? { size: bytes } : {}),
    };
    const newMode = disk.vbdRef && mode !== disk.mode && !modeWhy ? { mode: mode as 'RO' | 'RW' } : {};
    const newPosition = disk.vbdRef && position !== disk.position && !positionWhy ? { position } : {};
    if (Object.keys(fields).length + Object.keys(newMode).length + Object.keys(newPosition).length === 0) return;
    if (disk.vbdRef) run(DISK_PROPERTIES_COMMAND, { connectionId: conn, cls: 'vbd', ref: disk.vbdRef }, 'Changing virtual disk', disk.name, { kind: 'editDisk', vbdRef: disk.vbdRef, ...fields, ...newMode, ...newPosition });
    else run(VDI_PROPERTIES_COMMAND, { connectionId: conn, cls: 'vdi', ref: disk.vdiRef }, 'Changing virtual disk', disk.name, { kind: 'editVdi', vdiRef: disk.vdiRef, ...fields });
  };
  return (
    <Dialog title={`'${disk.name}' Properties`} onCancel={onClose} className="disk-dialog">
      <form onSubmit={submit} noValidate>
        <div className="form-grid">
          <label htmlFor={ids.name}>Name</label>
          <input id={ids.name} type="text" value={name} onChange={(e) => setName(e.target.value)} />
          <label htmlFor={ids.desc}>Description</label>
          <input id={ids.desc} type="text" value={description} onChange={(e) => setDescription(e.target.value)} />
          <label htmlFor={ids.size}>Size</label>
          <SizeField id={ids.size} text={size} unit={unit} onText={setSize} onUnit={setUnit} invalid={!!resize.op && !!sizeErr} disabled={!resize.op} />
          <span>Storage repository</span><span>{disk.sr}</span>
          {disk.position !== undefined && disk.vbdRef ? (
            <>
              <label htmlFor={ids.position}>Device position</label>
              <select id={ids.position} value={position} disabled={!!positionWhy} title={positionWhy || undefined} onChange={(e) => setPosition(e.target.value)}>
                {positions.map((p) => <option key={p.position} value={p.position}>{p.heldBy ? `${p.position} (in use by ${p.heldBy})` : p.position}</option>)}
              </select>
            </>
          ) : null}
        </div>
        {swapWith ? <p className="field-hint">Position {position} is in use by {swapWith}: the two swap positions.</p> : null}
        {positionWhy && disk.vbdRef ? <p className="field-hint">{positionWhy}.</p> : null}
        <p className="field-hint">{resize.op === 'resize_online' ? 'The disk is in use: it grows while the VM runs.' : resize.op ? 'A disk can grow, never shrink.' : resize.reason}</p>
        {disk.vbdRef ? (
          <>
            <fieldset className="choice-group" disabled={!!modeWhy} title={modeWhy || undefined}>
              <legend>Mode</legend>
              <label className="choice"><input type="radio" name="disk-mode" checked={mode === 'RW'} onChange={() => setMode('RW')} />Read / write</label>
              <label className="choice"><input type="radio" name="disk-mode" checked={mode === 'RO'} onChange={() => setMode('RO')} />Read-only</label>
            </fieldset>
            {modeWhy ? <p className="field-hint">{modeWhy}.</p> : null}
          </>
        ) : null}
        {problem ? <div role="alert" className="dialog-error">{problem}</div> : null}
        <div className="dialog-buttons">
          <button type="submit" className="primary" disabled={!!problem} title={problem || undefined}>OK</button>
          <button type="button" onClick={onClose}>Cancel</button>
        </div>
      </form>
    </Dialog>
  );
}
