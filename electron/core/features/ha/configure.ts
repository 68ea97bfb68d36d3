// ha.configure: XenCenter's EnableHAAction (the HA wizard's Finish) and SetHaPrioritiesAction (Edit HA
// priorities… while HA is on), each on one task.create task (ClientTask) so every client's Events panel
// shows one row, its steps, and the first error in XAPI's words and code.
//  - enable: each changed VM's priority, order and delay; then ha_host_failures_to_tolerate (before
//    enable_ha, as XenCenter: the pool's first plan is then made for the chosen number); then
//    Async.pool.enable_ha([heartbeat SR], {}).
//  - edit: VMs leaving "restart" first (they free room in the plan), then the failures to tolerate, then
//    VMs becoming "restart" (each checked by xapi against the plan), then Async.pool.sync_database.
import { ClientTask } from '../../tasks/client-task';
import { TypedXapi } from '../../xapi/typed-client';
import type { Connection } from '../../connection/connection';
import type { HaConfigure, HaVmChange } from '../../../../shared/ipc/areas/ha';

type Log = (m: string) => void;
type Rec = Record<string, unknown>;
const name = (r: Rec | undefined): string => (typeof r?.name_label === 'string' ? r.name_label : '');

export async function startHaConfigure(c: Connection, run: HaConfigure, log: Log): Promise<{ taskRef: string }> {
  const pool = name(c.cache.get('pool', run.poolRef)) || name(c.cache.get('host', String((c.cache.get('pool', run.poolRef) as Rec | undefined)?.master ?? ''))) || c.id;
  const title = run.heartbeatSrRef ? `Enabling HA on pool '${pool}'` : 'Setting HA protection levels';
  const task = await ClientTask.create(c, title);
  const work = run.heartbeatSrRef ? enable(c, task, run, run.heartbeatSrRef) : edit(c, task, run);
  void work.then(() => task.succeed(), (e: unknown) => {
    log(`${title} failed: ${(e as Error).message}`);
    return task.fail(e);
  });
  return { taskRef: task.ref };
}

/** The VM's name for a step, from the cache (the VM may be new to it: then its ref). */
const vmName = (c: Connection, vm: string): string => name(c.cache.get('vm', vm)) || vm;

async function setVm(c: Connection, x: TypedXapi, task: ClientTask, v: HaVmChange, progress: number): Promise<void> {
  await task.step(`Setting HA restart priority on ${vmName(c, v.vmRef)}`, progress);
  if (v.priority !== undefined) await x.call('VM.set_ha_restart_priority', v.vmRef, v.priority);
  if (v.order !== undefined) await x.call('VM.set_order', v.vmRef, v.order);
  if (v.startDelay !== undefined) await x.call('VM.set_start_delay', v.vmRef, v.startDelay);
}

async function enable(c: Connection, task: ClientTask, run: HaConfigure, sr: string): Promise<void> {
  const x = TypedXapi.fromConnection(c);
  for (const [i, v] of run.vms.entries()) await setVm(c, x, task, v, (0.1 * i) / Math.max(1, run.vms.length));
  await task.step('Setting the number of server failures to tolerate', 0.1);
  await x.call('pool.set_ha_host_failures_to_tolerate', run.poolRef, run.failuresToTolerate);
  await task.step('Enabling HA', 0.15);
  await task.runAsync('pool.enable_ha', [[sr], {}], 0.15, 0.99);
}

async function edit(c: Connection, task: ClientTask, run: HaConfigure): Promise<void> {
  const x = TypedXapi.fromConnection(c);
  // A change of order or delay only keeps the VM's priority: read live, another client may have changed it.
  const becomesRestart = async (v: HaVmChange) => (v.priority ?? await x.call('VM.get_ha_restart_priority', v.vmRef)) === 'restart';
  const first: HaVmChange[] = [];
  const last: HaVmChange[] = [];
  for (const v of run.vms) (await becomesRestart(v) ? last : first).push(v);
  const total = Math.max(1, run.vms.length);
  let i = 0;
  for (const v of first) await setVm(c, x, task, v, (0.6 * i++) / total);
  await task.step('Setting the number of server failures to tolerate', (0.6 * i) / total);
  await x.call('pool.set_ha_host_failures_to_tolerate', run.poolRef, run.failuresToTolerate);
  for (const v of last) await setVm(c, x, task, v, (0.6 * i++) / total);
  await task.step('Saving the pool database', 0.6);
  await task.runAsync('pool.sync_database', [], 0.6, 0.99);
}
