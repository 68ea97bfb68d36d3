// A host's maintenance mode, power (Reboot, Shut Down, Power On) and Restart Toolstack, with the dialogs
// that say which VMs move and which stop.
import { at, type Feature } from '../../framework/feature';
import type { SelectedObject } from '../../framework/command';
import { HOST_COMMANDS } from './commands';
import { EnterMaintenanceDialog, HostPowerDialog, RestartToolstackDialog } from './HostDialogs';

export const hostMaintenanceFeature: Feature = {
  id: 'host-maintenance',
  commands: HOST_COMMANDS.map((entry) => ({ entry, places: [at('menu:server', 30), at('context:host', 50)] })),
  dialogs: [
    { kind: 'enterMaintenance', component: EnterMaintenanceDialog },
    { kind: 'rebootHost', component: ({ target }: { target: SelectedObject }) => <HostPowerDialog target={target} action="reboot" /> },
    { kind: 'shutdownHost', component: ({ target }: { target: SelectedObject }) => <HostPowerDialog target={target} action="shutdown" /> },
    { kind: 'restartToolstack', component: RestartToolstackDialog },
  ],
};
