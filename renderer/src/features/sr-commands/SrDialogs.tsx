// The SR commands' dialogs: Repair Storage Repository (each server's connection to the SR, live, and the
// repair's progress), and XenCenter's questions before Detach, Forget, Destroy (the virtual disks it
// deletes, listed) and Reclaim freed space. OK runs the command's sr.run; its task shows in the Events panel.
import { useId, useMemo, useState } from 'react';
import { appStore, taskKey, useApp } from '../../state';
import type { Command, SelectedObject } from '../../framework/command';
import { runCommand } from '../../framework/run-command';
import { useRunChoice } from '../../framework/use-run-choice';
import { useUi } from '../../state/ui';
import { Dialog } from '../../ui/Dialog';
import { formatBytes } from '../../xapi-model/format';
import { errorText, taskErrorInfo } from '../../xapi-model/errors';
import type { SrAction } from '../../../../shared/ipc/areas/sr';
import { DESTROY_SR_COMMAND, DETACH_SR_COMMAND, FORGET_SR_COMMAND, REPAIR_SR_COMMAND, TRIM_SR_COMMAND, runSrAction } from './commands';
import { srFacts, type SrFacts } from './model';
import './sr-commands.css';

function useFacts(target: SelectedObject): SrFacts | undefined {
  const version = useApp((s) => s.version);
  return useMemo(() => { void version; return srFacts(appStore.getState(), target.connectionId, target.ref); }, [version, target]);
}

/** Each server's connection to the SR, as XenCenter's RepairSRDialog words it. */
export function hostStatuses(f: SrFacts): Array<{ host: string; status: string }> {
  const hosts = f.shared ? f.hosts : f.hosts.filter((h) => f.pbds.some((p) => p.host === h.ref));
  return hosts.map((h) => {
    const pbd = f.pbds.find((p) => p.host === h.ref);
    return { host: h.name, status: !pbd ? 'Connection Missing' : pbd.attached ? 'Connected' : 'Unplugged' };
  });
}

export function RepairSrDialog({ target }: { target: SelectedObject }) {
  const { bridge, close } = useRunChoice();
  const pushAlert = useUi((s) => s.pushAlert);
  const facts = useFacts(target);
  const [taskRef, setTaskRef] = useState<string | null>(null);
  const [started, setStarted] = useState(false);
  const task = useApp((s) => { void s.taskVersion; return taskRef ? s.tasks.get(taskKey(target.connectionId, taskRef)) : undefined; });
  const textId = useId();
  if (!facts) return null;
  const repair = () => {
    setStarted(true);
    // Stays open: the rows follow each server's PBD as the repair plugs it.
    const cmd: Command = {
      ...REPAIR_SR_COMMAND, dialog: undefined,
      async execute(sel, b, store) {
        const out = await runSrAction(b ?? bridge, sel[0], 'repair', store);
        if (out.taskRef) setTaskRef(out.taskRef);
        return [out];
      },
    };
    void runCommand(cmd, [target], bridge, appStore, pushAlert);
  };
  const running = started && (!task || task.status === 'pending');
  const status = !started ? undefined : !task ? 'Starting…'
    : task.status === 'pending' ? `${task.step ?? 'Repairing'}… ${Math.round(task.progress * 100)}%`
    : task.status === 'success' ? `Repaired SR ${facts.name}` : `Repair failed: ${errorText(taskErrorInfo(task.errorInfo))}`;
  return (
    <Dialog title={`Repair Storage Repository - ${facts.name}`} onCancel={close} className="sr-repair" describedBy={textId}>
      <p id={textId} className="dialog-text">
        Click Repair to have PoolDesk attempt to diagnose and resolve the connection problems with this storage repository.
        If the problem cannot be resolved, look at the server&apos;s logs for more detailed error messages.
      </p>
      <table className="grid sr-repair-grid" aria-label="Connections">
        <thead><tr><th>Storage repository / server</th><th>Status</th></tr></thead>
        <tbody>
          <tr className="sr-repair-sr"><td colSpan={2}>{facts.name}</td></tr>
          {hostStatuses(facts).map((h) => (
            <tr key={h.host}><td className="sr-repair-host">{h.host}</td><td data-status={h.status}>{h.status}</td></tr>
          ))}
        </tbody>
      </table>
      {status && <p className="sr-repair-status" role="status">{status}</p>}
      <div className="dialog-buttons">
        <button type="button" className="primary" onClick={repair} disabled={started}>Repair</button>
        <button type="button" data-autofocus onClick={close}>{started && !running ? 'Close' : 'Cancel'}</button>
      </div>
    </Dialog>
  );
}

