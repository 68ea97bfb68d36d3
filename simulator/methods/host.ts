// Handlers for host operations (SEMANTICS.md 5). Each key is a wire name ("Class.message").
//
// Where the simulator shortens a real host's timing: reboot/shutdown do their work (evacuate what can
// be evacuated, shut down the rest, unplug PBDs, live=false) before the call returns instead of
// ≈10 s after; a rebooted host comes back (live, PBDs plugged, enabled) after taskDurationMs; a
// powered-on host at once. A host's control domain is never halted: a real pool leaves its record
// Running/resident (power_state_reset refuses control domains, §2.3); a reboot gives it a new
// VM_metrics.start_time when the host is back.
import { refreshSrAllowed, vmOpError } from '../allowed-ops';
import { isNullRef } from '../db';
import { NULL_REF, type Rec } from '../fields';
import { refreshHostAllowed, refreshPoolAllowed, withObjectOp } from '../host-pool-ops';
import { nowDatetime, sleep, type CallCtx, type Handler, type Sim } from '../sim';
import { createTask } from '../tasks';
import { XapiError } from '../xapi-error';
import { rowOf } from './generic';
import { resetPowerState } from './vm-power';
import { assertCanBootHere, hostFreeMemory, refreshHostMemory } from '../boot-checks';
import { assertHostDisablePreservesPlan } from '../ha-plan';
import { isLive, poolRec, poolRef, setLive } from '../pool-state';
import { operations, type MethodModule } from '../method-module';

const ref = (v: unknown) => String(v);

/** A call the coordinator forwards to the host itself: a dead host cannot answer (HOST_OFFLINE). */
function assertReachable(sim: Sim, host: string): void {
  if (!isLive(sim, host)) throw new XapiError('HOST_OFFLINE', [host]);
}

export { refreshHostMemory };

export const residentGuests = (sim: Sim, host: string): string[] =>
  [...sim.db.table('VM')].filter(([, r]) => r.rec.resident_on === host && !r.rec.is_control_domain).map(([vm]) => vm);

const isEvacuating = (sim: Sim, host: string): boolean =>
  Object.values((sim.db.get('host', host)?.current_operations ?? {}) as Record<string, string>).includes('evacuate');

// ---------- evacuation plan (§5.3) ----------
export interface EvacuationPlan { errors: Map<string, XapiError>; placement: Map<string, string> }

export function evacuationPlan(sim: Sim, host: string): EvacuationPlan {
  const { db } = sim;
  const errors = new Map<string, XapiError>();
  const placement = new Map<string, string>();
  const vms = residentGuests(sim, host);
  const targets = [...db.table('host').keys()].filter((h) => h !== host && db.get('host', h)!.enabled === true && isLive(sim, h) && !isEvacuating(sim, h));
  if (targets.length === 0) {
    for (const vm of vms) errors.set(vm, new XapiError('NO_HOSTS_AVAILABLE', [vm]));
    return { errors, placement };
  }
  const ha = poolRec(sim)?.ha_enabled === true;
  const candidates: string[] = [];
  for (const vm of vms) {
    const rec = db.get('VM', vm)!;
    if (ha && rec.ha_restart_priority !== 'restart') { errors.set(vm, new XapiError('HOST_EVACUATE_VM_NOT_HA_PROTECTED', [vm])); continue; }
    let err: XapiError | null = null;
    for (const t of targets) {
      try { assertCanBootHere(sim, vm, t, { checkMemory: false }); } catch (e) { err = e instanceof XapiError ? e : new XapiError('INTERNAL_ERROR', [String(e)]); break; }
    }
    err ??= vmOpError(db, vm, 'pool_migrate', true);
    if (err) errors.set(vm, err); else candidates.push(vm);
  }
  // Memory bin-packing: biggest VMs first, each onto the target with the most free memory left.
  const need = (vm: string) => { const r = db.get('VM', vm)!; return Number(r.memory_dynamic_min) + Number(r.memory_overhead); };
  const free = new Map(targets.map((t) => [t, hostFreeMemory(sim, t)]));
  for (const vm of candidates.sort((a, b) => need(b) - need(a))) {
    const best = [...free].sort((a, b) => b[1] - a[1])[0];
    if (!best || best[1] < need(vm)) { errors.set(vm, new XapiError('HOST_NOT_ENOUGH_FREE_MEMORY', [vm])); continue; }
    placement.set(vm, best[0]);
    free.set(best[0], best[1] - need(vm));
  }
  return { errors, placement };
}

