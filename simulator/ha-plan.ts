// HA failover planning (SEMANTICS.md 2.1, 4, 5.2, 6.5, 10.4), after xapi's xapi_ha_vm_failover.ml,
// agility.ml and xapi_pool.ml: which VMs HA must keep running, whether every one of them can be
// (re)started now and after n more host failures (ha-binpack.ts), the pool's ha_plan_exists_for and
// ha_overcommitted, and HA_OPERATION_WOULD_BREAK_FAILOVER_PLAN for a change that would lose the plan.
// Planning memory is xapi's "ultra-conservative" one: every VM at static_max (+ overhead).
import { isNullRef } from './db';
import type { Rec } from './fields';
import { bisect, biggestFitDecreasing, planAlwaysPossible, type Packing } from './ha-binpack';
import { isLive, poolRef } from './pool-state';
import { hostFreeMemory } from './boot-checks';
import { nowDatetime, type Sim } from './sim';
import { XapiError } from './xapi-error';

const MiB = 1024 ** 2;

/** xapi's all_protected_vms: restart priority and ha_always_run (a protected VM HA could not restart
 * yet keeps it, Halted), guests only. */
export const isProtected = (vm: Rec): boolean =>
  vm.ha_restart_priority === 'restart' && vm.ha_always_run === true && !vm.is_control_domain && !vm.is_a_template && !vm.is_a_snapshot;

const protectedVms = (sim: Sim): string[] => [...sim.db.table('VM')].filter(([, r]) => isProtected(r.rec)).map(([vm]) => vm);

/** Memory_check.vm_compute_start_memory + overhead: the VM's memory rounded up to MiB under a policy. */
function vmNeed(vm: Rec, policy: 'static_max' | 'dynamic_max' | 'dynamic_min'): number {
  const field = policy === 'dynamic_min' && vm.domain_type === 'pv_in_pvh' ? 'static_max' : policy;
  return Math.ceil(Number(vm[`memory_${field}`]) / MiB) * MiB + Number(vm.memory_overhead ?? 0);
}

/** host_compute_free_memory_with_policy Static_max: total − host overhead − every domain resident or
 * scheduled there at static_max + overhead (§2.8 with static_max for dynamic_min). */
function staticMaxFree(sim: Sim, hosts: string[]): Map<string, number> {
  const used = new Map<string, number>();
  for (const { rec: v } of sim.db.table('VM').values()) {
    const m = Number(v.memory_static_max) + Number(v.memory_overhead ?? 0);
    for (const h of [v.resident_on, v.scheduled_to_be_resident_on]) if (!isNullRef(h)) used.set(String(h), (used.get(String(h)) ?? 0) + m);
  }
  return new Map(hosts.map((h) => {
    const r = sim.db.get('host', h)!;
    const total = Number(sim.db.get('host_metrics', String(r.metrics))?.memory_total ?? 0);
    return [h, Math.max(0, total - Number(r.memory_overhead ?? 0) - (used.get(h) ?? 0))];
  }));
}

/** Agility.vm_assert_agile: the VM can run on any enabled host (no vGPU/VUSB, disks on properly shared
 * SRs, VIFs on networks with a PIF on every enabled host). Checks are cached per SR and network. */
