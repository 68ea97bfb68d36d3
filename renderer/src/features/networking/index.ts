// Networking: a VM's virtual interfaces, the networks of a pool or host (Networking tab), a host's NICs.
import type { Feature } from '../../framework/feature';
import { NetworkingTab } from './NetworkingTab';
import { NicsTab } from './NicsTab';

export const networkingFeature: Feature = {
  id: 'networking',
  tabs: [
    { tab: { id: 'networking', title: 'Networking', component: NetworkingTab }, kinds: ['pool', 'host', 'vm'], order: 20 },
    { tab: { id: 'nics', title: 'NICs', component: NicsTab }, kinds: ['host'], order: 25 },
  ],
};
