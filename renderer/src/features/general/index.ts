// The General tab: every object's properties as XenCenter's General tab shows them.
import type { Feature } from '../../framework/feature';
import { GeneralTab } from './GeneralTab';

export const generalFeature: Feature = {
  id: 'general',
  tabs: [{
    tab: { id: 'general', title: 'General', component: GeneralTab },
    kinds: ['connection', 'pool', 'host', 'vm', 'template', 'snapshot', 'sr', 'network'],
    order: 0,
  }],
};
