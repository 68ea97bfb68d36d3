// The details pane of a tag, folder or group row (View > Objects by Tag / Objects by Folder): the
// objects it holds, as XenCenter's search-style list (name, type, state, pool or server). Enter or
// a double click on a row selects that object in the tree.
import { useState, type KeyboardEvent } from 'react';
import { useApp } from '../../state';
import { useUi } from '../../state/ui';
import { useNavTree } from '../../tree/use-nav-tree';
import { KIND_WORDS, findNode, groupTitle, memberRows, countText } from '../../tree/group-members';
import { selectionOf } from '../../tree/selection';
import { serverName } from '../../framework/availability';
import { NodeIcon } from '../../ui/Icons';

export function GroupMembersPane({ nodeId }: { nodeId: string }) {
  const tree = useNavTree();
  const node = findNode(tree, nodeId);
  const select = useUi((s) => s.select);
  const setExpanded = useUi((s) => s.setExpanded);
  const serversJson = useApp((s) => JSON.stringify([...s.connections.keys()].map((id) => [id, serverName(s, id)])));
  const servers = new Map(JSON.parse(serversJson) as Array<[string, string]>);
  const [focused, setFocused] = useState(0);
  if (!node) return <div className="tabs-empty"><p>Select an item in the tree to see its details.</p></div>;
  const rows = memberRows(node);
  const title = groupTitle(node);
  const kind = KIND_WORDS[node.kind] ?? '';
  const open = (i: number) => {
    const child = node.children[i];
    if (!child) return;
    setExpanded(node.id, true);
    select(child.id, selectionOf(child));
  };
  const onKey = (e: KeyboardEvent, i: number) => {
    if (e.key === 'Enter') { e.preventDefault(); open(i); return; }
    const next = e.key === 'ArrowDown' ? i + 1 : e.key === 'ArrowUp' ? i - 1 : e.key === 'Home' ? 0 : e.key === 'End' ? rows.length - 1 : -1;
    if (next < 0 || next >= rows.length) return;
    e.preventDefault();
    setFocused(next);
    (e.currentTarget.parentElement?.children[next] as HTMLElement | undefined)?.focus();
  };
  return (
    <div className="tabs-pane group-members">
      <div className="object-header">
        <NodeIcon node={node} />
        <h2 className="object-title">{node.kind === 'group' ? title : `${kind} ${node.kind === 'tag' ? `'${title}'` : title}`}</h2>
        <span className="object-subtitle">{countText(node)}</span>
      </div>
      <div className="tabpanel members-panel">
        {rows.length === 0 ? <p className="empty">{node.description || 'Nothing here.'}</p> : (
          <table className="grid members-grid" role="grid" aria-label={`Members of ${title}`}>
            <thead><tr><th>Name</th><th>Type</th><th>State</th><th>Pool or server</th></tr></thead>
            <tbody>
              {rows.map((r, i) => (
                <tr key={r.id} tabIndex={i === Math.min(focused, rows.length - 1) ? 0 : -1}
                  onDoubleClick={() => open(i)} onKeyDown={(e) => onKey(e, i)} onFocus={() => setFocused(i)}>
                  <td><span className="member-name"><NodeIcon node={node.children[i]} />{r.name}</span></td>
                  <td>{r.type}</td>
                  <td>{r.state}</td>
                  <td>{r.connectionId ? servers.get(r.connectionId) ?? '' : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </div>
  );
}
