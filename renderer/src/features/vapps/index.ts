// vApps: Pool > Manage vApps… (list, New vApp wizard, Properties, Delete, Start, Shut Down) and Start vApp /
// Shut Down vApp on the vApp rows of Objects by vApp; VM > Assign to vApp (a submenu).
import { at, type Feature } from '../../framework/feature';
import { DIALOGS, MANAGE_VAPPS, SHUT_DOWN_VAPP, START_VAPP } from './commands';
import { ManageVAppsDialog, ShutDownVAppDialog } from './ManageVAppsDialog';
import { ASSIGN_DIALOGS, ASSIGN_VAPP, AssignConfirmDialog, NewVAppWithVmsDialog } from './assign';

export const vappsFeature: Feature = {
  id: 'vapps',
  commands: [
    { entry: MANAGE_VAPPS, places: [at('menu:pool', 10, { order: 10 }), at('context:pool', 20, { order: 10 })] },
    { entry: START_VAPP, places: [at('context:vapp', 10)] },
    { entry: SHUT_DOWN_VAPP, places: [at('context:vapp', 10, { order: 1 })] },
    // Beside Assign to Snapshot Schedule, as XenCenter's VM menu.
    { entry: ASSIGN_VAPP, places: [at('menu:vm', 50, { order: 2 }), at('context:vm', 40, { order: 2 })] },
  ],
  dialogs: [{ kind: DIALOGS.manage, component: ManageVAppsDialog }, { kind: DIALOGS.shutDown, component: ShutDownVAppDialog },
    { kind: ASSIGN_DIALOGS.confirm, component: AssignConfirmDialog }, { kind: ASSIGN_DIALOGS.newWith, component: NewVAppWithVmsDialog }],
};
