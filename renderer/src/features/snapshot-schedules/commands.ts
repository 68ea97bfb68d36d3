// Pool > VM Snapshot Schedules… (XenCenter's ScheduledSnapshotsDialog): the pool's schedules, from
// which New…, Properties, Enable/Disable, Run Now and Delete act. Run Now is VMSS.snapshot_now on a
// task (shown in the Events panel); the rest are short calls the dialog and wizard send themselves.
import type { Command, Selection } from '../../framework/command';
import type { StoreView } from '../../state/store';
import { record } from '../../xapi-model/records';

export const SCHEDULES_DIALOG = 'vmssList';
export const SCHEDULE_WIZARD = 'vmssWizard';

function poolOrServer(selection: Selection): boolean {
  return selection.length === 1 && (selection[0].cls === 'pool' || selection[0].cls === 'host');
}

export const SCHEDULES_COMMAND: Command = {
  id: 'vmss.dialog',
  label: 'VM Snapshot Schedules…',
  dialog: SCHEDULES_DIALOG,
  methods: ['VMSS.create', 'VMSS.destroy', 'VM.set_snapshot_schedule'],
  canExecute: (selection, store) => poolOrServer(selection) && record(store as StoreView, selection[0].connectionId, selection[0].cls === 'pool' ? 'pool' : 'host', selection[0].ref) !== undefined,
  disabledReason: (selection) => (poolOrServer(selection) ? 'The pool is no longer on the server' : 'Select a pool or a server'),
  async execute() { return []; },
};

/** Run Now's command: its task goes to the Events panel under this title. */
export const RUN_NOW_COMMAND: Command = {
  id: 'vmss.runNow',
  label: 'Run Now',
  methods: ['VMSS.snapshot_now'],
  canExecute: () => true,
  async execute() { return []; },
};
