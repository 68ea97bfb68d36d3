// VM snapshot schedules (VMSS): Pool > VM Snapshot Schedules…, its New / Properties wizard, and
// VM > Assign to Snapshot Schedule…, and the VM's schedule below its Snapshots tab.
import { at, type Feature } from '../../framework/feature';
import { ASSIGN_COMMAND, ASSIGN_DIALOG, ASSIGN_MULTI_DIALOG, SCHEDULES_COMMAND, SCHEDULES_DIALOG, SCHEDULE_WIZARD } from './commands';
import { AssignScheduleDialog } from './AssignScheduleDialog';
import { SchedulesDialog } from './SchedulesDialog';
import { ScheduleWizard } from './ScheduleWizard';
import { VmScheduleLine } from './VmScheduleLine';

export const snapshotSchedulesFeature: Feature = {
  id: 'snapshot-schedules',
  commands: [
    { entry: SCHEDULES_COMMAND, places: [at('menu:pool', 10, { order: 5 }), at('context:pool', 20, { order: 5 })] },
    { entry: ASSIGN_COMMAND, places: [at('menu:vm', 50, { order: 1 }), at('context:vm', 40, { order: 1 })] },
  ],
  dialogs: [{ kind: SCHEDULES_DIALOG, component: SchedulesDialog }, { kind: SCHEDULE_WIZARD, component: ScheduleWizard },
    { kind: ASSIGN_DIALOG, component: AssignScheduleDialog }, { kind: ASSIGN_MULTI_DIALOG, component: AssignScheduleDialog },
  ],
  extensions: [{ point: 'snapshots:below', component: VmScheduleLine }],
};