interface Ask { cmd: Command; action: SrAction; title: string; yes: string; text(f: SrFacts): string }

function confirmDialog(ask: Ask) {
  return function ConfirmSrDialog({ target }: { target: SelectedObject }) {
    const { bridge, close, run } = useRunChoice();
    const facts = useFacts(target);
    const textId = useId();
    if (!facts) return null;
    const go = () => run(ask.cmd, target, async (sel, b, store) => [await runSrAction(b ?? bridge, sel[0], ask.action, store)]);
    const destroy = ask.action === 'destroy';
    return (
      <Dialog title={ask.title} role="alertdialog" onCancel={close} className="sr-confirm" describedBy={textId}>
        <p id={textId} className="dialog-text sr-confirm-text">{ask.text(facts)}</p>
        {destroy && (
          <fieldset className="choice-group">
            <legend>Virtual disks that will be deleted</legend>
            {facts.disks.length === 0 ? <p className="empty">The SR holds no virtual disks.</p> : (
              <ul className="check-list sr-disk-list" aria-label="Virtual disks that will be deleted">
                {facts.disks.map((d) => (
                  <li key={d.ref}>
                    <span>{d.name}</span>
                    <span className="field-note">{formatBytes(d.size)}{d.vms.length ? `; used by ${d.vms.join(', ')}` : ''}</span>
                  </li>
                ))}
              </ul>
            )}
          </fieldset>
        )}
        <div className="dialog-buttons">
          <button type="button" className={ask.action === 'trim' || ask.action === 'detach' ? 'primary' : 'danger'} onClick={go}>{ask.yes}</button>
          <button type="button" data-autofocus onClick={close}>No</button>
        </div>
      </Dialog>
    );
  };
}

export const DetachSrDialog = confirmDialog({
  cmd: DETACH_SR_COMMAND, action: 'detach', title: 'Detach Storage Repository', yes: 'Yes',
  text: () => 'Detaching this storage repository will make the virtual disks that it contains inaccessible. The contents of the virtual disks themselves will remain intact.\n\n'
    + 'If you subsequently reattach the storage repository, you will need to provide the correct device configuration details.\n\n'
    + 'Are you sure you want to detach this storage repository?',
});

export const ForgetSrDialog = confirmDialog({
  cmd: FORGET_SR_COMMAND, action: 'forget', title: 'Forget Storage Repository', yes: 'Yes, Forget',
  text: (f) => `Are you sure you want to forget '${f.name}'?\n\n`
    + 'Forgetting this storage repository will permanently remove the information used to connect the virtual machines to the virtual disks in the storage repository. '
    + 'The contents of the virtual disks themselves will remain intact.\n\nThis action is final and unrecoverable.',
});

export const DestroySrDialog = confirmDialog({
  cmd: DESTROY_SR_COMMAND, action: 'destroy', title: 'Destroy Storage Repository', yes: 'Yes, Destroy',
  text: (f) => `Are you sure you want to destroy '${f.name}'?\n\n`
    + 'Destroying this storage repository will permanently remove all associated virtual disks from the underlying storage device.\n\nThis action is final and unrecoverable.',
});

export const TrimSrDialog = confirmDialog({
  cmd: TRIM_SR_COMMAND, action: 'trim', title: 'Reclaim freed space', yes: 'Yes',
  text: () => 'The process of reclaiming space may place significant load on the storage controller, temporarily affecting the storage\'s performance.\n'
    + 'Would you like to carry out the operation at this time?',
});
