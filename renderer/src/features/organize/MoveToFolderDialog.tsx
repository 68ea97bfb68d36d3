// Move to Folder… (XenCenter's FolderChangeDialog): the folders that exist on the connected pools as a
// tree to pick from, and the path, which may name a new folder ("/Production/Web"); empty = in no
// folder. The objects are the selection when the dialog opened.
import { useId, useState, type FormEvent } from 'react';
import { appStore } from '../../state';
import { useUi } from '../../state/ui';
import { Dialog } from '../../ui/Dialog';
import { useSend } from './use-send';
import { movableSelection, organiseReason } from './actions';
import { orgObjects, orgPools } from './org-objects';
import { allFolders, leafName, normalisePath, planMove } from './folders';
import { objectsWords } from './tags';
import { sendFolderPlan } from './requests';
import './organize.css';

const state = () => appStore.getState();

export function MoveToFolderDialog() {
  const onClose = useUi((s) => s.closeDialog);
  const send = useSend();
  const [objects] = useState(() => movableSelection(useUi.getState()));
  const [folders] = useState(() => allFolders(orgObjects(state()), orgPools(state())));
  const [text, setText] = useState(() => (typeof objects !== 'string' && objects.length && objects.every((o) => o.folder === objects[0].folder) ? objects[0].folder : ''));
  const pathId = useId();
  const to = normalisePath(text);
  const list = typeof objects === 'string' ? [] : objects;
  const moving = list.filter((o) => o.folder !== to);
  const why = typeof objects === 'string' ? objects
    : moving.length === 0 ? (to ? `Already in ${to}` : 'In no folder already') : organiseReason('Move to Folder');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (why) return;
    const plan = planMove(orgObjects(state()), orgPools(state()), list, to);
    send((bridge) => sendFolderPlan(bridge, plan));
  };
  const depth = (p: string) => p.split('/').length - 2;
  return (
    <Dialog title={`Move ${objectsWords(list)} to Folder`} onCancel={onClose} className="move-to-folder">
      <form onSubmit={submit} noValidate>
        <div className="folder-list" role="listbox" aria-label="Folders">
          <div role="option" tabIndex={0} aria-selected={to === ''} className="folder-option none" onClick={() => setText('')}
            onKeyDown={(e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); setText(''); } }}>(in no folder)</div>
          {folders.map((f) => (
            <div key={f} role="option" tabIndex={0} aria-selected={to === f} title={f} className="folder-option" style={{ paddingLeft: 10 + 18 * depth(f) }}
              onClick={() => setText(f)} onKeyDown={(e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); setText(f); } }}>
              <span className="folder-glyph" aria-hidden="true">▸</span>{leafName(f)}
            </div>
          ))}
          {folders.length === 0 ? <div className="muted folder-empty">No folders yet: type a path below to make one.</div> : null}
        </div>
        <div className="form-grid folder-path">
          <label htmlFor={pathId}>Path</label>
          <input id={pathId} value={text} onChange={(e) => setText(e.target.value)} placeholder="/Production/Web" autoComplete="off" spellCheck={false} />
        </div>
        <p className="field-hint">A path that does not exist yet makes the folder. {to && moving.length ? `Moves ${objectsWords(moving)} to ${to}.` : ''}</p>
        <div className="dialog-buttons">
          <button type="submit" className="primary" disabled={!!why} title={why}>Move</button>
          <button type="button" onClick={onClose}>Cancel</button>
        </div>
      </form>
    </Dialog>
  );
}
