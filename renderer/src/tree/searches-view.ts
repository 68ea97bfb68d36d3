// XenCenter's "Saved Searches" view: its built-in searches and those saved in the connected pools'
// gui_config, one row each; a row's tabs run the search (the Search tab). Pure.
import type { SavedSearch } from '../../../shared/xensearch/saved';
import type { TreeNode } from './tree-node';

/** A saved search row's id: `group|search|<uuid>` (its ref is the uuid). */
export const SEARCH_ROW_PREFIX = 'group|search|';

export function buildSearchesView(searches: readonly SavedSearch[]): TreeNode[] {
  const rows = searches.map((s): TreeNode => ({
    id: `${SEARCH_ROW_PREFIX}${s.search.uuid}`, kind: 'search', cls: 'search', connectionId: s.connectionId ?? '', ref: s.search.uuid,
    name: s.search.name || 'Unnamed search', children: [], description: s.builtIn ? 'Saved search (built in)' : 'Saved search',
  }));
  return [{ id: 'group|searches', kind: 'group', cls: 'group', connectionId: '', ref: 'group|searches', name: 'Saved Searches', children: rows, description: 'Saved Searches' }];
}
