// Take Snapshot…: name, description, and what is saved: the disks (optionally quiesced, only when
// the server lists snapshot_with_quiesce) or the disks and memory (a checkpoint, when it lists
// checkpoint: a running VM), as XenCenter's snapshot dialog.
import { useId, useState, type FormEvent } from 'react';
import { useApp } from '../../state';
import { TAKE_SNAPSHOT_COMMAND, takeSnapshot, type SnapshotMode } from './commands';
import { snapshotName } from './model';
import { type SelectedObject } from '../../framework/command';
import { str } from '../../xapi-model/format';
import { allows } from '../../xapi-model/predicates';
import { record } from '../../xapi-model/records';
import { Dialog } from '../../ui/Dialog';
import { useRunChoice } from '../../framework/use-run-choice';

export function TakeSnapshotDialog({ target }: { target: SelectedObject }) {
  const { bridge, close, run } = useRunChoice();
  const vmName = useApp((s) => str(record(s, target.connectionId, 'vm', target.ref)?.name_label));
  const canDisk = useApp((s) => allows(record(s, target.connectionId, 'vm', target.ref), 'snapshot'));
  const canQuiesce = useApp((s) => allows(record(s, target.connectionId, 'vm', target.ref), 'snapshot_with_quiesce'));
  const canMemory = useApp((s) => allows(record(s, target.connectionId, 'vm', target.ref), 'checkpoint'));
  const [name, setName] = useState(() => snapshotName(vmName || 'VM', new Date()));
  const [description, setDescription] = useState('');
  const [memory, setMemory] = useState(false);
  const [quiesce, setQuiesce] = useState(false);
  // The VM may change state while the dialog is open: only what the server allows now counts.
  const withMemory = canMemory && (memory || !canDisk);
  const mode: SnapshotMode | null = withMemory ? 'checkpoint' : !canDisk ? null : quiesce && canQuiesce ? 'quiesce' : 'snapshot';
  const ready = !!mode && name.trim() !== '';
  const nameId = useId();
  const descId = useId();
  const submit = (e?: FormEvent) => {
    e?.preventDefault();
    if (!ready || !mode) return;
    const choice = { name: name.trim(), description, mode };
    run(TAKE_SNAPSHOT_COMMAND, target, async (sel, b, store) => [await takeSnapshot(b ?? bridge, sel[0], choice, store)]);
  };
  return (
    <Dialog title="Take Snapshot" onCancel={close} className="take-snapshot">
      <form onSubmit={submit} noValidate>
        <p className="dialog-text">Take a snapshot of &apos;{vmName}&apos;: you can revert the VM to it later, or make new VMs from it.</p>
        <div className="form-grid">
          <label htmlFor={nameId}>Name</label>
          <input id={nameId} value={name} onChange={(e) => setName(e.target.value)} required />
          <label htmlFor={descId} className="top-label">Description</label>
          <textarea id={descId} rows={3} value={description} onChange={(e) => setDescription(e.target.value)} />
        </div>
        <fieldset className="choice-group">
          <legend>Snapshot mode</legend>
          <label className="choice">
            <input type="radio" name="snapshot-mode" checked={!withMemory} disabled={!canDisk} onChange={() => setMemory(false)} />
            Snapshot the virtual machine&apos;s disks
          </label>
          {canQuiesce ? (
            <label className="choice nested">
              <input type="checkbox" checked={quiesce} disabled={withMemory} onChange={(e) => setQuiesce(e.target.checked)} />
              Quiesce the VM before taking the snapshot
            </label>
          ) : null}
          <label className="choice">
            <input type="radio" name="snapshot-mode" checked={withMemory} disabled={!canMemory} onChange={() => setMemory(true)} />
            Snapshot the virtual machine&apos;s disks and memory
          </label>
          <p className="field-hint">
            {canMemory
              ? 'With memory, reverting resumes the VM exactly where it was; the VM pauses briefly while its memory is saved.'
              : 'Only a running VM whose guest supports suspending can be snapshotted with its memory.'}
          </p>
        </fieldset>
        {!mode ? <div role="status" className="dialog-error">The server does not allow a snapshot of this VM now.</div> : null}
        <div className="dialog-buttons">
          <button type="submit" className="primary" disabled={!ready}
            title={ready ? undefined : !mode ? 'The server does not allow a snapshot of this VM now' : 'Name: enter a name for the snapshot'}>Take Snapshot</button>
          <button type="button" onClick={close}>Cancel</button>
        </div>
      </form>
    </Dialog>
  );
}
