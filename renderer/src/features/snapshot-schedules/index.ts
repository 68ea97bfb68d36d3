// VM snapshot schedules (VMSS): Pool > VM Snapshot Schedules…, its New / Properties wizard, the VM
// menu's Assign to Snapshot Schedule submenu (with New Snapshot Schedule… for the selected VMs), and
// the VM's schedule below its Snapshots tab.
import { at, type Feature } from '../../framework/feature';
import { SCHEDULES_COMMAND, SCHEDULES_DIALOG, SCHEDULE_WIZARD } from './commands';
import { ASSIGN_COMMAND, MOVE_WARNING_DIALOG, NEW_FOR_VMS_DIALOG } from './assign-menu';
import { MoveToScheduleDialog } from './MoveToScheduleDialog';
import { SchedulesDialog } from './SchedulesDialog';
import { ScheduleWizard, ScheduleWizardForVms } from './ScheduleWizard';
import { VmScheduleLine } from './VmScheduleLine';

export const snapshotSchedulesFeature: Feature = {
  id: 'snapshot-schedules',
  commands: [
    { entry: SCHEDULES_COMMAND, places: [at('menu:pool', 10, { order: 5 }), at('context:pool', 20, { order: 5 })] },
    { entry: ASSIGN_COMMAND, places: [at('menu:vm', 50, { order: 1 }), at('context:vm', 40, { order: 1 })] },
  ],
  dialogs: [{ kind: SCHEDULES_DIALOG, component: SchedulesDialog }, { kind: SCHEDULE_WIZARD, component: ScheduleWizard },
    { kind: NEW_FOR_VMS_DIALOG, component: ScheduleWizardForVms }, { kind: MOVE_WARNING_DIALOG, component: MoveToScheduleDialog },
  ],
  extensions: [{ point: 'snapshots:below', component: VmScheduleLine }],
};
