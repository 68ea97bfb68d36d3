import { useMemo } from 'react';
import { appStore, useApp } from '../store';
import { useUi } from '../store/ui';
import { buildInfrastructureTree, type TreeNode } from './build-tree';
import { buildFoldersView, buildTagsView } from './org-views';
import { useInfrastructureTree } from './use-tree';

/** The tree of the chosen view: Infrastructure, Objects by Tag or Objects by Folder. */
export function useNavTree(): TreeNode[] {
  const view = useUi((s) => s.treeView);
  const infrastructure = useInfrastructureTree();
  const treeVersion = useApp((s) => s.treeVersion);
  const connections = useApp((s) => s.connections);
  const showTemplates = useUi((s) => s.showTemplates);
  const showHidden = useUi((s) => s.showHidden);
  return useMemo(() => {
    void treeVersion;
    if (view === 'infrastructure') return infrastructure;
    // Networks are objects that carry tags and folders too, whatever "Show Networks" says.
    const all = buildInfrastructureTree({
      connections: [...connections.values()], objects: appStore.getState().objects, showTemplates, showHidden, showNetworks: true,
    });
    return view === 'tags' ? buildTagsView(all) : buildFoldersView(all);
  }, [view, infrastructure, treeVersion, connections, showTemplates, showHidden]);
}
