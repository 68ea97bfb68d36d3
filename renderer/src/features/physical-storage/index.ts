// The Storage tab of a pool or a server (XenCenter's physical storage): its SRs and their connections.
import type { Feature } from '../../framework/feature';
import { PhysicalStorageTab } from './PhysicalStorageTab';

export const physicalStorageFeature: Feature = {
  id: 'physical-storage',
  tabs: [{ tab: { id: 'storage', title: 'Storage', component: PhysicalStorageTab }, kinds: ['pool', 'host'], order: 10 }],
};
