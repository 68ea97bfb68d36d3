// The General tab's Tags row: the object's tags as chips, and "Edit Tags…", which runs the Edit Tags command
// (the same one as the context menu's and the Tools menu's; features name each other's commands by id).
import type { TabTarget } from '../../framework/tab';
import { useRunCommand } from '../../framework/use-commands';
import { commandById } from '../../framework/registry';
import './general.css';

export function TagsField({ t, tags }: { t: Pick<TabTarget, 'connectionId' | 'cls' | 'ref'>; tags: unknown }) {
  const run = useRunCommand();
  const edit = commandById('tags.edit');
  const list = Array.isArray(tags) ? tags.map(String) : [];
  return (
    <span className="tags-field">
      {list.length ? <span className="tags" role="list" aria-label="Tags">{list.map((x) => <span className="tag" role="listitem" key={x}>{x}</span>)}</span> : <span className="muted">None</span>}
      {edit ? <button type="button" className="link-button" onClick={() => run(edit, [{ connectionId: t.connectionId, cls: t.cls, ref: t.ref }])}>Edit Tags…</button> : null}
    </span>
  );
}