/** Runs VM.pool_migrate (the simulator's own handler) in a visible subtask of the calling task. */
async function migrateInSubtask(ctx: CallCtx, vm: string, target: string, network?: string): Promise<void> {
  const { sim } = ctx;
  const h = sim.handlers.get('VM.pool_migrate');
  if (!h) throw new XapiError('NOT_IMPLEMENTED', ['VM.pool_migrate']);
  const sub = createTask(sim, 'Async.VM.pool_migrate');
  if (ctx.task && sim.db.get('task', ctx.task)) sim.db.update('task', sub, { subtask_of: ctx.task });
  try {
    const options: Rec = { live: 'true', ...(network && !isNullRef(network) ? { network } : {}) };
    await h({ ...ctx, task: sub }, [vm, target, options]);
  } finally {
    sim.db.delete('task', sub);
  }
}

async function runSubtask(ctx: CallCtx, method: string, args: unknown[]): Promise<void> {
  const { sim } = ctx;
  const h = sim.handlers.get(method)!;
  const sub = createTask(sim, `Async.${method}`);
  if (ctx.task && sim.db.get('task', ctx.task)) sim.db.update('task', sub, { subtask_of: ctx.task });
  try { await h({ ...ctx, task: sub }, args); } finally { sim.db.delete('task', sub); }
}

async function evacuateVms(ctx: CallCtx, host: string, plan: EvacuationPlan, network: string | undefined, batch: number): Promise<void> {
  const { sim } = ctx;
  const moves = [...plan.placement];
  const size = batch > 0 ? batch : 10;
  let done = 0;
  for (let i = 0; i < moves.length; i += size) {
    await Promise.all(moves.slice(i, i + size).map(async ([vm, target]) => {
      try {
        if (sim.db.get('VM', vm)?.resident_on !== host) return; // stopped or moved meanwhile
        await migrateInSubtask(ctx, vm, target, network);
      } catch (e) {
        if (!(e instanceof XapiError && e.code === 'VM_BAD_POWER_STATE')) throw e;
      } finally {
        done++;
        if (ctx.task && sim.db.get('task', ctx.task)) sim.db.update('task', ctx.task, { progress: Math.min(0.99, Math.round((done / moves.length) * 100) / 100) });
      }
    }));
  }
  for (const t of new Set([host, ...plan.placement.values()])) refreshHostMemory(sim, t);
}

const errorText = (e: XapiError) => [e.code, ...e.params].join(',');

function setPbdsAttached(sim: Sim, host: string, attached: boolean): void {
  for (const p of (sim.db.get('host', host)?.PBDs as string[]) ?? []) {
    const pbd = sim.db.get('PBD', p);
    if (!pbd || pbd.currently_attached === attached) continue;
    sim.db.update('PBD', p, { currently_attached: attached });
    refreshSrAllowed(sim.db, String(pbd.SR));
  }
}

/** The host has booted: live, storage plugged, re-enabled, dom0 has a new boot time. */
export function hostUp(sim: Sim, host: string): void {
  if (!sim.db.get('host', host)) return;
  setLive(sim, host, true);
  setPbdsAttached(sim, host, true);
  const dom0 = sim.db.get('VM', String(sim.db.get('host', host)!.control_domain));
  if (dom0 && sim.db.get('VM_metrics', String(dom0.metrics))) sim.db.update('VM_metrics', String(dom0.metrics), { start_time: nowDatetime(), last_updated: nowDatetime() });
  sim.db.update('host', host, { enabled: true });
  refreshHostMemory(sim, host);
  refreshHostAllowed(sim.db, host);
}

