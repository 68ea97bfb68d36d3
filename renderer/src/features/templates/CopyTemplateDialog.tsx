// Copy Template…: the copy's name ("Copy of <name>", unique in the pool) and description, then a fast
// clone (VM.clone: storage-level clones on the disks' own SRs) or a full copy (VM.copy: every disk
// copied to the SR chosen here), as XenCenter's Copy Template dialog.
import { useId, useMemo, useState, type FormEvent } from 'react';
import { appStore, useApp } from '../../state';
import { type SelectedObject } from '../../framework/command';
import { formatBytes, str } from '../../xapi-model/format';
import { allows } from '../../xapi-model/predicates';
import { record } from '../../xapi-model/records';
import { Dialog } from '../../ui/Dialog';
import { useRunChoice } from '../../framework/use-run-choice';
import { COPY_TEMPLATE_COMMAND, copyTemplate } from './commands';
import { copyName, copyTargets } from './model';

export function CopyTemplateDialog({ target }: { target: SelectedObject }) {
  const { bridge, close, run } = useRunChoice();
  const version = useApp((s) => s.version);
  const vm = useMemo(() => { void version; return record(appStore.getState(), target.connectionId, 'vm', target.ref); }, [version, target]);
  const targets = useMemo(() => { void version; return copyTargets(appStore.getState(), target.connectionId, target.ref); }, [version, target]);
  const canClone = allows(vm, 'clone');
  const canCopy = allows(vm, 'copy');
  const [name, setName] = useState(() => copyName(appStore.getState(), target.connectionId, target.ref));
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
    const choice = { name: name.trim(), description, srRef: isFull ? sr?.ref : undefined };
    run(COPY_TEMPLATE_COMMAND, target, async (sel, b, store) => [await copyTemplate(b ?? bridge, sel[0], choice, store)]);
  };
  const why = name.trim() === '' ? 'Name: enter a name for the copy'
    : !canClone && !canCopy ? 'The server does not allow copying this template now'
      : isFull && !canCopy ? 'Full copy: the server does not allow a full copy of this template now'
        : isFull && !sr ? 'Storage: no storage repository has room for the disks' : undefined;
  return (
    <Dialog title="Copy Template" onCancel={close} className="copy-vm">
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
          </div>
        </fieldset>
        {why && name.trim() !== '' ? <div role="status" className="dialog-error">{why}.</div> : null}
        <div className="dialog-buttons">
          <button type="submit" className="primary" disabled={!ready} title={why}>Copy</button>
          <button type="button" onClick={close}>Cancel</button>
        </div>
      </form>
    </Dialog>
  );
}
