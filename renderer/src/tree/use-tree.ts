import { useMemo } from 'react';
import { appStore, useApp } from '../state';
import { buildInfrastructureTree, type TreeNode } from './build-tree';
import { useTreeOptions } from './use-tree-options';

/** The infrastructure tree, rebuilt only when a tree class, a connection or a View option changed. */
export function useInfrastructureTree(): TreeNode[] {
  const treeVersion = useApp((s) => s.treeVersion);
  const connections = useApp((s) => s.connections);
  const options = useTreeOptions();
  return useMemo(() => {
    void treeVersion;
    return buildInfrastructureTree({ connections: [...connections.values()], objects: appStore.getState().objects, ...options });
  }, [treeVersion, connections, options]);
}