/** Shuts down (clean, falling back to hard) a VM that cannot leave a host going down. */
async function stopVm(ctx: CallCtx, vm: string): Promise<void> {
  const rec = ctx.sim.db.get('VM', vm);
  if (!rec || rec.power_state === 'Halted') return;
  try {
    if (rec.power_state !== 'Running') throw new Error('not running');
    await runSubtask(ctx, 'VM.clean_shutdown', [vm]);
  } catch {
    if (ctx.sim.db.get('VM', vm)?.power_state !== 'Halted') await runSubtask(ctx, 'VM.hard_shutdown', [vm]);
  }
}

const powerDown = (kind: 'reboot' | 'shutdown'): Handler => async (ctx, [host]) => {
  const h = ref(host);
  const { sim } = ctx;
  rowOf(ctx, 'host', h);
  // Host.reboot records op `shutdown` in current_operations (§12); the check is the op's own.
  await withObjectOp(ctx, 'host', h, kind, async () => {
    assertReachable(sim, h);
    const plan = evacuationPlan(sim, h);
    await evacuateVms(ctx, h, { errors: new Map(), placement: plan.placement }, undefined, 10);
    for (const vm of residentGuests(sim, h)) await stopVm(ctx, vm);
    setPbdsAttached(sim, h, false);
    setLive(sim, h, false);
    refreshHostMemory(sim, h);
  }, 'shutdown');
  refreshHostAllowed(sim.db, h);
  if (kind === 'reboot') {
    const coordinator = sim.coordinator() === h;
    void sleep(sim.config.taskDurationMs, sim.shutdown.signal).then(() => {
      if (sim.shutdown.signal.aborted) return;
      hostUp(sim, h);
      if (coordinator) sim.hooks.restartToolstack?.();
    });
  }
  return '';
};

const POWER_ON_PLUGIN_MODES = new Set(['wake-on-lan', 'iLO', 'DRAC']);

/** Removes a host, its PBDs, PIFs, CPUs, metrics and control domains (Host.destroy, pool.eject; §5.4,
 * §6.3); eject also forgets the SRs only that host could see. */
export function removeHost(sim: Sim, host: string, forgetLocalSrs: boolean): void {
  const { db } = sim;
  const h = db.get('host', host);
  if (!h) return;
  for (const p of [...((h.PBDs as string[]) ?? [])]) {
    const sr = String(db.get('PBD', p)?.SR);
    db.delete('PBD', p);
    const srRec = db.get('SR', sr);
    if (forgetLocalSrs && srRec && ((srRec.PBDs as string[]) ?? []).length === 0) forgetSr(sim, sr);
  }
  for (const p of [...((h.PIFs as string[]) ?? [])]) {
    const m = String(db.get('PIF', p)?.metrics);
    db.delete('PIF', p);
    if (db.get('PIF_metrics', m)) db.delete('PIF_metrics', m);
  }
  for (const c of [...((h.host_CPUs as string[]) ?? [])]) db.delete('host_cpu', c);
  for (const [vm, row] of [...db.table('VM')]) {
    if (row.rec.is_control_domain && (row.rec.resident_on === host || h.control_domain === vm)) deleteVmRecord(sim, vm);
    else if (row.rec.affinity === host) db.update('VM', vm, { affinity: NULL_REF });
  }
  const metrics = String(h.metrics);
  db.delete('host', host);
  if (db.get('host_metrics', metrics)) db.delete('host_metrics', metrics);
}

function deleteVmRecord(sim: Sim, vm: string): void {
  const { db } = sim;
  const r = db.get('VM', vm)!;
  for (const c of [...((r.consoles as string[]) ?? [])]) db.delete('console', c);
  for (const b of [...((r.VBDs as string[]) ?? [])]) { const m = String(db.get('VBD', b)?.metrics); db.delete('VBD', b); if (db.get('VBD_metrics', m)) db.delete('VBD_metrics', m); }
  for (const v of [...((r.VIFs as string[]) ?? [])]) { const m = String(db.get('VIF', v)?.metrics); db.delete('VIF', v); if (db.get('VIF_metrics', m)) db.delete('VIF_metrics', m); }
  for (const f of ['metrics', 'guest_metrics']) if (db.get(f === 'metrics' ? 'VM_metrics' : 'VM_guest_metrics', String(r[f]))) db.delete(f === 'metrics' ? 'VM_metrics' : 'VM_guest_metrics', String(r[f]));
  db.delete('VM', vm);
}