function agility(sim: Sim): (vm: string) => XapiError | null {
  const { db } = sim;
  const enabled = [...db.table('host')].filter(([, r]) => r.rec.enabled === true).map(([h]) => h);
  const srOk = new Map<string, boolean>();
  const netOk = new Map<string, boolean>();
  const srShared = (sr: string) => {
    const s = db.get('SR', sr);
    const plugged = new Set(((s?.PBDs as string[]) ?? []).map((p) => db.get('PBD', p)).filter((p) => p?.currently_attached === true).map((p) => String(p!.host)));
    return s?.shared === true && enabled.every((h) => plugged.has(h));
  };
  const netShared = (net: string) => {
    const pifs = new Set([...db.table('PIF').values()].filter((p) => p.rec.network === net && (isNullRef(p.rec.bond_slave_of) || !db.get('Bond', String(p.rec.bond_slave_of)))).map((p) => String(p.rec.host)));
    return enabled.every((h) => pifs.has(h));
  };
  return (vm) => {
    const v = db.get('VM', vm)!;
    if (((v.VGPUs as string[]) ?? []).length) return new XapiError('VM_HAS_VGPU', [vm]);
    if (((v.VUSBs as string[]) ?? []).length) return new XapiError('VM_HAS_VUSBS', [vm]);
    for (const b of (v.VBDs as string[]) ?? []) {
      const vbd = db.get('VBD', b);
      const sr = vbd && !vbd.empty ? db.get('VDI', String(vbd.VDI))?.SR : undefined;
      if (sr === undefined) continue;
      const key = String(sr);
      if (!srOk.has(key)) srOk.set(key, srShared(key));
      if (!srOk.get(key)) return new XapiError('HA_CONSTRAINT_VIOLATION_SR_NOT_SHARED', [key]);
    }
    for (const f of (v.VIFs as string[]) ?? []) {
      const net = db.get('VIF', f)?.network;
      if (net === undefined) continue;
      const key = String(net);
      if (!netOk.has(key)) netOk.set(key, netShared(key));
      if (!netOk.get(key)) return new XapiError('HA_CONSTRAINT_VIOLATION_NETWORK_NOT_SHARED', [key]);
    }
    return null;
  };
}

/** xapi's configuration_change: what assert_*_preserves_ha_plan imagines before allowing it. */
interface Change { arriving?: [host: string, vm: string][]; hostsToDisable?: string[]; numFailures?: number; newVms?: string[] }

/** compute_restart_plan's outcome: the pool once every offline protected VM is started by the plan. */
interface RestartPlan { packing: Packing; offlineLeft: number; nonAgile: boolean }

function restartPlan(sim: Sim, vmsToProtect: string[], change: Change = {}): RestartPlan {
  const { db } = sim;
  // xapi sorts hosts and VMs by uuid so that the plan is deterministic.
  const byUuid = (cls: string) => (a: string, b: string) => { const [x, y] = [String(db.get(cls, a)!.uuid), String(db.get(cls, b)!.uuid)]; return x < y ? -1 : x > y ? 1 : 0; };
  const hosts = [...db.table('host').keys()].sort(byUuid('host'));
  const off = new Set(change.hostsToDisable ?? []);
  const live = hosts.filter((h) => db.get('host', h)!.enabled === true && isLive(sim, h) && !off.has(h));
  const liveSet = new Set(live);
  const free = staticMaxFree(sim, live);
  const arriving = new Map((change.arriving ?? []).map(([h, vm]) => [vm, h]));
  for (const [vm, h] of arriving) {
    const r = db.get('VM', vm)!;
    if (free.has(h)) free.set(h, free.get(h)! - vmNeed(r, r.is_control_domain ? 'dynamic_max' : 'static_max'));
  }
  // A VM counts where it runs (or is being started) on a live host; elsewhere it must be restarted.
  const placedOn = (vm: string): string | undefined => {
    const r = db.get('VM', vm)!;
    const here = String(arriving.get(vm) ?? r.resident_on);
    if (liveSet.has(here)) return here;
    return liveSet.has(String(r.scheduled_to_be_resident_on)) ? String(r.scheduled_to_be_resident_on) : undefined;
  };
  const vms = [...new Set([...vmsToProtect, ...(change.newVms ?? [])])].filter((vm) => db.get('VM', vm)).sort(byUuid('VM'));
  const agilityError = agility(sim);
  const load = new Map(live.map((h) => [h, [] as number[]]));
  const offline = new Map<string, number>();
  let nonAgile = false;
  let offlineNonAgile = 0;
  for (const vm of vms) {
    const at = placedOn(vm);
    // A non-agile VM is not packed: it is overhead where it runs, and an offline one has no plan.
    if (agilityError(vm)) { nonAgile = true; if (!at) offlineNonAgile++; continue; }
    const need = vmNeed(db.get('VM', vm)!, 'static_max');
    if (at) load.get(at)!.push(need);
    else offline.set(vm, need);
  }
  const plan = biggestFitDecreasing([...offline], live.map((h) => [h, free.get(h)!]));
  for (const [vm, h] of plan) {
    free.set(h, free.get(h)! - offline.get(vm)!);
    load.get(h)!.push(offline.get(vm)!);
  }
  return {
    packing: { free: live.map((h) => free.get(h)!), load: live.map((h) => load.get(h)!), totalHosts: hosts.length },
    offlineLeft: offline.size - plan.size + offlineNonAgile, nonAgile,
  };
}

