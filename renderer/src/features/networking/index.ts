// Networking: a VM's virtual interfaces, the networks of a pool or host (Networking tab), a host's NICs.
import type { Feature } from '../../framework/feature';
import { NetworkingTab } from './NetworkingTab';
import { NicsTab } from './NicsTab';
import { AddVifDialog, RemoveVifDialog, VifPropertiesDialog } from './VifDialogs';
import { AddNetworkDialog, RemoveNetworkDialog } from './NetworkDialogs';
import { NETWORK_COMMANDS, VIF_COMMANDS } from './commands';

export const networkingFeature: Feature = {
  id: 'networking',
  tabs: [
    { tab: { id: 'networking', title: 'Networking', component: NetworkingTab }, kinds: ['pool', 'host', 'vm'], order: 20 },
    { tab: { id: 'nics', title: 'NICs', component: NicsTab }, kinds: ['host'], order: 25 },
  ],
  // The tab's buttons run these; no menu shows them (XenCenter keeps them on the tab), but registered they
  // can be run by id from another feature.
  commands: [...VIF_COMMANDS, ...NETWORK_COMMANDS].map((entry) => ({ entry, places: [] })),
  dialogs: [
    { kind: 'addVif', component: AddVifDialog },
    { kind: 'vifProperties', component: VifPropertiesDialog },
    { kind: 'removeVif', component: RemoveVifDialog },
    { kind: 'addNetwork', component: AddNetworkDialog },
    { kind: 'removeNetwork', component: RemoveNetworkDialog },
  ],
};