/** SR.forget's database effect: the SR and its VDIs go; disk VBDs to them are collected, CDs emptied. */
function forgetSr(sim: Sim, sr: string): void {
  const { db } = sim;
  for (const vdi of [...((db.get('SR', sr)?.VDIs as string[]) ?? [])]) {
    for (const b of [...((db.get('VDI', vdi)?.VBDs as string[]) ?? [])]) {
      const vbd = db.get('VBD', b);
      if (!vbd) continue;
      if (vbd.type === 'CD') db.update('VBD', b, { VDI: NULL_REF, empty: true });
      else db.delete('VBD', b);
    }
    for (const [vm, row] of db.table('VM')) if (row.rec.suspend_VDI === vdi) db.update('VM', vm, { suspend_VDI: NULL_REF });
    db.delete('VDI', vdi);
  }
  const pool = poolRef(sim);
  const p = db.get('pool', pool);
  if (p) for (const f of ['default_SR', 'suspend_image_SR', 'crash_dump_SR']) if (p[f] === sr) db.update('pool', pool, { [f]: NULL_REF });
  for (const [h, row] of db.table('host')) for (const f of ['suspend_image_sr', 'crash_dump_sr', 'local_cache_sr']) if (row.rec[f] === sr) db.update('host', h, { [f]: NULL_REF });
  db.delete('SR', sr);
}

export const CAPABILITIES: [string, string, string, string, string][] = [
  // key, content-type, default-checked, max-size, pii
  ['blobs', 'text/plain', 'yes', '-1', 'no'],
  ['boot-loader', 'text/plain', 'yes', '102400', 'no'],
  ['disk-info', 'text/plain', 'yes', '-1', 'maybe'],
  ['firstboot', 'text/plain', 'yes', '-1', 'maybe'],
  ['hardware-info', 'text/plain', 'yes', '-1', 'maybe'],
  ['high-availability', 'text/plain', 'yes', '-1', 'maybe'],
  ['host-crashdump-logs', 'text/plain', 'no', '-1', 'maybe'],
  ['kernel-info', 'text/plain', 'yes', '-1', 'maybe'],
  ['loopback-devices', 'text/plain', 'yes', '-1', 'maybe'],
  ['multipath', 'text/plain', 'yes', '-1', 'maybe'],
  ['network-config', 'text/plain', 'yes', '-1', 'customized'],
  ['network-status', 'text/plain', 'yes', '-1', 'maybe'],
  ['process-list', 'text/plain', 'yes', '-1', 'yes'],
  ['persistent-stats', 'text/plain', 'no', '50331648', 'maybe'],
  ['system-logs', 'text/plain', 'yes', '-1', 'maybe'],
  ['system-services', 'text/plain', 'yes', '-1', 'no'],
  ['tapdisk-logs', 'text/plain', 'no', '-1', 'no'],
  ['VM-snapshot-schedule', 'text/plain', 'yes', '-1', 'no'],
  ['xapi-debug', 'text/plain', 'no', '-1', 'maybe'],
  ['xen-info', 'text/plain', 'no', '-1', 'maybe'],
  ['xenserver-config', 'text/plain', 'yes', '-1', 'maybe'],
  ['xenserver-databases', 'text/plain', 'yes', '-1', 'yes'],
  ['xenserver-install', 'text/plain', 'yes', '-1', 'maybe'],
  ['xenserver-logs', 'text/plain', 'yes', '-1', 'maybe'],
  ['xha-liveset', 'text/plain', 'yes', '-1', 'maybe'],
  ['yum', 'text/plain', 'yes', '-1', 'maybe'],
];

/** xen-bugtool --capabilities, as Host.get_system_status_capabilities returns it. */
export function systemStatusCapabilities(): string {
  const caps = CAPABILITIES.map(([key, ct, checked, max, pii]) =>
    `<capability content-type="${ct}" default-checked="${checked}" key="${key}" max-size="${max}" max-time="-1" min-size="-1" min-time="-1" pii="${pii}" />`);
  return `<?xml version="1.0" ?>\n<system-status-capabilities>\n${caps.map((c) => `  ${c}\n`).join('')}</system-status-capabilities>\n`;
}

