// The Storage tab: a VM's, template's or snapshot's disks and DVD drive; an SR's disks (or ISOs).
import type { Feature } from '../../framework/feature';
import { StorageTab } from './StorageTab';
import { SrStorageTab } from './SrStorageTab';

export const storageFeature: Feature = {
  id: 'storage',
  tabs: [
    { tab: { id: 'storage', title: 'Storage', component: StorageTab }, kinds: ['vm', 'template', 'snapshot'], order: 10 },
    { tab: { id: 'storage', title: 'Storage', component: SrStorageTab }, kinds: ['sr'], order: 10 },
  ],
};
