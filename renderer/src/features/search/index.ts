// Search: XenCenter's Search tab on every row (objects, tags, folders, groups, several selected rows,
// saved searches), saved searches kept in the pools' gui_config, .xensearch export and import.
import type { Feature } from '../../framework/feature';
import { SearchTab } from './SearchTab';

export const searchFeature: Feature = {
  id: 'search',
  tabs: [{
    tab: { id: 'search', title: 'Search', component: SearchTab },
    kinds: ['connection', 'pool', 'host', 'vm', 'template', 'snapshot', 'sr', 'network', 'group', 'tag', 'folder', 'selection', 'search'],
    // Last, as XenCenter's Search tab.
    order: 90,
  }],
};
