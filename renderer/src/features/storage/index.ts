// The Storage tab: a VM's, template's or snapshot's disks.
import type { Feature } from '../../framework/feature';
import { StorageTab } from './StorageTab';

export const storageFeature: Feature = {
  id: 'storage',
  tabs: [{ tab: { id: 'storage', title: 'Storage', component: StorageTab }, kinds: ['vm', 'template', 'snapshot'], order: 10 }],
};