/** plan_for_n_failures = Plan_exists_for_all_VMs: every protected VM runs or can start now, and n more
 * failures can always be survived. A non-agile protected VM means no full plan (xapi's
 * Plan_exists_excluding_non_agile_VMs, which every caller treats as none). */
const planFor = (p: RestartPlan, n: number): boolean => p.offlineLeft === 0 && planAlwaysPossible(p.packing, n) && !p.nonAgile;

const maxFailures = (sim: Sim, p: RestartPlan): number => bisect((n) => planFor(p, n), 0, sim.db.table('host').size);

/** compute_max_host_failures_to_tolerate (for the given protected VMs, by default the pool's). */
export function computeMaxFailures(sim: Sim, vms = protectedVms(sim)): number {
  return maxFailures(sim, restartPlan(sim, vms));
}

function poolAlert(sim: Sim, name: string, body: string): void {
  const uuid = String(sim.db.get('pool', poolRef(sim))!.uuid);
  sim.db.create('message', { name, priority: 3, cls: 'Pool', obj_uuid: uuid, timestamp: nowDatetime(), body });
}

function setPool(sim: Sim, patch: Rec): void {
  const pool = poolRef(sim);
  const cur = sim.db.get('pool', pool)!;
  const changed = Object.fromEntries(Object.entries(patch).filter(([k, v]) => cur[k] !== v));
  if (Object.keys(changed).length) sim.db.update('pool', pool, changed);
}

/** mark_pool_as_overcommitted: plan_exists_for drops to what there is a plan for (the drop reported),
 * and HA_POOL_OVERCOMMITTED on the transition. */
export function markOvercommitted(sim: Sim, plan = restartPlan(sim, protectedVms(sim))): void {
  const p = sim.db.get('pool', poolRef(sim))!;
  const planned = Number(p.ha_plan_exists_for ?? 0);
  const max = maxFailures(sim, plan);
  if (planned !== max) {
    setPool(sim, { ha_plan_exists_for: Math.min(Number(p.ha_host_failures_to_tolerate ?? 0), max) });
    if (max < planned) poolAlert(sim, 'HA_POOL_DROP_IN_PLAN_EXISTS_FOR', String(max));
  }
  if (p.ha_overcommitted !== true) {
    setPool(sim, { ha_overcommitted: true });
    poolAlert(sim, 'HA_POOL_OVERCOMMITTED', `The failover tolerance for pool '${String(p.name_label)}' has dropped and the initially specified number of host failures to tolerate can no longer be guaranteed`);
  }
}

/** update_pool_status: a plan for ha_host_failures_to_tolerate, or overcommitted. */
export function updatePoolStatus(sim: Sim): void {
  const p = sim.db.get('pool', poolRef(sim));
  if (!p) return;
  const toTolerate = Number(p.ha_host_failures_to_tolerate ?? 0);
  const plan = restartPlan(sim, protectedVms(sim));
  if (planFor(plan, toTolerate)) setPool(sim, { ha_overcommitted: false, ha_plan_exists_for: toTolerate });
  else markOvercommitted(sim, plan);
}

/** assert_configuration_change_preserves_ha_plan: with HA on (and overcommit not allowed), a change is
 * refused when there is a plan for ha_plan_exists_for now and there would be none after it; without a
 * plan now nothing can get worse. */
function assertPreserves(sim: Sim, change: Change): void {
  const p = sim.db.get('pool', poolRef(sim));
  if (p?.ha_enabled !== true || p.ha_allow_overcommit === true) return;
  const n = Number(p.ha_plan_exists_for ?? 0);
  const vms = protectedVms(sim);
  if (!planFor(restartPlan(sim, vms), n)) return;
  if (!planFor(restartPlan(sim, vms, change), change.numFailures ?? n)) throw new XapiError('HA_OPERATION_WOULD_BREAK_FAILOVER_PLAN', []);
}

