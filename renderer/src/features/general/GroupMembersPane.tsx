// The Overview tab of a tag, folder or group row (View > Objects by Tag / Objects by Folder): the
// objects it holds, as XenCenter's search-style list (name, type, state, pool or server). Enter or
// a double click on a row selects that object in the tree. The same list shows a multi-selection.
import { useState, type KeyboardEvent } from 'react';
import { useApp } from '../../state';
import { useUi } from '../../state/ui';
import { useNavTree } from '../../tree/use-nav-tree';
import { findNode, groupTitle, memberRows } from '../../tree/group-members';
import type { TreeNode } from '../../tree/build-tree';
import { selectionOf } from '../../tree/selection';
import { serverName } from '../../framework/availability';
import { NodeIcon } from '../../ui/Icons';
import type { TabTarget } from '../../framework/tab';

/** The Overview tab of a tag, folder or group row (its heading is the tabs pane's). */
export function GroupMembersTab({ target }: { target: TabTarget }) {
  const tree = useNavTree();
  const node = findNode(tree, target.ref);
  if (!node) return <p className="empty">Nothing here.</p>;
  return <MembersList node={node} listLabel={`Members of ${groupTitle(node)}`} expandOnOpen />;
}

/**
 * A list of objects (a group row's members, or the rows of a multi-selection held by `node`):
 * name, type, state, pool or server. Enter or a double click selects that object alone in the tree.
 */
export function MembersList({ node, listLabel, expandOnOpen = false }: {
  node: TreeNode; listLabel: string;
  /** The list is a tree row's members: opening one opens that row too. */
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
  if (rows.length === 0) return <p className="empty">{node.description || 'Nothing here.'}</p>;
  return (
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
  );
}
