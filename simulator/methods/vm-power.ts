// VM power operations (SEMANTICS.md 2.1-2.5, 2.7, 2.8, 0.5). Each op: validate with the
// allowed-operations checker (waiting out OTHER_OPERATION_IN_PROGRESS as xapi does, 0.2), mark
// current_operations {task: op}, spend the simulated duration, then apply the state change.
import { refreshVmAllowed, vmOpError } from '../allowed-ops';
import { isNullRef } from '../db';
import { NULL_REF, type Rec } from '../fields';
import { nowDatetime, sleep, type CallCtx, type Handler, type Sim } from '../sim';
import { XapiError } from '../xapi-error';
import { rowOf } from './generic';
import { refreshDevicesOf, vbdSharingError } from './storage';
import { withCurrentOp } from '../current-ops';
import { checkVmPreservesPlan } from '../ha-plan';
import { memoryOverhead } from '../memory-overhead';
import { assertCanBootHere, hostFreeMemory, refreshHostMemory } from '../boot-checks';
import { operations, type MethodModule } from '../method-module';

const CANCELLED_BY: Record<string, string[]> = {
  hard_shutdown: ['clean_shutdown', 'clean_reboot', 'hard_reboot', 'pool_migrate', 'call_plugin', 'shutdown', 'suspend'],
  hard_reboot: ['clean_shutdown', 'clean_reboot', 'pool_migrate', 'call_plugin', 'suspend'],
};

export async function withVmOp<T>(ctx: CallCtx, vmRef: string, op: string, body: (vm: Rec) => Promise<T>): Promise<T> {
  const { db } = ctx.sim;
  rowOf(ctx, 'VM', vmRef);
  for (;;) {
    const err = vmOpError(db, vmRef, op, false);
    if (!err) break;
    if (err.code !== 'OTHER_OPERATION_IN_PROGRESS') throw err;
    ctx.sim.checkCancelled(ctx);
    await new Promise<void>((resolve) => { const off = db.onChange(() => { off(); resolve(); }); });
  }
  const key = ctx.task ?? `sync-${op}`;
  const vm = db.get('VM', vmRef)!;
  for (const [task, running] of Object.entries(vm.current_operations as Record<string, string>)) {
    if (CANCELLED_BY[op]?.includes(running)) ctx.sim.taskCancels.get(task)?.abort();
  }
  return withCurrentOp(db, 'VM', vmRef, key, op, () => refreshVmAllowed(db, vmRef), () => body(vm));
}

// ---- before a host is chosen (the host's own checks: simulator/boot-checks.ts) ----
/** §2.1's order of work before a host is chosen: every VBD marked attach (the sharing checks of
 * §9.2, in the order of the VM's VBDs), then memory_overhead recomputed (§2.8). */
export function prepareBoot(sim: Sim, vmRef: string): void {
  assertVbdsCanAttach(sim, vmRef);
  const vm = sim.db.get('VM', vmRef)!;
  const overhead = memoryOverhead(vm);
  if (Number(vm.memory_overhead) !== overhead) sim.db.update('VM', vmRef, { memory_overhead: overhead });
}

/** §2.1 "every VBD marked attach": the sharing checks of §9.2, in the order of the VM's VBDs. */
export function assertVbdsCanAttach(sim: Sim, vmRef: string): void {
  for (const vbd of (sim.db.get('VM', vmRef)?.VBDs as string[]) ?? []) { const e = vbdSharingError(sim, vbd); if (e) throw e; }
}

const evacuating = (sim: Sim, host: string) => Object.values((sim.db.get('host', host)?.current_operations ?? {}) as Record<string, string>).includes('evacuate');
/** start_on/resume_on to a host being evacuated (SEMANTICS.md 2.1, 5.3). */
function assertNotEvacuating(sim: Sim, host: string): void {
  if (evacuating(sim, host)) throw new XapiError('HOST_EVACUATE_IN_PROGRESS', [host]);
}

