import { useMemo } from 'react';
import { appStore, useApp } from '../store';
import { useUi } from '../store/ui';
import { buildInfrastructureTree, type TreeNode } from './build-tree';

/** The infrastructure tree, rebuilt only when a tree class or a connection changed. */
export function useInfrastructureTree(): TreeNode[] {
  const treeVersion = useApp((s) => s.treeVersion);
  const connections = useApp((s) => s.connections);
  const showTemplates = useUi((s) => s.showTemplates);
  const showSnapshots = useUi((s) => s.showSnapshots);
  const showHidden = useUi((s) => s.showHidden);
  const showNetworks = useUi((s) => s.showNetworks);
  return useMemo(() => {
    void treeVersion;
    return buildInfrastructureTree({
      connections: [...connections.values()],
      objects: appStore.getState().objects,
      showTemplates, showSnapshots, showHidden, showNetworks,
    });
  }, [treeVersion, connections, showTemplates, showSnapshots, showHidden, showNetworks]);
}
