// A host's maintenance flows, each one request (host.maintenance) run here in main and shown as one
// task (ClientTask) that stops at the first error:
// - enter: mark other_config MAINTENANCE_MODE=true, host.disable, Async host.evacuate. A failed
//   evacuation leaves the host disabled and marked (XenCenter does the same): Exit undoes it.
// - exit: host.enable, then the mark is cleared (kept when enable is refused: still in maintenance).
// - reboot / shutdown: host.disable (XAPI refuses both on an enabled host: HOST_NOT_DISABLED), then
//   Async VM.clean_shutdown (hard_shutdown when clean is not allowed) of the VMs the user agreed to
//   stop, the ones evacuation cannot move (evacuate refuses while any VM blocks it), Async
//   host.evacuate for the rest, then host.reboot / host.shutdown. Evacuating first, rather than
//   letting the reboot do it, means nothing is shut down that the user did not see listed, and a
//   failed migration stops the flow before the host goes down.
import { MAINTENANCE_MODE_KEY, type HostMaintenanceAction } from '../../../../shared/host/maintenance';
import { XapiError } from '../../xapi/errors';
import { ClientTask, type TaskConnection } from '../../tasks/client-task';
import { TypedXapi } from '../../xapi/typed-client';

/** What a flow needs of a Connection (the session stays inside it). */
export interface FlowConnection extends TaskConnection {
  readonly cache: TaskConnection['cache'] & { get(cls: string, ref: string): Record<string, unknown> | undefined; getAll(cls: string): ReadonlyMap<string, Record<string, unknown>> };
}

export const MAINTENANCE_TITLES: Record<HostMaintenanceAction, string> = {
  enter: 'Entering maintenance mode',
  exit: 'Exiting maintenance mode',
  reboot: 'Rebooting server',
  shutdown: 'Shutting down server',
};

export interface HostMaintenanceRequest {
  hostRef: string;
  action: HostMaintenanceAction;
  /** reboot / shutdown: VMs to shut down cleanly first (the ones evacuation cannot move). */
  shutDownVms?: readonly string[];
}

export interface HostMaintenanceStarted {
  /** The flow's task (task.create), followed by the renderer through the event stream. */
  taskRef: string;
  /** Settles when the flow has ended (never rejects: the outcome is on the task). */
  done: Promise<void>;
}

const NULL_REF = 'OpaqueRef:NULL';
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** Starts the flow; resolves once its task exists. */
export async function startHostMaintenance(c: FlowConnection, req: HostMaintenanceRequest, opts: { pollMs?: number } = {}): Promise<HostMaintenanceStarted> {
  const host = c.cache.get('host', req.hostRef);
  if (!host) throw new XapiError('HANDLE_INVALID', ['host', req.hostRef]);
  const name = str(host.name_label) || req.hostRef;
  const task = await ClientTask.create(c, `${MAINTENANCE_TITLES[req.action]} '${name}'`, { pollMs: opts.pollMs });
  const done = runFlow(c, task, req).then(() => task.finish(), (e: unknown) => task.finish(e));
  return { taskRef: task.ref, done };
}

async function runFlow(c: FlowConnection, task: ClientTask, { hostRef, action, shutDownVms = [] }: HostMaintenanceRequest): Promise<void> {
  const x = TypedXapi.fromConnection(c);
  switch (action) {
    case 'enter':
      await x.call('host.remove_from_other_config', hostRef, MAINTENANCE_MODE_KEY);
      await x.call('host.add_to_other_config', hostRef, MAINTENANCE_MODE_KEY, 'true');
      await x.call('host.disable', hostRef);
      await task.progress(0.05);
      await task.runAsync('host.evacuate', [hostRef, NULL_REF, 0], 0.05, 1);
      return;
    case 'exit':
      await x.call('host.enable', hostRef);
      await x.call('host.remove_from_other_config', hostRef, MAINTENANCE_MODE_KEY);
      return;
    case 'reboot':
    case 'shutdown': {
      await x.call('host.disable', hostRef);
      await task.progress(0.05);
      const stop = shutDownVms.filter((vm) => {
        const rec = c.cache.get('vm', vm);
        return rec?.resident_on === hostRef && rec.is_control_domain !== true;
      });
      for (const [i, vm] of stop.entries()) {
        // Clean when the VM allows it, else forced (a paused VM, or one without guest tools): what
        // XAPI's own reboot does to VMs it cannot evacuate.
        const ops = c.cache.get('vm', vm)?.allowed_operations;
        const method = Array.isArray(ops) && ops.includes('clean_shutdown') ? 'VM.clean_shutdown' : 'VM.hard_shutdown';
        await task.runAsync(method, [vm], 0.05 + (0.25 * i) / stop.length, 0.05 + (0.25 * (i + 1)) / stop.length);
      }
      await task.runAsync('host.evacuate', [hostRef, NULL_REF, 0], 0.3, 0.9);
      await x.call(action === 'reboot' ? 'host.reboot' : 'host.shutdown', hostRef);
      return;
    }
  }
}
