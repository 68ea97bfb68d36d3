// Networking: a VM's virtual interfaces, the networks of a pool or host (Networking tab), a host's NICs.
import type { Feature } from '../../framework/feature';
import { NetworkingTab } from './NetworkingTab';
import { NicsTab } from './NicsTab';
import { AddVifDialog, RemoveVifDialog, VifPropertiesDialog } from './VifDialogs';
import { AddNetworkDialog, RemoveNetworkDialog } from './NetworkDialogs';

export const networkingFeature: Feature = {
  id: 'networking',
  tabs: [
    { tab: { id: 'networking', title: 'Networking', component: NetworkingTab }, kinds: ['pool', 'host', 'vm'], order: 20 },
    { tab: { id: 'nics', title: 'NICs', component: NicsTab }, kinds: ['host'], order: 25 },
  ],
  // The tab's commands (commands.ts) have no menu place yet, so they are not listed under `commands`
  // (every listed entry has a place); the tab's buttons run them and the host renders their dialogs.
  dialogs: [
    { kind: 'addVif', component: AddVifDialog },
    { kind: 'vifProperties', component: VifPropertiesDialog },
    { kind: 'removeVif', component: RemoveVifDialog },
    { kind: 'addNetwork', component: AddNetworkDialog },
    { kind: 'removeNetwork', component: RemoveNetworkDialog },
  ],
};