function chooseHost(sim: Sim, vmRef: string): string {
  const vm = sim.db.get('VM', vmRef)!;
  const hosts = [...sim.db.table('host').keys()].filter((h) => !evacuating(sim, h)); // placement skips an evacuating host (§5.3)
  const ordered = [String(vm.affinity), ...hosts.filter((h) => h !== vm.affinity)].filter((h) => hosts.includes(h));
  // Spread load: among qualifying non-affinity hosts prefer the one with the most free memory.
  const ok = (h: string) => { try { assertCanBootHere(sim, vmRef, h); return true; } catch { return false; } };
  if (ordered[0] === vm.affinity && ok(ordered[0])) return ordered[0];
  const candidates = ordered.filter(ok).sort((a, b) => hostFreeMemory(sim, b) - hostFreeMemory(sim, a));
  if (candidates.length) return candidates[0];
  // XAPI repeats the search without the memory check, so that the build reports the memory error.
  const noMemCheck = ordered.find((h) => { try { assertCanBootHere(sim, vmRef, h, { checkMemory: false }); return true; } catch { return false; } });
  if (noMemCheck) assertCanBootHere(sim, vmRef, noMemCheck);
  throw new XapiError('NO_HOSTS_AVAILABLE', []);
}

// ---- effects ----
export function setConsoles(sim: Sim, vmRef: string, host: string | null): void {
  const { db } = sim;
  const vm = db.get('VM', vmRef)!;
  for (const c of [...((vm.consoles as string[]) ?? [])]) db.delete('console', c);
  if (!host) return;
  const pv = vm.domain_type === 'pv' || (vm.domain_type !== 'hvm' && vm.HVM_boot_policy === '');
  for (const protocol of pv ? ['rfb', 'vt100'] : ['rfb']) {
    const ref = db.create('console', { protocol, VM: vmRef, other_config: {} });
    const uuid = String(db.get('console', ref)!.uuid);
    db.update('console', ref, { location: sim.consoleLocation(host, uuid) });
  }
}

/** §2.1: a domain attaches all its VBDs when HVM (the emulator holds even an empty CD drive), only
 * the non-empty ones when PV; every VIF. */
export function setDevicesAttached(sim: Sim, vmRef: string, attached: boolean): void {
  const vm = sim.db.get('VM', vmRef)!;
  const hvm = vm.domain_type === 'hvm';
  for (const vbd of (vm.VBDs as string[]) ?? []) {
    const b = sim.db.get('VBD', vbd);
    const want = attached && (hvm || !b?.empty);
    if (b && b.currently_attached !== want) sim.db.update('VBD', vbd, { currently_attached: want });
  }
  for (const vif of (vm.VIFs as string[]) ?? []) {
    if (sim.db.get('VIF', vif)?.currently_attached !== attached) sim.db.update('VIF', vif, { currently_attached: attached });
  }  refreshDevicesOf(sim, vmRef);
}

export function message(sim: Sim, vmRef: string, name: string, body: string): void {
  const vm = sim.db.get('VM', vmRef)!;
  sim.db.create('message', { name, priority: 5, cls: 'VM', obj_uuid: vm.uuid, timestamp: nowDatetime(), body: `VM '${vm.name_label}' (uuid: ${vm.uuid}) ${body}` });
}

export function hostText(sim: Sim, host: string): string {
  const h = sim.db.get('host', host);
  return `${h?.name_label ?? ''} (uuid: ${h?.uuid ?? ''})`;
}

/** Domain comes up on `host`: §2.1 effects shared by start, resume and reboot. */
export function becomeLive(sim: Sim, vmRef: string, host: string, paused: boolean, newBoot: boolean): void {
  const { db } = sim;
  const vm = db.get('VM', vmRef)!;
  const domainType = vm.domain_type === 'unspecified' || !vm.domain_type ? (vm.HVM_boot_policy === '' ? 'pv' : 'hvm') : vm.domain_type;
  db.update('VM', vmRef, {
    power_state: paused ? 'Paused' : 'Running', resident_on: host, scheduled_to_be_resident_on: NULL_REF,
    domid: sim.domid++, domain_type: domainType,
    // §2.1: a protected VM that boots or resumes is one HA must keep running (its restart after a host
    // failure relies on it; xapi's start and resume both set it).
    ...(vm.ha_restart_priority === 'restart' ? { ha_always_run: true } : {}),
  });
  if (db.get('VM_metrics', String(vm.metrics))) {
    const patch: Rec = { current_domain_type: domainType, VCPUs_number: vm.VCPUs_at_startup, memory_actual: vm.memory_dynamic_max, last_updated: nowDatetime() };
    if (newBoot) patch.start_time = nowDatetime();
    db.update('VM_metrics', String(vm.metrics), patch);
  }
  if (newBoot) {
    // The guest agent reports again: a fresh guest-metrics record, carrying the PV driver version.
    const old = db.get('VM_guest_metrics', String(vm.guest_metrics));
    if (old) {
      const { uuid: _u, ...rest } = old;
      db.delete('VM_guest_metrics', String(vm.guest_metrics));
      db.update('VM', vmRef, { guest_metrics: db.create('VM_guest_metrics', { ...rest, last_updated: nowDatetime() }) });
    }
  }
  setDevicesAttached(sim, vmRef, true);
  setConsoles(sim, vmRef, host);
  refreshHostMemory(sim, host);
}

