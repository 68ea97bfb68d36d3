// Edit Tags… (the dialog host opens it for EDIT_TAGS_COMMAND): add and remove chips, then OK applies the difference through xapi.call. The starting
// set is the object's tags when the dialog opened; changes another client makes meanwhile to other
// tags are kept, since only the difference is sent.
import { useId, useMemo, useState, type FormEvent, type KeyboardEvent } from 'react';
import { appStore, useApp } from '../../state';
import { Dialog } from '../../ui/Dialog';
import { useUi } from '../../state/ui';
import type { SelectedObject } from '../../framework/command';
import { useBridge } from '../../framework/bridge-context';
import { toErrorInfo } from '../../bridge';
import { errorText } from '../../xapi-model/errors';
import { str } from '../../xapi-model/format';
import './tags.css';
import { applyTagChanges, cleanTag, knownTags, tagChanges, tagList } from './tag-edit';

export function EditTagsDialog({ target }: { target: SelectedObject }) {
  const onClose = useUi((s) => s.closeDialog);
  const bridge = useBridge();
  const name = useApp((s) => str(s.objects.get(target.connectionId)?.get(target.cls)?.get(target.ref)?.name_label));
  const [initial] = useState(() => tagList(appStore.getState().objects.get(target.connectionId)?.get(target.cls)?.get(target.ref)?.tags));
  const [tags, setTags] = useState(initial);
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const suggestions = useMemo(() => knownTags(appStore.getState().objects.get(target.connectionId)), [target.connectionId]);
  const inputId = useId();
  const listId = useId();
  const changed = tagChanges(initial, tags);
  const dirty = changed.add.length + changed.remove.length > 0;

  const add = () => {
    const tag = cleanTag(text);
    if (tag && !tags.includes(tag)) setTags([...tags, tag]);
    setText('');
  };
  const onInputKey = (e: KeyboardEvent<HTMLInputElement>) => {
    // Enter in the box adds the tag; it does not submit the dialog.
    if (e.key === 'Enter') { e.preventDefault(); add(); }
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError('');
    try {
      await applyTagChanges(bridge, target, initial, tags);
      onClose();
    } catch (err) {
      setError(errorText(toErrorInfo(err)));
      setBusy(false);
    }
  };
  return (
    <Dialog title={`Edit Tags — ${name}`} onCancel={onClose} className="edit-tags">
      <form onSubmit={submit} noValidate>
        <div className="tag-chips" role="list" aria-label="Tags">
          {tags.length === 0 ? <span className="muted">No tags</span> : tags.map((tag) => (
            <span className="tag chip" role="listitem" key={tag}>
              {tag}
              <button type="button" className="chip-remove" aria-label={`Remove tag ${tag}`} onClick={() => setTags(tags.filter((x) => x !== tag))}>×</button>
            </span>
          ))}
        </div>
        <div className="tag-add">
          <label htmlFor={inputId}>New tag</label>
          <input id={inputId} list={listId} value={text} onChange={(e) => setText(e.target.value)} onKeyDown={onInputKey} autoComplete="off" />
          <datalist id={listId}>{suggestions.filter((s) => !tags.includes(s)).map((s) => <option key={s} value={s} />)}</datalist>
          <button type="button" onClick={add} disabled={!cleanTag(text) || tags.includes(cleanTag(text))}
            title={!cleanTag(text) ? 'New tag: type a tag first' : tags.includes(cleanTag(text)) ? 'New tag: it is already on the list' : undefined}>Add</button>
        </div>
        {error ? <div role="alert" className="dialog-error">{error}</div> : null}
        <div className="dialog-buttons">
          <button type="submit" className="primary" disabled={busy || !dirty}
            title={busy ? 'Saving the tags…' : !dirty ? 'The tags are unchanged' : undefined}>OK</button>
          <button type="button" onClick={onClose}>Cancel</button>
        </div>
      </form>
    </Dialog>
  );
}
