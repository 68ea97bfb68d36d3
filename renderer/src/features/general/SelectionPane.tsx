// The Selection tab of several selected rows: the selected objects as one list (XenCenter shows a
// search of them; the Search tab beside it does too), under "3 VMs selected" or "5 objects selected".
// Commands act on them from the menus, the toolbar and the context menu.
import { useMemo } from 'react';
import { useNavTree } from '../../tree/use-nav-tree';
import { indexTree } from '../../tree/keep-selection';
import { KIND_WORDS } from '../../tree/group-members';
import type { TreeNode } from '../../tree/build-tree';
import { MembersList } from './GroupMembersPane';
import { useUi } from '../../state/ui';

/** "3 VMs", "2 servers", "5 objects": the selected rows counted by kind when they are all one kind. */
export function selectedCountText(nodes: readonly TreeNode[]): string {
  const kinds = new Set(nodes.map((n) => n.kind));
  const n = nodes.length;
  const word = kinds.size === 1 ? (KIND_WORDS[nodes[0].kind] ?? 'object') : 'object';
  const noun = word === 'VM' ? word : word.toLowerCase();
  return `${n} ${noun}${n === 1 ? '' : noun.endsWith('s') ? 'es' : 's'}`;
}

/** The Selection tab of several selected rows: the selected objects as one list. */
export function SelectionTab() {
  const tree = useNavTree();
  const nodeIds = useUi((s) => s.selectedNodeIds);
  const index = useMemo(() => indexTree(tree), [tree]);
  const children = [...nodeIds].map((id) => index.get(id)?.node).filter((n): n is TreeNode => !!n);
  const node: TreeNode = { id: 'selection', kind: 'group', cls: 'group', connectionId: '', ref: 'selection', name: 'Selection', children, description: 'Nothing is selected' };
  return <MembersList node={node} listLabel="Selected objects" />;
}