/** §2.3 "Effects of reaching Halted". `keepAlwaysRun`: a power-state reset leaves ha_always_run alone
 * (xapi's force_state_reset does; HA then restarts the protected VMs it reset, xapi_ha_vm_failover.ml). */
export function becomeHalted(sim: Sim, vmRef: string, keepAlwaysRun = false): void {
  const { db } = sim;
  const vm = db.get('VM', vmRef)!;
  if (!isNullRef(vm.suspend_VDI) && db.get('VDI', String(vm.suspend_VDI))) db.delete('VDI', String(vm.suspend_VDI));
  const wasOn = String(vm.resident_on);
  db.update('VM', vmRef, {
    power_state: 'Halted', resident_on: NULL_REF, scheduled_to_be_resident_on: NULL_REF, domid: -1,
    suspend_VDI: NULL_REF, requires_reboot: false, ...(keepAlwaysRun ? {} : { ha_always_run: false }),
  });
  setDevicesAttached(sim, vmRef, false);
  setConsoles(sim, vmRef, null);
  if (!isNullRef(wasOn)) refreshHostMemory(sim, wasOn);
}

/** VM.power_state_reset's bookkeeping (§2.3), also used by host.declare_dead and HA fencing: Halted
 * without touching a domain (the host that ran it is gone), allowed_operations recomputed. */
export function resetPowerState(sim: Sim, vmRef: string): void {
  becomeHalted(sim, vmRef, true);
  refreshVmAllowed(sim.db, vmRef);
}

export function suspendSr(sim: Sim, vmRef: string): string {
  const { db } = sim;
  const vm = db.get('VM', vmRef)!;
  const host = String(vm.resident_on);
  const attachedHere = (sr: unknown) => ((db.get('SR', String(sr))?.PBDs as string[]) ?? []).some((p) => { const x = db.get('PBD', p); return x?.host === host && x.currently_attached; });
  const pool = [...db.table('pool').values()][0]?.rec;
  for (const sr of [vm.suspend_SR, pool?.suspend_image_SR, db.get('host', host)?.suspend_image_sr]) {
    if (!isNullRef(sr) && attachedHere(sr)) return String(sr);
  }
  throw new XapiError('VM_NO_SUSPEND_SR', [vmRef]);
}

/** xapi_vm_helpers.start_delay/shutdown_delay: the operation waits the VM's delay (seconds) once the
 * domain is up or gone, still holding the VM, so a vApp's next group starts that much later. */
async function vmDelay(sim: Sim, vmRef: string, field: 'start_delay' | 'shutdown_delay'): Promise<void> {
  const s = Number(sim.db.get('VM', vmRef)?.[field] ?? 0);
  if (s > 0) await sleep(s * 1000, sim.shutdown.signal);
}

// ---- handlers ----
const ref = (v: unknown) => String(v);

const start = (op: 'start' | 'start_on'): Handler => async (ctx, args) => {
  const vmRef = ref(args[0]);
  const onHost = op === 'start_on' ? ref(args[1]) : undefined;
  const paused = (op === 'start_on' ? args[2] : args[1]) === true;
  const { sim } = ctx;
  await withVmOp(ctx, vmRef, op, async () => {
    prepareBoot(sim, vmRef);
    let host: string;
    if (onHost) { rowOf(ctx, 'host', onHost); assertNotEvacuating(sim, onHost); assertCanBootHere(sim, vmRef, onHost); host = onHost; }
    else host = chooseHost(sim, vmRef);
    checkVmPreservesPlan(sim, vmRef, host);
    sim.db.update('VM', vmRef, { scheduled_to_be_resident_on: host });
    try {
      await sim.work(ctx, sim.durationMs(ctx));
    } catch (e) {
      if (sim.db.get('VM', vmRef)) sim.db.update('VM', vmRef, { scheduled_to_be_resident_on: NULL_REF });
      throw e;
    }
    becomeLive(sim, vmRef, host, paused, true);
    await vmDelay(sim, vmRef, 'start_delay');
    message(sim, vmRef, 'VM_STARTED', `started on host: ${hostText(sim, host)}`);
  });
  return '';
};

