// The heading and tab target of a details pane that is not one object: several selected rows ("3 VMs
// selected"), a tag, folder or group row (its name and count), a saved search (its name).
import { useMemo } from 'react';
import { useUi } from '../state/ui';
import { useNavTree } from '../tree/use-nav-tree';
import { indexTree } from '../tree/keep-selection';
import { countText, findNode, groupTitle, KIND_WORDS } from '../tree/group-members';
import type { TreeNode } from '../tree/build-tree';
import type { TabTarget } from '../framework/tab';
import { selectedCountText } from '../features/general/SelectionPane';

export interface PseudoHeading { target: TabTarget; title: string; subtitle: string; node?: TreeNode }

export function usePseudoHeading(rowId: string | null): PseudoHeading | undefined {
  const tree = useNavTree();
  const selected = useUi((s) => s.selectedNodeIds);
  return useMemo(() => {
    if (rowId === null) {
      const index = indexTree(tree);
      const nodes = [...selected].map((id) => index.get(id)?.node).filter((n): n is TreeNode => !!n);
      return { target: { connectionId: '', cls: 'selection', ref: 'selection', kind: 'selection' }, title: `${selectedCountText(nodes)} selected`, subtitle: '' };
    }
    const node = findNode(tree, rowId);
    if (!node) return undefined;
    if (node.kind === 'search') return { target: { connectionId: '', cls: 'search', ref: node.ref, kind: 'search' }, title: node.name, subtitle: 'Saved search', node };
    const title = groupTitle(node);
    return {
      target: { connectionId: '', cls: node.kind, ref: node.id, kind: node.kind },
      title: node.kind === 'group' ? title : `${KIND_WORDS[node.kind] ?? ''} ${node.kind === 'tag' ? `'${title}'` : title}`,
      subtitle: countText(node), node,
    };
  }, [rowId, tree, selected]);
}