export const assertNewVmPreservesPlan = (sim: Sim, vm: string): void => assertPreserves(sim, { newVms: [vm] });
export const assertHostDisablePreservesPlan = (sim: Sim, host: string): void => assertPreserves(sim, { hostsToDisable: [host] });
export const assertFailuresChangePreservesPlan = (sim: Sim, n: number): void => assertPreserves(sim, { numFailures: n });

/** message_forwarding's check_vm_preserves_ha_plan, before a VM starts, resumes or migrates onto
 * `host`: a protected VM not yet running is a new VM for the plan, any other VM's memory lands there. */
export function checkVmPreservesPlan(sim: Sim, vm: string, host: string): void {
  const r = sim.db.get('VM', vm)!;
  if (r.ha_restart_priority === 'restart' && r.ha_always_run !== true) assertNewVmPreservesPlan(sim, vm);
  else assertPreserves(sim, { arriving: [[host, vm]] });
}

// xapi's HA monitor recomputes the plan every 30 s, and at once when told it is out of date; here it
// is recomputed right after the current turn whenever a VM, its devices, a host or its storage or
// networking changed while HA is on.
const WATCHED = new Set(['VM', 'VBD', 'VIF', 'host', 'host_metrics', 'PBD', 'PIF']);

export function watchHaPlan(sim: Sim): void {
  let pending = false;
  const haOn = () => sim.db.table('pool').values().next().value?.rec.ha_enabled === true;
  sim.db.onRowChange((cls) => {
    if (pending || !WATCHED.has(cls) || !haOn()) return;
    pending = true;
    setImmediate(() => {
      pending = false;
      if (!sim.shutdown.signal.aborted && haOn()) updatePoolStatus(sim);
    });
  });
}

/** pool.ha_failover_plan_exists: a plan for the pool's protected VMs surviving n host failures. */
export const planExistsFor = (sim: Sim, n: number): boolean => planFor(restartPlan(sim, protectedVms(sim)), n);

/** What pool.ha_compute_max_host_failures_to_tolerate does besides answering: while HA is on it brings
 * ha_overcommitted and ha_plan_exists_for up to date with `n` (without HA_POOL_OVERCOMMITTED), as xapi does. */
export function recordMaxFailures(sim: Sim, n: number): void {
  const p = sim.db.get('pool', poolRef(sim));
  if (p?.ha_enabled !== true) return;
  const toTolerate = Number(p.ha_host_failures_to_tolerate ?? 0);
  const planned = Number(p.ha_plan_exists_for ?? 0);
  setPool(sim, { ha_overcommitted: toTolerate > n });
  if (planned !== n) {
    setPool(sim, { ha_plan_exists_for: Math.min(toTolerate, n) });
    if (n < planned) poolAlert(sim, 'HA_POOL_DROP_IN_PLAN_EXISTS_FOR', String(n));
  }
}

/** compute_evacuation_plan: the VMs packed (dynamic_min, biggest first) onto the live hosts left, with
 * their free memory as a start would see it; a VM left over gets its agility error or
 * HOST_NOT_ENOUGH_FREE_MEMORY. */
export function vmFailoverPlan(sim: Sim, failedHosts: Set<string>, vms: string[]): Record<string, { host: string } | { error_code: string }> {
  const live = [...sim.db.table('host').keys()].filter((h) => isLive(sim, h) && !failedHosts.has(h));
  const plan = biggestFitDecreasing(vms.map((vm) => [vm, vmNeed(sim.db.get('VM', vm)!, 'dynamic_min')]), live.map((h) => [h, hostFreeMemory(sim, h)]));
  const agilityError = agility(sim);
  return Object.fromEntries(vms.map((vm) => [vm, plan.has(vm) ? { host: plan.get(vm)! } : { error_code: agilityError(vm)?.code ?? 'HOST_NOT_ENOUGH_FREE_MEMORY' }]));
}

/** Agility.vm_assert_agile for one VM: its error, or null. */
export const agilityErrorOf = (sim: Sim, vm: string): XapiError | null => agility(sim)(vm);
