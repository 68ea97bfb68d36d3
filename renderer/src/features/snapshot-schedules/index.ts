// VM snapshot schedules (VMSS): Pool > VM Snapshot Schedules…, its New / Properties wizard.
import { at, type Feature } from '../../framework/feature';
import { SCHEDULES_COMMAND, SCHEDULES_DIALOG, SCHEDULE_WIZARD } from './commands';
import { SchedulesDialog } from './SchedulesDialog';
import { ScheduleWizard } from './ScheduleWizard';

export const snapshotSchedulesFeature: Feature = {
  id: 'snapshot-schedules',
  commands: [{ entry: SCHEDULES_COMMAND, places: [at('menu:pool', 10, { order: 5 }), at('context:pool', 20, { order: 5 })] }],
  dialogs: [{ kind: SCHEDULES_DIALOG, component: SchedulesDialog }, { kind: SCHEDULE_WIZARD, component: ScheduleWizard }],
};