const shutdown = (op: 'clean_shutdown' | 'hard_shutdown'): Handler => async (ctx, [vm]) => {
  const vmRef = ref(vm);
  await withVmOp(ctx, vmRef, op, async () => {
    await ctx.sim.work(ctx, ctx.sim.durationMs(ctx));
    becomeHalted(ctx.sim, vmRef);
    ctx.sim.db.update('VM', vmRef, { ha_always_run: false });
    await vmDelay(ctx.sim, vmRef, 'shutdown_delay');
    message(ctx.sim, vmRef, 'VM_SHUTDOWN', op === 'hard_shutdown' ? 'shutdown forcibly' : 'shutdown');
  });
  return '';
};

/** VM.shutdown (SEMANTICS.md 2.3): clean when the guest can do it, else hard; Paused or Suspended: hard. */
const shutdownAny: Handler = async (ctx, [vm]) => {
  const vmRef = ref(vm);
  const before = ctx.sim.db.get('VM', vmRef);
  const clean = before?.power_state === 'Running' && ((before.allowed_operations as string[]) ?? []).includes('clean_shutdown');
  await withVmOp(ctx, vmRef, 'shutdown', async () => {
    await ctx.sim.work(ctx, ctx.sim.durationMs(ctx));
    becomeHalted(ctx.sim, vmRef);
    ctx.sim.db.update('VM', vmRef, { ha_always_run: false });
    await vmDelay(ctx.sim, vmRef, 'shutdown_delay');
    message(ctx.sim, vmRef, 'VM_SHUTDOWN', clean ? 'shutdown' : 'shutdown forcibly');
  });
  return '';
};

const reboot = (op: 'clean_reboot' | 'hard_reboot'): Handler => async (ctx, [vm]) => {
  const vmRef = ref(vm);
  await withVmOp(ctx, vmRef, op, async () => {
    await ctx.sim.work(ctx, ctx.sim.durationMs(ctx));
    const cur = ctx.sim.db.get('VM', vmRef)!;
    const host = isNullRef(cur.resident_on) ? chooseHost(ctx.sim, vmRef) : String(cur.resident_on);
    becomeLive(ctx.sim, vmRef, host, false, true);
    message(ctx.sim, vmRef, 'VM_REBOOTED', op === 'hard_reboot' ? 'rebooted forcibly' : 'rebooted cleanly');
  });
  return '';
};

const suspend: Handler = async (ctx, [vm]) => {
  const vmRef = ref(vm);
  const { sim } = ctx;
  await withVmOp(ctx, vmRef, 'suspend', async () => {
    const sr = suspendSr(sim, vmRef);
    await sim.work(ctx, sim.durationMs(ctx));
    const v = sim.db.get('VM', vmRef)!;
    const size = Math.round(Number(v.memory_static_max) * 1.2 * 1.05) + 100 * 1024 * 1024;
    const vdi = sim.db.create('VDI', {
      name_label: 'Suspend image', name_description: 'Suspend image', SR: sr, type: 'suspend', sharable: false, read_only: false,
      virtual_size: size, physical_utilisation: size, sm_config: { vmhint: String(v.uuid), initial_allocation: String(size) }, managed: true,
    });
    sim.db.update('VM', vmRef, { power_state: 'Suspended', suspend_VDI: vdi, resident_on: NULL_REF, domid: -1, ha_always_run: false });
    setConsoles(sim, vmRef, null);
    if (!isNullRef(v.resident_on)) refreshHostMemory(sim, String(v.resident_on));
    message(sim, vmRef, 'VM_SUSPENDED', 'suspended');
  });
  return '';
};

