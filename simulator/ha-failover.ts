// A pool member that loses power (faults.ts failHost / recoverHost) and what the pool does about it
// (SEMANTICS.md 2.3, 5.4, 5.5, 6.5, 10.4; xapi's xapi_ha_vm_failover.ml restart_auto_run_vms).
// Without HA the database keeps the dead host's VMs Running there until host.declare_dead or
// VM.power_state_reset. With HA the coordinator fences the host: HA_HOST_FAILED, its VMs reset to
// Halted, then the protected VMs restarted through VM.start (host choice, memory and messages as
// for any start), then the best-effort ones it reset. The failover plan (ha-plan.ts) is recomputed
// once the VMs are reset, before the restarts that it checks.
import { messageInfo } from '../shared/xapi/model';
import { isProtected, markOvercommitted, updatePoolStatus } from './ha-plan';
import { refreshHostAllowed } from './host-pool-ops';
import { hostUp, refreshHostMemory, residentGuests } from './methods/host';
import { isLive, poolRec, setLive } from './pool-state';
import { resetPowerState } from './methods/vm-power';
import { nowDatetime, type CallCtx, type Sim } from './sim';
import { runSyncInTask } from './tasks';
import { XapiError } from './xapi-error';

/** The host stops heartbeating: live=false at once; its domains are gone but the database does not know. */
export function hostLost(sim: Sim, host: string): void {
  setLive(sim, host, false);
  refreshHostAllowed(sim.db, host); // power_on follows liveness (§5.1)
}

/** HA fences a host that stopped heartbeating and restarts what it can elsewhere. */
export async function fenceAndRestart(sim: Sim, host: string): Promise<void> {
  const { db } = sim;
  const h = db.get('host', host);
  if (!h) return;
  alert(sim, 'HA_HOST_FAILED', 'Host', String(h.uuid), `Server '${String(h.name_label)}' has failed`);
  const reset = residentGuests(sim, host);
  for (const vm of reset) resetPowerState(sim, vm);
  if (reset.length) updatePoolStatus(sim); // before the restarts, whose checks read the plan
  // Every Halted protected VM is tried, as xapi does (one whose earlier restart failed is retried too).
  const protectedVms = [...db.table('VM')].filter(([, r]) => isProtected(r.rec) && r.rec.power_state === 'Halted').map(([vm]) => vm);
  for (const vm of byOrder(sim, protectedVms)) {
    if (sim.shutdown.signal.aborted) return; // the simulator is closing: no failure to report
    if (!(await restart(sim, vm)) && db.get('VM', vm)) alert(sim, 'HA_PROTECTED_VM_RESTART_FAILED', 'VM', String(db.get('VM', vm)!.uuid), '');
  }
  const bestEffort = reset.filter((vm) => db.get('VM', vm)?.power_state === 'Halted' && db.get('VM', vm)?.ha_restart_priority === 'best-effort');
  for (const vm of byOrder(sim, bestEffort)) await restart(sim, vm);
  for (const t of db.table('host').keys()) if (isLive(sim, t)) refreshHostMemory(sim, t);
}

/** The host boots again. Its xapi resyncs: VMs the database still places there have no domain any more
 * and are reset; after an unclean stop with HA on it reports HA_HOST_WAS_FENCED (xapi raises that on the
 * fenced host's next boot, not at fencing time; priority 4 "service recovered"). */
export function hostBooted(sim: Sim, host: string): void {
  const h = sim.db.get('host', host);
  if (!h) return;
  for (const vm of residentGuests(sim, host)) resetPowerState(sim, vm);
  hostUp(sim, host);
  if (poolRec(sim)?.ha_enabled === true) alert(sim, 'HA_HOST_WAS_FENCED', 'Host', String(h.uuid), '');
}

/** Restart order: VM.order, then name. */
function byOrder(sim: Sim, vms: string[]): string[] {
  const rec = (vm: string) => sim.db.get('VM', vm)!;
  return [...vms].sort((a, b) => Number(rec(a).order ?? 0) - Number(rec(b).order ?? 0) || String(rec(a).name_label).localeCompare(String(rec(b).name_label)));
}

/** A VM.start call as the coordinator makes it (xapi calls the API with force=true): its own task, the
 * usual host choice, VM_STARTED. False when it fails. Refused as breaking the plan, the pool is marked
 * overcommitted and the start tried once more (xapi's restart_vm). */
async function restart(sim: Sim, vm: string, retried = false): Promise<boolean> {
  const m = messageInfo('VM.start');
  const handler = sim.handlers.get('VM.start');
  if (!m || !handler || sim.shutdown.signal.aborted) return false;
  const ctx: CallCtx = { sim, session: '', method: 'VM.start', async: false, connection: sim.shutdown.signal, hostAddress: sim.coordinatorAddress() };
  try {
    await runSyncInTask(sim, m, handler, ctx, [vm, false, true]);
    return true;
  } catch (e) {
    if (retried || !(e instanceof XapiError && e.code === 'HA_OPERATION_WOULD_BREAK_FAILOVER_PLAN')) return false;
    markOvercommitted(sim);
    return restart(sim, vm, true);
  }
}

function alert(sim: Sim, name: string, cls: 'Host' | 'VM', objUuid: string, body: string): void {
  sim.db.create('message', { name, priority: PRIORITY[name], cls, obj_uuid: objUuid, timestamp: nowDatetime(), body });
}

/** SEMANTICS.md 10.4. */
const PRIORITY: Record<string, number> = { HA_HOST_FAILED: 3, HA_HOST_WAS_FENCED: 4, HA_PROTECTED_VM_RESTART_FAILED: 2 };
