// The host commands' confirmations: Enter Maintenance Mode (which VMs move, which prevent it and
// why), Reboot / Shut Down (the same split: the VMs that cannot move are shut down first), Restart
// Toolstack (a warning). The split comes from host.get_vms_which_prevent_evacuation, asked when the
// dialog opens and again when the host's VMs change. OK runs the command through runCommand, so the
// task, or a refused request (words and code), shows in the Events panel.
import { useId, useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import { appStore, useApp } from '../../state';
import { ENTER_MAINTENANCE, REBOOT_HOST, RESTART_TOOLSTACK, SHUTDOWN_HOST } from './commands';
import { type SelectedObject } from '../../framework/command';
import { runHostMaintenance } from './commands';
import { evacuationPlanView, residentVms, storeNames, type EvacuationPlanView } from './host-state';
import { toErrorInfo } from '../../bridge/types';
import { errorText } from '../../xapi-model/errors';
import { str } from '../../xapi-model/format';
import { Dialog } from '../../ui/Dialog';
import { useRunChoice } from '../../framework/use-run-choice';
import { useBridge } from '../../framework/bridge-context';
import './host-dialogs.css';

/** How many names each list shows before "and N more". */
const MAX_LISTED = 8;

function useHostName(t: SelectedObject): string {
  return useApp((s) => str(s.objects.get(t.connectionId)?.get('host')?.get(t.ref)?.name_label) || t.ref);
}

/** The host's resident VMs split by the server's evacuation check; undefined while it is asked. */
function useEvacuationPlan(t: SelectedObject): { plan?: EvacuationPlanView; error?: unknown } {
  const bridge = useBridge();
  const version = useApp((s) => s.version);
  const resident = useMemo(() => { void version; return residentVms(appStore.getState(), t.connectionId, t.ref); }, [version, t]);
  const key = resident.map((v) => v.ref).join(',');
  const q = useQuery({
    // Asked again whenever the set of resident VMs changes (a VM started, stopped or migrated).
    queryKey: ['host.get_vms_which_prevent_evacuation', t.connectionId, t.ref, key],
    queryFn: () => bridge.request('xapi.call', { connectionId: t.connectionId, method: 'host.get_vms_which_prevent_evacuation', args: [t.ref] }),
    gcTime: 0,
    retry: false,
  });
  const plan = useMemo(() => {
    if (!q.data || typeof q.data !== 'object') return undefined;
    return evacuationPlanView(resident, q.data as Record<string, unknown>, storeNames(appStore.getState(), t.connectionId));
  }, [q.data, resident, t.connectionId]);
  return { plan, error: q.error ?? undefined };
}

function VmList({ vms }: { vms: Array<{ ref: string; name: string; reason?: string; code?: string }> }) {
  return (
    <ul className="host-vm-list">
      {vms.slice(0, MAX_LISTED).map((vm) => (
        <li key={vm.ref}>
          <span className="host-vm-name">{vm.name}</span>
          {vm.reason ? <span className="host-vm-reason">{vm.reason} <span className="host-vm-code">({vm.code})</span></span> : null}
        </li>
      ))}
      {vms.length > MAX_LISTED ? <li className="host-vm-more">and {vms.length - MAX_LISTED} more</li> : null}
    </ul>
  );
}

/** What happens to the host's VMs: the plan, or that it is being asked, or why it could not be. */
function VmPlan({ plan, error, blockedHeading, blockedClass }: { plan?: EvacuationPlanView; error?: unknown; blockedHeading: string; blockedClass: string }) {
  if (error) return <div className="dialog-error" role="alert">The server could not say which VMs can be migrated: {errorText(toErrorInfo(error))}</div>;
  if (!plan) return <p className="host-vm-status" role="status">Checking which VMs can be migrated…</p>;
  if (plan.movable.length === 0 && plan.blocked.length === 0) return <p className="host-vm-status">No VMs are running on it.</p>;
  return (
    <div className="host-vm-plan">
      {plan.movable.length > 0 ? (
        <section className="host-vm-group">
          <h3>Migrated to other servers ({plan.movable.length})</h3>
          <VmList vms={plan.movable} />
        </section>
      ) : null}
      {plan.blocked.length > 0 ? (
        <section className={`host-vm-group ${blockedClass}`}>
          <h3>{blockedHeading} ({plan.blocked.length})</h3>
          <VmList vms={plan.blocked} />
        </section>
      ) : null}
    </div>
  );
}

export function EnterMaintenanceDialog({ target }: { target: SelectedObject }) {
  const { bridge, close, run } = useRunChoice();
  const name = useHostName(target);
  const { plan, error } = useEvacuationPlan(target);
  const textId = useId();
  const blocked = (plan?.blocked.length ?? 0) > 0;
  const enter = () => run(ENTER_MAINTENANCE, target, async (sel, b, store) => [await runHostMaintenance(b ?? bridge, sel[0], 'enter', store)]);
  return (
    <Dialog title="Enter Maintenance Mode" onCancel={close} className="host-dialog" describedBy={textId}>
      <p id={textId} className="dialog-text">
        &apos;{name}&apos; will be disabled so that no new VMs start on it, and its running VMs will be migrated to other servers
        in the pool. It stays in maintenance mode until you choose Exit Maintenance Mode.
      </p>
      <VmPlan plan={plan} error={error} blockedHeading="Cannot be migrated" blockedClass="host-vm-blocked" />
      {blocked ? <p className="host-vm-hint" role="note">Shut down, suspend or move these VMs first; then maintenance mode can start.</p> : null}
      <div className="dialog-buttons">
        <button type="button" className="primary" disabled={!plan || blocked}
          title={!plan ? (error ? 'The VMs that would move could not be listed' : 'Listing the VMs that would move…') : blocked ? 'Some VMs cannot be migrated: shut down, suspend or move them first' : undefined} onClick={enter}>Enter Maintenance Mode</button>
        <button type="button" data-autofocus onClick={close}>Cancel</button>
      </div>
    </Dialog>
  );
}

export function HostPowerDialog({ target, action }: { target: SelectedObject; action: 'reboot' | 'shutdown' }) {
  const { bridge, close, run } = useRunChoice();
  const name = useHostName(target);
  const isCoordinator = useApp((s) => [...(s.objects.get(target.connectionId)?.get('pool')?.values() ?? [])].some((p) => p.master === target.ref));
  const powerOnMode = useApp((s) => String(s.objects.get(target.connectionId)?.get('host')?.get(target.ref)?.power_on_mode ?? ''));
  const { plan, error } = useEvacuationPlan(target);
  const textId = useId();
  const reboot = action === 'reboot';
  const go = () => {
    const stop = plan?.blocked.map((v) => v.ref) ?? [];
    run(reboot ? REBOOT_HOST : SHUTDOWN_HOST, target, async (sel, b, store) => [await runHostMaintenance(b ?? bridge, sel[0], action, store, stop)]);
  };
  return (
    <Dialog title={reboot ? 'Reboot Server' : 'Shut Down Server'} role="alertdialog" onCancel={close} className="host-dialog" describedBy={textId}>
      <div id={textId}>
        <p className="dialog-text">
          {reboot ? 'Reboot' : 'Shut down'} &apos;{name}&apos;? It will be disabled first so that no new VMs start on it. Its running VMs
          will be migrated to other servers, those that cannot be migrated will be shut down, and then it {reboot ? 'restarts' : 'powers off'}.
        </p>
        <p className="dialog-text">
          {reboot ? 'It cannot be used until it has started up again.' : powerOnMode
            ? `It stays off until it is powered on again: Power On starts it (${powerOnMode}), or start it at the machine.`
            : 'It stays off until it is started at the machine: it has no Power On mode set, so Power On cannot start it.'}
          {isCoordinator ? ' It is the pool coordinator: PoolDesk loses its connection to the pool meanwhile.' : ''}
        </p>
      </div>
      <VmPlan plan={plan} error={error} blockedHeading="Shut down (cannot be migrated)" blockedClass="host-vm-stopped" />
      <div className="dialog-buttons">
        <button type="button" className="danger" disabled={!plan}
          title={plan ? undefined : error ? 'The VMs that would move could not be listed' : 'Listing the VMs that would move…'} onClick={go}>{reboot ? 'Reboot' : 'Shut Down'}</button>
        <button type="button" data-autofocus onClick={close}>Cancel</button>
      </div>
    </Dialog>
  );
}

export function RestartToolstackDialog({ target }: { target: SelectedObject }) {
  const { close, run } = useRunChoice();
  const name = useHostName(target);
  const isCoordinator = useApp((s) => [...(s.objects.get(target.connectionId)?.get('pool')?.values() ?? [])].some((p) => p.master === target.ref));
  const textId = useId();
  return (
    <Dialog title="Restart Toolstack" role="alertdialog" onCancel={close} className="host-dialog" describedBy={textId}>
      <div id={textId}>
        <p className="dialog-text">Restart the toolstack (xapi) on &apos;{name}&apos;? Its running VMs are not affected, but the server cannot be managed until the toolstack is back, usually within a minute.</p>
        {isCoordinator ? (
          <div className="dialog-warning"><p>It is the pool coordinator: every session ends and tasks in progress are lost. PoolDesk loses its connection to the pool and reconnects by itself.</p></div>
        ) : null}
      </div>
      <div className="dialog-buttons">
        <button type="button" className="danger" onClick={() => run(RESTART_TOOLSTACK, target, RESTART_TOOLSTACK.execute)}>Restart Toolstack</button>
        <button type="button" data-autofocus onClick={close}>Cancel</button>
      </div>
    </Dialog>
  );
}