const resume = (op: 'resume' | 'resume_on'): Handler => async (ctx, args) => {
  const vmRef = ref(args[0]);
  const onHost = op === 'resume_on' ? ref(args[1]) : undefined;
  const paused = (op === 'resume_on' ? args[2] : args[1]) === true;
  const { sim } = ctx;
  await withVmOp(ctx, vmRef, op, async (vm) => {
    if (isNullRef(vm.suspend_VDI)) { becomeHalted(sim, vmRef); throw new XapiError('VM_HAS_NO_SUSPEND_VDI', ['VM', vmRef]); }
    prepareBoot(sim, vmRef);
    let host: string;
    if (onHost) { rowOf(ctx, 'host', onHost); assertNotEvacuating(sim, onHost); assertCanBootHere(sim, vmRef, onHost); host = onHost; }
    else host = chooseHost(sim, vmRef);
    checkVmPreservesPlan(sim, vmRef, host);
    sim.db.update('VM', vmRef, { scheduled_to_be_resident_on: host });
    try { await sim.work(ctx, sim.durationMs(ctx)); } catch (e) { sim.db.update('VM', vmRef, { scheduled_to_be_resident_on: NULL_REF }); throw e; }
    const vdi = String(sim.db.get('VM', vmRef)!.suspend_VDI);
    if (sim.db.get('VDI', vdi)) sim.db.delete('VDI', vdi);
    sim.db.update('VM', vmRef, { suspend_VDI: NULL_REF });
    becomeLive(sim, vmRef, host, paused, false);
    message(sim, vmRef, 'VM_RESUMED', `resumed on host: ${hostText(sim, host)}`);
  });
  return '';
};

/** VM.power_state_reset (§2.3). The call runs on the coordinator: a live VM there still has its domain
 * (DOMAIN_EXISTS); one on another host needs that host to be offline (HOST_IS_LIVE). No message. */
const powerStateReset: Handler = (ctx, [vm]) => {
  const vmRef = ref(vm);
  const { sim } = ctx;
  const rec = rowOf(ctx, 'VM', vmRef);
  if (rec.is_control_domain) throw new XapiError('CANNOT_RESET_CONTROL_DOMAIN', [vmRef]);
  if (rec.power_state === 'Running' || rec.power_state === 'Paused') {
    const host = String(rec.resident_on);
    if (host === sim.coordinator()) throw new XapiError('DOMAIN_EXISTS', [vmRef]);
    const metrics = sim.db.get('host_metrics', String(sim.db.get('host', host)?.metrics));
    if (metrics?.live === true) throw new XapiError('HOST_IS_LIVE', [host]);
  }
  resetPowerState(sim, vmRef);
  return '';
};

/** §2.5's effect of pause/unpause: power_state alone (domain, resident_on, domid, devices stay).
 * The caller refreshes allowed_operations (the handler's withVmOp does; so does the churn, churn.ts). */
export function setPaused(sim: Sim, vmRef: string, paused: boolean): void {
  sim.db.update('VM', vmRef, { power_state: paused ? 'Paused' : 'Running' });
}

const pauseOp = (op: 'pause' | 'unpause'): Handler => async (ctx, [vm]) => {
  const vmRef = ref(vm);
  await withVmOp(ctx, vmRef, op, async () => {
    await ctx.sim.work(ctx, ctx.sim.durationMs(ctx));
    setPaused(ctx.sim, vmRef, op === 'pause');
    message(ctx.sim, vmRef, op === 'pause' ? 'VM_PAUSED' : 'VM_UNPAUSED', op === 'pause' ? 'paused' : 'unpaused');
  });
  return '';
};

const vmPowerHandlers: Record<string, Handler> = {
  'VM.start': start('start'),
  'VM.start_on': start('start_on'),
  'VM.clean_shutdown': shutdown('clean_shutdown'),
  'VM.hard_shutdown': shutdown('hard_shutdown'),
  'VM.shutdown': shutdownAny,
  'VM.clean_reboot': reboot('clean_reboot'),
  'VM.hard_reboot': reboot('hard_reboot'),
  'VM.suspend': suspend,
  'VM.resume': resume('resume'),
  'VM.resume_on': resume('resume_on'),
  'VM.power_state_reset': powerStateReset,
  'VM.pause': pauseOp('pause'),
  'VM.unpause': pauseOp('unpause'),
  'VM.assert_can_boot_here': (ctx, [vm, host]) => { rowOf(ctx, 'VM', vm); assertCanBootHere(ctx.sim, ref(vm), ref(host)); return ''; },
  'VM.assert_operation_valid': (ctx, [vm, op]) => { const e = vmOpError(ctx.sim.db, ref(vm), String(op), false); if (e) throw e; return ''; },
  'VM.update_allowed_operations': (ctx, [vm]) => { rowOf(ctx, 'VM', vm); refreshVmAllowed(ctx.sim.db, ref(vm)); return ''; },
};

/** Every operation above runs inside a task when called synchronously, but these quick calls. */
export const vmPowerMethods: MethodModule = operations(vmPowerHandlers, [
  'VM.assert_can_boot_here',
  'VM.assert_operation_valid',
  'VM.update_allowed_operations',
]);
