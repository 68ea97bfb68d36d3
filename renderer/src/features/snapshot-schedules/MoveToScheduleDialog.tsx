// The question XenCenter asks before VMs leave their snapshot schedule for another (AssignGroupToVMCommand
// ChangesOK: "Assign VM to snapshot schedule", Yes / No). Yes sends VM.set_snapshot_schedule for each VM that
// joins; a refusal goes to the Events panel in words with its code, as the submenu's own choices do.
import { appStore, useApp } from '../../state';
import { useUi } from '../../state/ui';
import type { SelectedObject } from '../../framework/command';
import { useBridge } from '../../framework/bridge-context';
import { noteOutcomes } from '../../framework/run-command';
import { Dialog } from '../../ui/Dialog';
import { assignPlan, selectedVms, sendPlan } from './assign-menu';
import { poolSchedules } from './pool-schedules';

const cut = (s: string) => (s.length > 250 ? `${s.slice(0, 249)}…` : s);

export function MoveToScheduleDialog({ targets }: { targets?: SelectedObject[] }) {
  const bridge = useBridge();
  const { closeDialog, pushAlert } = useUi.getState();
  const partner = useUi((s) => s.dialog?.partner);
  const selection = targets ?? [];
  const connectionId = selection[0]?.connectionId ?? '';
  useApp((s) => s.version);
  const store = appStore.getState();
  const schedule = poolSchedules(store, connectionId).find((s) => s.ref === partner?.ref);
  const plan = schedule ? assignPlan(selectedVms(selection, store), schedule.ref) : undefined;
  if (!schedule || !plan) return null;
  const [fact, question] = plan.moving.length === 1
    ? [`The VM '${cut(plan.moving[0].name)}' is already assigned to the snapshot schedule '${cut(plan.moving[0].scheduleName)}'.`, `Do you want to assign it to the schedule '${cut(schedule.name)}' instead?`]
    : ['Some of the VMs you selected are already assigned to a different snapshot schedule.', `Do you want to assign these VMs to the schedule '${cut(schedule.name)}' instead?`];
  const yes = async () => {
    closeDialog();
    noteOutcomes(await sendPlan(plan, schedule, connectionId, bridge), appStore, pushAlert);
  };
  return (
    <Dialog title="Assign VM to snapshot schedule" role="alertdialog" onCancel={closeDialog} className="vmss-move">
      <p className="dialog-text">{fact}</p>
      <p className="dialog-text">{question}</p>
      <div className="dialog-buttons">
        <button type="button" className="primary" onClick={() => void yes()}>Yes</button>
        <button type="button" data-autofocus onClick={closeDialog}>No</button>
      </div>
    </Dialog>
  );
}
