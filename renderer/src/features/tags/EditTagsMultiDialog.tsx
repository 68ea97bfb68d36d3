// Edit Tags… on several objects (the dialog host opens it for EDIT_TAGS_COMMAND's multiDialog): each
// tag of any of them as a box, checked (all have it), indeterminate (some do) or cleared; a new tag
// typed in the box is checked for all. OK sends, per object, only what changed for it
// (tag-states.ts), one request each through framework/object-changes.ts: one task per object in the
// Events panel, a refusal with its words and code. VMs, servers, pools, SRs and networks may be mixed.
import { useId, useMemo, useState, type FormEvent, type KeyboardEvent } from 'react';
import { appStore } from '../../state';
import { Dialog } from '../../ui/Dialog';
import { useUi } from '../../state/ui';
import type { SelectedObject } from '../../framework/command';
import { useBridge } from '../../framework/bridge-context';
import { runCommand } from '../../framework/run-command';
import { changeObject } from '../../framework/object-changes';
import { EDIT_TAGS_COMMAND } from './command';
import { cleanTag, knownTags } from './tag-edit';
import { addTag, nextState, setState, tagEdits, tagRows, taggedObjects, type TagRow } from './tag-states';
import './tags.css';

export const EDIT_TAGS_TITLE = 'Changing the tags of';
const key = (t: SelectedObject): string => `${t.connectionId}|${t.cls}|${t.ref}`;

export function EditTagsMultiDialog({ targets }: { targets: SelectedObject[] }) {
  const close = useUi((s) => s.closeDialog);
  const pushAlert = useUi((s) => s.pushAlert);
  const bridge = useBridge();
  // The objects as they were when the dialog opened: the edits are the difference from this.
  const [objects] = useState(() => taggedObjects(appStore.getState(), targets));
  const [rows, setRows] = useState<TagRow[]>(() => tagRows(objects));
  const [text, setText] = useState('');
  const suggestions = useMemo(() => {
    const s = appStore.getState();
    return [...new Set([...new Set(targets.map((t) => t.connectionId))].flatMap((id) => knownTags(s.objects.get(id))))].sort((a, b) => a.localeCompare(b));
  }, [targets]);
  const inputId = useId();
  const listId = useId();
  const textId = useId();
  const edits = tagEdits(objects, rows);
  const typed = cleanTag(text);

  const add = () => { if (typed) setRows(addTag(rows, typed)); setText(''); };
  const onInputKey = (e: KeyboardEvent<HTMLInputElement>) => {
    // Enter in the box adds the tag; it does not submit the dialog.
    if (e.key === 'Enter') { e.preventDefault(); add(); }
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (edits.length === 0) return;
    close();
    const byKey = new Map(edits.map((ed) => [key(ed.object.target), ed]));
    // Through runCommand: each object is checked again (its server may have gone) and gets its own task.
    void runCommand({
      ...EDIT_TAGS_COMMAND, dialog: undefined, multiDialog: undefined, eachObject: true,
      execute: (sel, b) => Promise.all(sel.map((t) => {
        const ed = byKey.get(key(t));
        return changeObject(b, { ...t, name: ed?.object.name }, {
          ...(ed?.add.length ? { tagsAdd: ed.add } : {}), ...(ed?.remove.length ? { tagsRemove: ed.remove } : {}),
        }, EDIT_TAGS_TITLE);
      })),
    }, edits.map((ed) => ed.object.target), bridge, appStore, pushAlert);
  };
  return (
    <Dialog title={`Edit Tags — ${objects.length} objects`} onCancel={close} className="edit-tags multi" describedBy={textId}>
      <form onSubmit={submit} noValidate>
        <p id={textId} className="dialog-text">
          The tags of the {objects.length} selected objects. A half-checked tag is on some of them: click it to put it on all, again to take it off all, once more to leave it as it is.
        </p>
        <div className="tag-boxes" role="group" aria-label="Tags">
          {rows.length === 0 ? <span className="muted">No tags</span> : rows.map((r) => (
            <TagBox key={r.tag} row={r} count={objects.filter((o) => o.tags.includes(r.tag)).length} total={objects.length}
              onClick={() => setRows(setState(rows, r.tag, nextState(r)))} />
          ))}
        </div>
        <div className="tag-add">
          <label htmlFor={inputId}>New tag</label>
          <input id={inputId} list={listId} value={text} onChange={(e) => setText(e.target.value)} onKeyDown={onInputKey} autoComplete="off" />
          <datalist id={listId}>{suggestions.filter((s) => !rows.some((r) => r.tag === s && r.state === 'all')).map((s) => <option key={s} value={s} />)}</datalist>
          <button type="button" onClick={add} disabled={!typed} title={typed ? undefined : 'New tag: type a tag first'}>Add</button>
        </div>
        <p className="field-hint">{edits.length === 0 ? 'Nothing changes yet.' : `OK changes the tags of ${edits.length} of the ${objects.length} objects, each its own task.`}</p>
        <div className="dialog-buttons">
          <button type="submit" className="primary" disabled={edits.length === 0} title={edits.length === 0 ? 'The tags are unchanged' : undefined}>OK</button>
          <button type="button" onClick={close}>Cancel</button>
        </div>
      </form>
    </Dialog>
  );
}

/** One tag: a native checkbox whose indeterminate state (not an attribute) is set on the element. */
function TagBox({ row, count, total, onClick }: { row: TagRow; count: number; total: number; onClick(): void }) {
  const mixed = row.state === 'some';
  return (
    <label className="choice tag-box">
      <input type="checkbox" checked={row.state === 'all'} onChange={onClick}
        ref={(el) => { if (el) el.indeterminate = mixed; }} />
      <span className="tag">{row.tag}</span>
      {mixed ? <span className="field-note">on {count} of {total}</span> : null}
    </label>
  );
}