const EDITIONS = ['xcp-ng', 'free', 'trial', 'standard-per-socket', 'enterprise-per-socket', 'desktop-plus', 'desktop', 'premium-per-socket', 'per-socket', 'xendesktop', 'express'];

const hostHandlers: Record<string, Handler> = {
  'host.disable': (ctx, [host]) => {
    const h = ref(host);
    rowOf(ctx, 'host', h);
    assertHostDisablePreservesPlan(ctx.sim, h); // §5.2: checked by the coordinator before forwarding
    assertReachable(ctx.sim, h);
    if (ctx.sim.db.get('host', h)!.enabled !== false) ctx.sim.db.update('host', h, { enabled: false });
    refreshHostAllowed(ctx.sim.db, h);
    return '';
  },
  'host.enable': async (ctx, [host]) => {
    const h = ref(host);
    rowOf(ctx, 'host', h);
    assertReachable(ctx.sim, h);
    await withObjectOp(ctx, 'host', h, 'enable', async () => {
      if (ctx.sim.db.get('host', h)!.enabled !== true) ctx.sim.db.update('host', h, { enabled: true });
    });
    return '';
  },
  'host.evacuate': async (ctx, [host, network, batch]) => {
    const h = ref(host);
    const { sim } = ctx;
    rowOf(ctx, 'host', h);
    if (!isNullRef(network)) rowOf(ctx, 'network', network);
    await withObjectOp(ctx, 'host', h, 'evacuate', async () => {
      const plan = evacuationPlan(sim, h);
      const first = plan.errors.values().next();
      if (!first.done) throw first.value;
      await evacuateVms(ctx, h, plan, isNullRef(network) ? undefined : ref(network), Number(batch ?? 0));
      if (residentGuests(sim, h).length > 0) throw new XapiError('INTERNAL_ERROR', ['Host.evacuate: some VMs are still resident on the host']);
    });
    return '';
  },
  'host.assert_can_evacuate': (ctx, [host]) => {
    rowOf(ctx, 'host', host);
    const plan = evacuationPlan(ctx.sim, ref(host));
    if (plan.errors.size > 0) throw new XapiError('CANNOT_EVACUATE_HOST', [[...plan.errors.values()].map(errorText).join('|')]);
    return '';
  },
  'host.get_vms_which_prevent_evacuation': (ctx, [host]) => {
    rowOf(ctx, 'host', host);
    const plan = evacuationPlan(ctx.sim, ref(host));
    return Object.fromEntries([...plan.errors].map(([vm, e]) => [vm, e.toArray()]));
  },
  'host.reboot': powerDown('reboot'),
  'host.shutdown': powerDown('shutdown'),
  'host.power_on': async (ctx, [host]) => {
    const h = ref(host);
    const { sim } = ctx;
    rowOf(ctx, 'host', h);
    await withObjectOp(ctx, 'host', h, 'power_on', async () => {
      const mode = String(sim.db.get('host', h)!.power_on_mode);
      if (!POWER_ON_PLUGIN_MODES.has(mode)) throw new XapiError('INTERNAL_ERROR', ['The host failed to power on.']);
      await sim.work(ctx, sim.durationMs(ctx));
    });
    hostUp(sim, h);
    return '';
  },
  'host.set_power_on_mode': (ctx, [host, mode, config]) => {
    const h = ref(host);
    rowOf(ctx, 'host', h);
    ctx.sim.db.update('host', h, { power_on_mode: String(mode), power_on_config: (config ?? {}) as Rec });
    refreshHostAllowed(ctx.sim.db, h);
    return '';
  },
  'host.restart_agent': (ctx, [host]) => {
    const h = ref(host);
    const { sim } = ctx;
    rowOf(ctx, 'host', h);
    assertReachable(sim, h);
    if (sim.coordinator() === h) {
      // Returns at once; ≈1 s later the toolstack restarts: sessions gone, connections cut.
      void sleep(1000, sim.shutdown.signal).then(() => { if (!sim.shutdown.signal.aborted) sim.hooks.restartToolstack?.(); });
    }
    return '';
  },
  'host.destroy': (ctx, [host]) => {
    const h = ref(host);
    const { sim } = ctx;
    rowOf(ctx, 'host', h);
    if (isLive(sim, h)) throw new XapiError('HOST_IS_LIVE', [h]);
    if (poolRec(sim)?.ha_enabled === true) throw new XapiError('HA_IS_ENABLED', []);
    if (residentGuests(sim, h).length > 0) throw new XapiError('HOST_HAS_RESIDENT_VMS', [h]);
    removeHost(sim, h, false); // its PBDs go (xapi's GC); SRs stay, as Host.destroy forgets none
    return '';
  },
  'host.declare_dead': (ctx, [host]) => {
    const h = ref(host);
    const { sim } = ctx;
    rowOf(ctx, 'host', h);
    if (isLive(sim, h)) throw new XapiError('HOST_IS_LIVE', [h]);
    for (const vm of residentGuests(sim, h)) resetPowerState(sim, vm);
    sim.db.update('host', h, { enabled: false });
    refreshHostMemory(sim, h);
    refreshHostAllowed(sim.db, h);
    return '';
  },
  'host.get_system_status_capabilities': (ctx, [host]) => { rowOf(ctx, 'host', host); return systemStatusCapabilities(); },
  'host.apply_edition': (ctx, [host, edition, _force]) => {
    const h = ref(host);
    const rec = rowOf(ctx, 'host', h);
    const allowed = ((rec.editions as string[]) ?? []).length ? (rec.editions as string[]) : EDITIONS;
    const e = String(edition);
    if (!allowed.includes(e)) throw new XapiError('INVALID_EDITION', [e]);
    ctx.sim.db.update('host', h, { edition: e, license_params: { ...((rec.license_params ?? {}) as Rec), sku_type: e } });
    return '';
  },
  'host.emergency_ha_disable': (ctx, [soft]) => {
    const { sim } = ctx;
    const p = poolRec(sim);
    if (p?.ha_enabled !== true) {
      if (soft === true) return '';
      throw new XapiError('HA_NOT_ENABLED', []);
    }
    const pool = poolRef(sim);
    sim.db.update('pool', pool, { ha_enabled: false, ha_plan_exists_for: 0 });
    for (const h of sim.db.table('host').keys()) sim.db.update('host', h, { ha_statefiles: [], ha_network_peers: [] });
    refreshPoolAllowed(sim.db, pool);
    return '';
  },
  // Re-reads logging:syslog_destination and restarts syslog: nothing to simulate beyond the host existing.
  'host.syslog_reconfigure': (ctx, [host]) => { rowOf(ctx, 'host', host); return ''; },
  'host.compute_free_memory': (ctx, [host]) => { rowOf(ctx, 'host', host); return hostFreeMemory(ctx.sim, ref(host)); },
  'host.compute_memory_overhead': (ctx, [host]) => Number(rowOf(ctx, 'host', host).memory_overhead ?? 0),
  // xapi_host.ml: Date.now () in UTC ("…Z"), and Date.localtime (): the server's wall clock with no zone. The pool's
  // clock (Sim.now: advanceClock moves it) and its time zone (SimConfig.utcOffsetMinutes).
  'host.get_servertime': (ctx, [host]) => { rowOf(ctx, 'host', host); return nowDatetime(new Date(ctx.sim.now())); },
  'host.get_server_localtime': (ctx, [host]) => {
    rowOf(ctx, 'host', host);
    return nowDatetime(new Date(ctx.sim.now() + ctx.sim.utcOffsetMs)).replace(/Z$/, '');
  },
};

/** Every operation above runs inside a task when called synchronously, but these quick calls. */
export const hostMethods: MethodModule = operations(hostHandlers, [
  'host.assert_can_evacuate',
  'host.get_vms_which_prevent_evacuation',
  'host.set_power_on_mode',
  'host.get_system_status_capabilities',
  'host.compute_free_memory',
  'host.compute_memory_overhead',
  'host.syslog_reconfigure',
  'host.get_servertime',
  'host.get_server_localtime',
]);
