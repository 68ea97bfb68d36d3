// The details pane of a tag, folder or group row (View > Objects by Tag / Objects by Folder): the
// objects it holds, as XenCenter's search-style list (name, type, state, pool or server). Enter or
// a double click on a row selects that object in the tree. The same list shows a multi-selection.
import { useState, type KeyboardEvent } from 'react';
import { useApp } from '../../state';
import { useUi } from '../../state/ui';
import { useNavTree } from '../../tree/use-nav-tree';
import { KIND_WORDS, findNode, groupTitle, memberRows, countText } from '../../tree/group-members';
import type { TreeNode } from '../../tree/build-tree';
import { selectionOf } from '../../tree/selection';
import { serverName } from '../../framework/availability';
import { NodeIcon } from '../../ui/Icons';

export function GroupMembersPane({ nodeId }: { nodeId: string }) {
  const tree = useNavTree();
  const node = findNode(tree, nodeId);
  if (!node) return <div className="tabs-empty"><p>Select an item in the tree to see its details.</p></div>;
  const title = groupTitle(node);
  const kind = KIND_WORDS[node.kind] ?? '';
  return <MembersPane node={node} title={node.kind === 'group' ? title : `${kind} ${node.kind === 'tag' ? `'${title}'` : title}`}
    subtitle={countText(node)} listLabel={`Members of ${title}`} expandOnOpen />;
}

/**
 * A list of objects (a group row's members, or the rows of a multi-selection held by `node`):
 * name, type, state, pool or server. Enter or a double click selects that object alone in the tree.
 */
export function MembersPane({ node, title, subtitle, listLabel, expandOnOpen = false }: {
  node: TreeNode; title: string; subtitle: string; listLabel: string;
  /** The list is a tree row's members: opening one opens that row too (and the heading has the row's icon). */
  expandOnOpen?: boolean;
}) {
  const select = useUi((s) => s.select);
  const setExpanded = useUi((s) => s.setExpanded);
  const serversJson = useApp((s) => JSON.stringify([...s.connections.keys()].map((id) => [id, serverName(s, id)])));
  const servers = new Map(JSON.parse(serversJson) as Array<[string, string]>);
  const [focused, setFocused] = useState(0);
  const rows = memberRows(node);
  const open = (i: number) => {
    const child = node.children[i];
    if (!child) return;
    if (expandOnOpen) setExpanded(node.id, true);
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
        {expandOnOpen ? <NodeIcon node={node} /> : null}
        <h2 className="object-title">{title}</h2>
        <span className="object-subtitle">{subtitle}</span>
      </div>
      <div className="tabpanel members-panel">
        {rows.length === 0 ? <p className="empty">{node.description || 'Nothing here.'}</p> : (
          <table className="grid members-grid" role="grid" aria-label={listLabel}>
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
