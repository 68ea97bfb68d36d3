// The Storage tab: a VM's, template's or snapshot's disks and DVD drive; an SR's disks (or ISOs); the DVD
// drive again above a VM's console, as XenCenter has it.
import type { Feature } from '../../framework/feature';
import type { SelectedObject } from '../../framework/command';
import { StorageTab } from './StorageTab';
import { SrStorageTab } from './SrStorageTab';
import { DvdDrive } from './DvdDrive';

const ConsoleDvdDrive = ({ target }: { target: SelectedObject }) => <DvdDrive target={target} className="above-console" />;

export const storageFeature: Feature = {
  id: 'storage',
  tabs: [
    { tab: { id: 'storage', title: 'Storage', component: StorageTab }, kinds: ['vm', 'template', 'snapshot'], order: 10 },
    { tab: { id: 'storage', title: 'Storage', component: SrStorageTab }, kinds: ['sr'], order: 10 },
  ],
  extensions: [{ point: 'console:above', component: ConsoleDvdDrive }],
};
