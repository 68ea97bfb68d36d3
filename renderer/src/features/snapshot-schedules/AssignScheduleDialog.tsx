// VM > Assign to Snapshot Schedule… (XenCenter's AssignGroup menu and AssignVMsToPolicyAction): the
// pool's schedules, or none, for one VM or several of one pool; a VM in another schedule is moved,
// and the dialog says so first (XenCenter's CHANGE_VM_SNAPSHOT_SCHEDULE_WARNING). OK sends
// VM.set_snapshot_schedule for each VM that changes; a refusal stays in the dialog in words and code.
import { useMemo, useState, type FormEvent } from 'react';
import { appStore, useApp } from '../../state';
import { useUi } from '../../state/ui';
import type { SelectedObject } from '../../framework/command';
import { useBridge } from '../../framework/bridge-context';
import { Dialog } from '../../ui/Dialog';
import { NULL_REF } from '../../xapi-model/refs';
import { frequencyWords } from './schedule-model';
import { poolSchedules, poolVms } from './pool-schedules';
import { runSteps } from './schedule-calls';
import { SCHEDULES_DIALOG } from './commands';
import './snapshot-schedules.css';

export function AssignScheduleDialog({ target, targets }: { target?: SelectedObject; targets?: SelectedObject[] }) {
  const chosenVms = targets ?? (target ? [target] : []);
  const connectionId = chosenVms[0]?.connectionId ?? '';
  const bridge = useBridge();
  const { closeDialog, openDialog } = useUi.getState();
  const version = useApp((s) => s.version);
  const schedules = useMemo(() => { void version; return poolSchedules(appStore.getState(), connectionId); }, [version, connectionId]);
  const vms = useMemo(() => { void version; const refs = new Set(chosenVms.map((t) => t.ref)); return poolVms(appStore.getState(), connectionId).filter((v) => refs.has(v.ref)); }, [version, connectionId, chosenVms]);
  const current = new Set(vms.map((v) => v.schedule));
  const [choice, setChoice] = useState(() => (current.size === 1 ? [...current][0] : schedules[0]?.ref ?? ''));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const chosen = schedules.find((s) => s.ref === choice);
  const moving = chosen ? vms.filter((v) => v.schedule && v.schedule !== choice) : [];
  const changes = vms.filter((v) => v.schedule !== choice);
  const who = vms.length === 1 ? `'${vms[0].name}'` : `${vms.length} VMs`;

  const submit = async (e?: FormEvent) => {
    e?.preventDefault();
    setBusy(true);
    setError('');
    const steps = changes.map((v) => ({ method: 'VM.set_snapshot_schedule', args: [v.ref, choice || NULL_REF], what: chosen ? `Assigning '${v.name}' to '${chosen.name}'` : `Removing '${v.name}' from '${v.scheduleName}'` }));
    const refused = await runSteps(bridge, connectionId, steps);
    setBusy(false);
    if (refused) setError(refused); else closeDialog();
  };
  return (
    <Dialog title="Assign to Snapshot Schedule" onCancel={closeDialog} className="vmss-assign">
      <form onSubmit={(e) => void submit(e)} noValidate>
        <p>Choose the snapshot schedule of {who}.</p>
        <fieldset className="wizard-radios vmss-assign-list" aria-label="Snapshot schedule">
          {schedules.map((s) => (
            <label key={s.ref} className="wizard-radio">
              <input type="radio" name="vmss-assign" checked={choice === s.ref} onChange={() => setChoice(s.ref)} />
              <span>{s.name}<span className="vmss-when">{frequencyWords(s.frequency, s.schedule)}{s.enabled ? '' : ' (disabled)'}</span></span>
            </label>
          ))}
          <label className="wizard-radio"><input type="radio" name="vmss-assign" checked={choice === ''} onChange={() => setChoice('')} /><span>None: not in a snapshot schedule</span></label>
        </fieldset>
        {schedules.length === 0 ? <p className="wizard-muted">The pool has no snapshot schedules yet.</p> : null}
        {moving.length ? (
          <p className="wizard-warning" role="note">{moving.length === 1
            ? `The VM '${moving[0].name}' is already assigned to the snapshot schedule '${moving[0].scheduleName}'. It will be assigned to '${chosen!.name}' instead.`
            : `Some of the VMs you selected are already assigned to a different snapshot schedule. They will be assigned to '${chosen!.name}' instead.`}</p>
        ) : null}
        {error ? <p role="alert" className="dialog-error">{error}</p> : null}
        <div className="dialog-buttons">
          <button type="button" onClick={() => openDialog(SCHEDULES_DIALOG, chosenVms[0])}>Manage Schedules…</button>
          <button type="submit" className="primary" disabled={busy || changes.length === 0} title={changes.length === 0 ? 'Nothing changes' : undefined}>OK</button>
          <button type="button" onClick={closeDialog}>Cancel</button>
        </div>
      </form>
    </Dialog>
  );
}
