// The General tab's Tags row: the object's tags as chips, and "Edit Tags…" (XenCenter's tag editor).
import { useState } from 'react';
import type { TabTarget } from '../../framework/tab';
import { TAG_CLASSES, tagList } from './tag-edit';
import './tags.css';
import { EditTagsDialog } from './EditTagsDialog';

export function TagsField({ t, tags }: { t: Pick<TabTarget, 'connectionId' | 'cls' | 'ref'>; tags: unknown }) {
  const [editing, setEditing] = useState(false);
  const list = tagList(tags);
  return (
    <span className="tags-field">
      {list.length ? <span className="tags" role="list" aria-label="Tags">{list.map((x) => <span className="tag" role="listitem" key={x}>{x}</span>)}</span> : <span className="muted">None</span>}
      {TAG_CLASSES[t.cls] ? <button type="button" className="link-button" onClick={() => setEditing(true)}>Edit Tags…</button> : null}
      {editing ? <EditTagsDialog target={t} onClose={() => setEditing(false)} /> : null}
    </span>
  );
}
