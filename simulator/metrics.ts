// Metrics that move while VMs run: a timer (only while the simulator runs) that, once per tick, writes each running VM's VM_metrics (memory_actual near its
// target, VCPUs_utilisation per vCPU in 0..1, last_updated), completes the guest agent's report in
// an existing VM_guest_metrics (os_version, networks from the VIFs, PV driver flags; written only
// when it differs) and host_metrics.memory_free by SEMANTICS.md 2.8 (written only when it moves).
// One update per record per tick keeps the event stream modest.
import { isNullRef } from './db';
import type { Rec } from './fields';
import { nowDatetime, type Sim } from './sim';
import { hostFreeMemory } from './boot-checks';

export const DEFAULT_METRICS_INTERVAL_MS = 5000;
const PAGE = 4096;

/** Starts the timer; returns its stop function. */
export function startMetrics(sim: Sim): () => void {
  const ms = sim.config.metricsIntervalMs ?? DEFAULT_METRICS_INTERVAL_MS;
  if (!(ms > 0)) return () => undefined;
  const timer = setInterval(() => { if (!sim.shutdown.signal.aborted) metricsTick(sim); }, ms);
  timer.unref();
  const stop = () => clearInterval(timer);
  sim.shutdown.signal.addEventListener('abort', stop, { once: true });
  return stop;
}

// A test's fixed vCPU load by VM uuid (setCpuLoad), kept here rather than on Sim (sim.ts imports nothing above it).
const loads = new WeakMap<Sim, Map<string, number>>();

/** Pins every vCPU of a VM at `load` (0..1) from now on, written at once (the RRDs read it at their next tick); null lets it move again. */
export function setCpuLoad(sim: Sim, vmRef: string, load: number | null): void {
  const vm = sim.db.get('VM', vmRef);
  if (!vm || vm.is_a_template) throw new Error(`setCpuLoad: ${vmRef} is not a VM`);
  if (load !== null && !(load >= 0 && load <= 1)) throw new Error('setCpuLoad: the load is a fraction from 0 to 1');
  let m = loads.get(sim);
  if (!m) loads.set(sim, m = new Map());
  if (load === null) { m.delete(String(vm.uuid)); return; }
  m.set(String(vm.uuid), load);
  moveVmMetrics(sim, vm);
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** One report of a running VM's VM_metrics (memory_actual, VCPUs_utilisation, last_updated) in a
 * single update; false when the VM has no VM_metrics record. `random` draws in [0, 1). */
export function moveVmMetrics(sim: Sim, vm: Rec, now = nowDatetime(), random: () => number = Math.random): boolean {
  const m = sim.db.get('VM_metrics', String(vm.metrics));
  if (!m) return false;
  const dmin = Number(vm.memory_dynamic_min), dmax = Number(vm.memory_dynamic_max);
  const target = Number(vm.memory_target) > 0 ? Number(vm.memory_target) : dmax;
  // The balloon hovers within 1% under the target, never outside the dynamic range.
  const actual = Math.min(dmax, Math.max(dmin, Math.round((target * (1 - random() * 0.01)) / PAGE) * PAGE));
  const n = Math.max(1, Number(m.VCPUs_number) || Number(vm.VCPUs_at_startup) || 1);
  const util: Record<string, number> = {};
  const pinned = loads.get(sim)?.get(String(vm.uuid));
  for (let i = 0; i < n; i++) util[String(i)] = pinned ?? Math.round(random() * 10000) / 10000;
  sim.db.update('VM_metrics', String(vm.metrics), { memory_actual: actual, VCPUs_utilisation: util, last_updated: now });
  return true;
}

export function metricsTick(sim: Sim): void {
  const { db } = sim;
  // A host that is not live (powered off, failed) reports nothing, for itself or for the domains the
  // database still places on it (faults.ts failHost without HA).
  const reports = (host: unknown) => db.get('host_metrics', String(db.get('host', String(host))?.metrics))?.live !== false;
  const running = [...db.table('VM')].filter(([, r]) => r.rec.power_state === 'Running' && !r.rec.is_control_domain && !r.rec.is_a_template && reports(r.rec.resident_on));
  const now = nowDatetime();
  for (const [, { rec: vm }] of running) {
    moveVmMetrics(sim, vm, now);
    const gRef = String(vm.guest_metrics);
    const g = isNullRef(vm.guest_metrics) ? undefined : db.get('VM_guest_metrics', gRef);
    if (g) {
      const patch: Rec = {};
      const os = (g.os_version ?? {}) as Record<string, string>;
      if (Object.keys(os).length === 0) patch.os_version = { name: 'Linux', distro: 'linux', uname: '6.1.0' };
      const nets: Record<string, string> = {};
      for (const vif of (vm.VIFs as string[]) ?? []) {
        const v = db.get('VIF', vif);
        if (!v?.currently_attached) continue;
        const cur = (g.networks ?? {}) as Record<string, string>;
        const key = `${String(v.device)}/ip`;
        nets[key] = cur[key] ?? `10.${(Number(vm.domid) >> 8) & 255}.${Number(vm.domid) & 255}.${10 + Number(v.device)}`;
      }
      if (Object.keys(nets).length && !same(nets, g.networks)) patch.networks = { ...((g.networks ?? {}) as Rec), ...nets };
      const pv = (g.PV_drivers_version ?? {}) as Record<string, string>;
      const hasPv = /^\d+$/.test(pv.major ?? '');
      if (g.PV_drivers_detected !== hasPv) patch.PV_drivers_detected = hasPv;
      if (hasPv && g.PV_drivers_up_to_date !== true) patch.PV_drivers_up_to_date = true;
      if (g.live !== true) patch.live = true;
      if (Object.keys(patch).length) db.update('VM_guest_metrics', gRef, { ...patch, last_updated: now });
    }
  }
  for (const [hostRef, { rec: h }] of db.table('host')) {
    const hm = db.get('host_metrics', String(h.metrics));
    if (!hm || hm.live === false) continue;
    const free = hostFreeMemory(sim, hostRef);
    if (Number(hm.memory_free) !== free) db.update('host_metrics', String(h.metrics), { memory_free: free, last_updated: now });
  }
}
