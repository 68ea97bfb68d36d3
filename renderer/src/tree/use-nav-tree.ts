import { useMemo } from 'react';
import { appStore, useApp } from '../state';
import { useUi } from '../state/ui';
import { buildInfrastructureTree, type TreeNode } from './build-tree';
import { buildFoldersView, buildTagsView, emptyFoldersOf } from './org-views';
import { buildTypesView } from './types-view';
import { buildCustomFieldsView } from './custom-field-view';
import { buildVappsView } from './vapp-view';
import { buildSearchesView } from './searches-view';
import { savedSearches } from '../../../shared/xensearch/saved';
import { useInfrastructureTree } from './use-tree';
import { useTreeOptions } from './use-tree-options';

/** The tree of the chosen view: Infrastructure, Objects by Type, by Tag, by Folder, by Custom Field, by vApp, or the Saved Searches. */
export function useNavTree(): TreeNode[] {
  const view = useUi((s) => s.treeView);
  const infrastructure = useInfrastructureTree();
  const treeVersion = useApp((s) => s.treeVersion);
  const connections = useApp((s) => s.connections);
  const options = useTreeOptions();
  return useMemo(() => {
    void treeVersion;
    if (view === 'infrastructure') return infrastructure;
    const { objects } = appStore.getState();
    // Objects by Type groups the very rows Infrastructure draws (networks only when shown there).
    if (view === 'types') return buildTypesView(infrastructure, objects);
    if (view === 'searches') return buildSearchesView(savedSearches(objects, [...connections.values()]));
    // The same objects as the Infrastructure view draws (templates, local storage, hidden objects
    // per the View options; GroupAlg.Hide's rules). Networks carry tags and folders too, whatever
    // "Show Networks" says.
    const all = buildInfrastructureTree({
      connections: [...connections.values()], objects, ...options, showNetworks: true,
    });
    if (view === 'customFields') return buildCustomFieldsView(all, objects);
    if (view === 'vapps') return buildVappsView(all, objects);
    return view === 'tags' ? buildTagsView(all) : buildFoldersView(all, emptyFoldersOf(objects));
  }, [view, infrastructure, treeVersion, connections, options]);
}
