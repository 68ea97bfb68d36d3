// The Storage tab's dialogs: Add Virtual Disk, Attach Disk, Delete (asks, naming the disk) and a
// disk's Properties (name, description, size growth, read-only / read-write). Each closes on OK and
// runs its command with what was chosen, sending only what changed.
import { useId, useState, type FormEvent } from 'react';
import { useApp } from '../../state';
import { Dialog } from '../../ui/Dialog';
import { formatBytes } from '../../xapi-model/format';
import type { SelectedObject } from '../../framework/command';
import { attachableVdis, modeBlocker, resizeMode, sizeProblem, srChoices, UNITS, type DiskRow, type SrChoice, type Unit, type VdiChoice } from './model';
import { ADD_DISK_COMMAND, ATTACH_DISK_COMMAND, DELETE_DISK_COMMAND, DISK_PROPERTIES_COMMAND } from './commands';
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

export function AddDiskDialog(p: Common) {
  const { connectionId: conn, vmRef, vmName, onClose } = p;
  const json = useApp((s) => { void s.version; return JSON.stringify(srChoices(s, conn, vmRef)); });
  const srs = JSON.parse(json) as SrChoice[];
  const run = useStorageRun();
  const [name, setName] = useState(`${vmName} disk`);
  const [description, setDescription] = useState('');
  const [size, setSize] = useState('10');
  const [unit, setUnit] = useState<Unit>('GiB');
  const [sr, setSr] = useState(srs[0]?.ref ?? '');
  const ids = { name: useId(), desc: useId(), size: useId(), sr: useId() };
  const { bytes, problem: sizeErr } = sizeProblem(size, unit);
  const chosen = srs.find((x) => x.ref === sr);
  const problem = !name.trim() ? 'Type a name for the disk.' : sizeErr || (!chosen ? 'Choose a storage repository.'
    : bytes > chosen.free ? `'${chosen.name}' has only ${formatBytes(chosen.free)} free.` : '');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (problem) return;
    onClose();
    run(ADD_DISK_COMMAND, vmTarget(p), 'Adding virtual disk to', vmName, { kind: 'addDisk', vmRef, srRef: sr, name: name.trim(), description, size: bytes });
  };
  return (
    <Dialog title="Add Virtual Disk" onCancel={onClose} className="disk-dialog">
      <form onSubmit={submit} noValidate>
        <p className="dialog-text">Add a new virtual disk to &apos;{vmName}&apos;.</p>
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

export function DeleteDiskDialog(p: Common & { row: DiskRow }) {
  const { vmName, onClose, row } = p;
  const run = useStorageRun();
  const go = () => {
    onClose();
    run(DELETE_DISK_COMMAND, vbdTarget(p, row), 'Deleting virtual disk', row.name, { kind: 'deleteDisk', vbdRef: row.ref });
  };
  return (
    <Dialog title="Delete Virtual Disk" role="alertdialog" onCancel={onClose} className="disk-dialog">
      <p className="dialog-text">
        Delete the virtual disk &apos;{row.name}&apos; ({row.size} on &apos;{row.sr}&apos;) of &apos;{vmName}&apos;?
        {row.attached ? ' It is unplugged from the running VM first.' : ''} All the data on it is lost; this cannot be undone.
      </p>
      <div className="dialog-buttons">
        <button type="button" className="danger" onClick={go}>Delete</button>
        <button type="button" data-autofocus onClick={onClose}>Cancel</button>
      </div>
    </Dialog>
  );
}

export function DiskPropertiesDialog(p: Common & { row: DiskRow }) {
  const { connectionId: conn, onClose, row } = p;
  const run = useStorageRun();
  const resizeOp = useApp((s) => resizeMode(s, conn, row.ref).op);
  const resizeWhy = useApp((s) => resizeMode(s, conn, row.ref).reason);
  const resize = { op: resizeOp, reason: resizeWhy };
  const modeWhy = useApp((s) => modeBlocker(s, conn, row.ref));
  const initial = sizeText(row.bytes);
  const [name, setName] = useState(row.name);
  const [description, setDescription] = useState(row.description);
  const [size, setSize] = useState(initial.text);
  const [unit, setUnit] = useState<Unit>(initial.unit);
  const [mode, setMode] = useState(row.mode);
  const ids = { name: useId(), desc: useId(), size: useId() };
  const { bytes, problem: sizeErr } = sizeProblem(size, unit, row.bytes);
  // The typed size in the field's rounding equals the present size: no change.
  const grown = bytes > row.bytes && Math.abs(bytes - row.bytes) >= UNITS.MiB;
  const problem = !name.trim() ? 'Type a name for the disk.' : resize.op ? sizeErr : '';
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (problem) return;
    onClose();
    const change = {
      kind: 'editDisk' as const, vbdRef: row.ref,
      ...(name.trim() !== row.name ? { name: name.trim() } : {}),
      ...(description !== row.description ? { description } : {}),
      ...(resize.op && grown ? { size: bytes } : {}),
      ...(mode !== row.mode && !modeWhy ? { mode: mode as 'RO' | 'RW' } : {}),
    };
    if (Object.keys(change).length === 2) return;
    run(DISK_PROPERTIES_COMMAND, vbdTarget(p, row), 'Changing virtual disk', row.name, change);
  };
  return (
    <Dialog title={`'${row.name}' Properties`} onCancel={onClose} className="disk-dialog">
      <form onSubmit={submit} noValidate>
        <div className="form-grid">
          <label htmlFor={ids.name}>Name</label>
          <input id={ids.name} type="text" value={name} onChange={(e) => setName(e.target.value)} />
          <label htmlFor={ids.desc}>Description</label>
          <input id={ids.desc} type="text" value={description} onChange={(e) => setDescription(e.target.value)} />
          <label htmlFor={ids.size}>Size</label>
          <SizeField id={ids.size} text={size} unit={unit} onText={setSize} onUnit={setUnit} invalid={!!resize.op && !!sizeErr} disabled={!resize.op} />
          <span>Storage repository</span><span>{row.sr}</span>
          <span>Position</span><span>{row.position}</span>
        </div>
        <p className="field-hint">{resize.op === 'resize_online' ? 'The disk is in use: it grows while the VM runs.' : resize.op ? 'A disk can grow, never shrink.' : resize.reason}</p>
        <fieldset className="choice-group" disabled={!!modeWhy} title={modeWhy || undefined}>
          <legend>Mode</legend>
          <label className="choice"><input type="radio" name="disk-mode" checked={mode === 'RW'} onChange={() => setMode('RW')} />Read / write</label>
          <label className="choice"><input type="radio" name="disk-mode" checked={mode === 'RO'} onChange={() => setMode('RO')} />Read-only</label>
        </fieldset>
        {modeWhy ? <p className="field-hint">{modeWhy}.</p> : null}
        {problem ? <div role="alert" className="dialog-error">{problem}</div> : null}
        <div className="dialog-buttons">
          <button type="submit" className="primary" disabled={!!problem} title={problem || undefined}>OK</button>
          <button type="button" onClick={onClose}>Cancel</button>
        </div>
      </form>
    </Dialog>
  );
}
