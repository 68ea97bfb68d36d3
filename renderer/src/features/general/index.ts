// The General tab: every object's properties as XenCenter's General tab shows them.
import type { Feature } from '../../framework/feature';
import { GeneralTab } from './GeneralTab';
import { GroupMembersTab } from './GroupMembersPane';
import { SelectionTab } from './SelectionPane';

export const generalFeature: Feature = {
  id: 'general',
  tabs: [{
    tab: { id: 'general', title: 'General', component: GeneralTab },
    kinds: ['connection', 'pool', 'host', 'vm', 'template', 'snapshot', 'sr', 'network'],
    order: 0,
  }, {
    // A tag, folder or group row: the objects it holds.
    tab: { id: 'members', title: 'Overview', component: GroupMembersTab }, kinds: ['group', 'tag', 'folder'], order: 0,
  }, {
    tab: { id: 'selection', title: 'Selection', component: SelectionTab }, kinds: ['selection'], order: 0,
  }],
};
