// The Copy VM / Copy Template dialog: the copy's name and description, then a fast clone (VM.clone:
// storage-level clones on the disks' own SRs) or a full copy (VM.copy: every disk copied to the SR
// chosen here), as XenCenter's. Pure: the features hand in the record, the SRs a full copy can go to,
// the words for what stops it, and what to do with the choice.
import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { formatBytes, str } from '../xapi-model/format';
import { allows } from '../xapi-model/predicates';
import { Dialog } from './Dialog';

type Rec = Record<string, unknown>;

/** An SR a full copy can go to, with its free space. */
export interface CopyTargetRow { ref: string; name: string; free: number; size: number; enoughSpace: boolean }
export interface CopyChoice { name: string; description: string; srRef?: string }

/** Where the choice stands, for the words the feature shows about it. */
export interface CopyState {
  name: string;
  canClone: boolean;
  canCopy: boolean;
  isFull: boolean;
  /** The SR the full copy goes to (the one chosen, else the first with room). */
  sr: CopyTargetRow | undefined;
  ready: boolean;
}

interface CopyDialogProps {
  title: string;
  /** The VM or template copied (undefined once it is gone: nothing can be copied). */
  vm: Rec | undefined;
  targets: readonly CopyTargetRow[];
  /** The copy's first name ("Copy of <name>", unique). */
  initialName: () => string;
  /** Shown under the SR list (e.g. how much is copied). */
  hint?: ReactNode;
  /** What stops the copy, in words: shown above the buttons and as the Copy button's tooltip. */
  explain(state: CopyState): { status?: ReactNode; submitTitle?: string };
  onCopy(choice: CopyChoice): void;
  onCancel(): void;
}

export function CopyDialog({ title, vm, targets, initialName, hint, explain, onCopy, onCancel }: CopyDialogProps) {
  const canClone = allows(vm, 'clone');
  const canCopy = allows(vm, 'copy');
  const [name, setName] = useState(initialName);
  const [description, setDescription] = useState(() => str(vm?.name_description));
  const [full, setFull] = useState(!canClone);
  const [srRef, setSrRef] = useState('');
  const isFull = (full && canCopy) || !canClone;
  const sr = targets.find((t) => t.ref === srRef && t.enoughSpace) ?? targets.find((t) => t.enoughSpace);
  const ready = name.trim() !== '' && (isFull ? canCopy && !!sr : canClone);
  const nameId = useId();
  const descId = useId();
  const srId = useId();
  const submit = (e?: FormEvent) => {
    e?.preventDefault();
    if (!ready) return;
    onCopy({ name: name.trim(), description, srRef: isFull ? sr?.ref : undefined });
  };
  const { status, submitTitle } = explain({ name, canClone, canCopy, isFull, sr, ready });
  return (
    <Dialog title={title} onCancel={onCancel} className="copy-vm">
      <form onSubmit={submit} noValidate>
        <div className="form-grid">
          <label htmlFor={nameId}>Name</label>
          <input id={nameId} value={name} onChange={(e) => setName(e.target.value)} required />
          <label htmlFor={descId} className="top-label">Description</label>
          <textarea id={descId} rows={2} value={description} onChange={(e) => setDescription(e.target.value)} />
        </div>
        <fieldset className="choice-group">
          <legend>Copy mode</legend>
          <label className="choice">
            <input type="radio" name="copy-mode" checked={!isFull} disabled={!canClone} onChange={() => setFull(false)} />
            Fast clone
          </label>
          <p className="field-hint nested">The storage clones the disks on their own storage repository: quick, and uses little space at first.</p>
          <label className="choice">
            <input type="radio" name="copy-mode" checked={isFull} disabled={!canCopy} onChange={() => setFull(true)} />
            Full copy
          </label>
          <div className="nested">
            <div className="form-grid">
              <label htmlFor={srId}>Storage</label>
              <select id={srId} value={sr?.ref ?? ''} disabled={!isFull || targets.length === 0} onChange={(e) => setSrRef(e.target.value)}>
                {targets.map((t) => (
                  <option key={t.ref} value={t.ref} disabled={!t.enoughSpace}>
                    {t.name} — {formatBytes(t.free)} free of {formatBytes(t.size)}{t.enoughSpace ? '' : ' (not enough space)'}
                  </option>
                ))}
              </select>
            </div>
            {hint}
          </div>
        </fieldset>
        {status}
        <div className="dialog-buttons">
          <button type="submit" className="primary" disabled={!ready} title={submitTitle}>Copy</button>
          <button type="button" onClick={onCancel}>Cancel</button>
        </div>
      </form>
    </Dialog>
  );
}
