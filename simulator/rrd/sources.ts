// The default data sources of a host and of a VM (FORMATS.md 3.2), read from the simulator's own
// state at each tick: memory from host_metrics / VM_metrics / VM, CPU from host_cpu.utilisation and
// VM_metrics.VCPUs_utilisation (metrics.ts moves those), the rest from deterministic curves
// (synth.ts) seeded by the object's uuid. A source's `history` synthesises its past from numbers
// captured now (it keeps no database record alive); `read` is the live reading.
// A domain that is not running (or whose host is not live) reads NaN: there is nothing to measure.
import { isNullRef } from '../db';
import type { Rec } from '../fields';
import type { Sim } from '../sim';
import type { DsDef, DsType, History } from './rrd';
import { curveAt, pick, seedOf, type Curve } from './synth';

export interface Source { def: DsDef; history: History; read: (t: number) => number }

const KIB = 1024;

/** Sources of one object: curves seeded by "<uuid>:<ds name>". */
class Builder {
  readonly out: Source[] = [];
  constructor(private readonly uuid: string) {}

  seed(name: string): number { return seedOf(`${this.uuid}:${name}`); }

  add(name: string, type: DsType, history: History, read: (t: number) => number, max = Infinity): Source {
    const s: Source = { def: { name, type, min: 0, max }, history, read };
    this.out.push(s);
    return s;
  }

  /** A curve of mean `level` (a fraction picked by the seed when given as [lo, hi]). */
  curve(name: string, level: number | [number, number], daily: number, noise: number, max = Infinity): Curve {
    const seed = this.seed(name);
    return { seed, level: Array.isArray(level) ? pick(seed, level[0], level[1]) : level, daily, noise, min: 0, max };
  }
}

const constant = (v: number): History => () => v;
const fromCurve = (c: Curve): History => (end, period) => curveAt(c, end, period);
const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

function hostLive(sim: Sim, host: unknown): boolean {
  const h = sim.db.get('host', String(host));
  return !!h && sim.db.get('host_metrics', String(h.metrics))?.live !== false;
}

export function hostSources(sim: Sim, ref: string): Source[] {
  const { db } = sim;
  const h = db.get('host', ref)!;
  const b = new Builder(String(h.uuid));
  const live = hostLive(sim, ref);
  const on = (v: number) => (live ? v : NaN);
  const metrics = () => db.get('host_metrics', String(h.metrics));

  const cpus = [...db.table('host_cpu').values()].map((r) => r.rec).filter((c) => c.host === ref)
    .sort((a, c) => Number(a.number) - Number(c.number));
  const cpuSources = cpus.map((c) => {
    const name = `cpu${Number(c.number)}`;
    const curve = b.curve(name, Math.max(0.02, Number(c.utilisation) || 0), 0.5, 0.3, 1);
    // The live value moves around the record's current utilisation.
    return b.add(name, 'DERIVE', fromCurve(curve), (t) => on(curveAt({ ...curve, level: Math.max(0.02, Number(c.utilisation) || 0) }, t, 5)), 1);
  });
  b.add('cpu_avg', 'DERIVE', (e, p) => mean(cpuSources.map((s) => s.history(e, p))), (t) => mean(cpuSources.map((s) => s.read(t))), 1);
  const load = b.curve('loadavg', [0.2, 1.5], 0.5, 0.3);
  b.add('loadavg', 'GAUGE', fromCurve(load), (t) => on(curveAt(load, t, 5)));

  const total = Number(metrics()?.memory_total ?? 0) / KIB;
  b.add('memory_total_kib', 'GAUGE', constant(total), () => on(Number(metrics()?.memory_total ?? NaN) / KIB));
  const free = b.curve('memory_free_kib', Number(metrics()?.memory_free ?? 0) / KIB, 0.02, 0.005, total);
  b.add('memory_free_kib', 'GAUGE', fromCurve(free), () => on(Number(metrics()?.memory_free ?? NaN) / KIB));

  const pifs = ((h.PIFs as string[]) ?? []).map((p) => db.get('PIF', p)).filter((p): p is Rec => !!p && p.physical === true)
    .sort((a, c) => String(a.device).localeCompare(String(c.device), undefined, { numeric: true }));
  const rx: Source[] = [], tx: Source[] = [];
  for (const p of pifs) {
    const dev = String(p.device);
    for (const [dir, range, list] of [['rx', [1e5, 3e6], rx], ['tx', [5e4, 2e6], tx]] as const) {
      const c = b.curve(`pif_${dev}_${dir}`, [range[0], range[1]], 0.6, 0.5);
      list.push(b.add(`pif_${dev}_${dir}`, 'DERIVE', fromCurve(c), (t) => on(p.currently_attached ? curveAt(c, t, 5) : NaN)));
    }
  }
  b.add('pif_aggr_rx', 'DERIVE', (e, p) => sum(rx.map((s) => s.history(e, p))), (t) => sum(rx.map((s) => s.read(t))));
  b.add('pif_aggr_tx', 'DERIVE', (e, p) => sum(tx.map((s) => s.history(e, p))), (t) => sum(tx.map((s) => s.read(t))));

  const xapiUsed = b.curve('xapi_memory_usage_kib', [120e3, 200e3], 0.05, 0.02);
  b.add('xapi_memory_usage_kib', 'GAUGE', fromCurve(xapiUsed), (t) => on(curveAt(xapiUsed, t, 5)));
  const xapiFree = b.curve('xapi_free_memory_kib', [300e3, 500e3], 0.05, 0.02);
  b.add('xapi_free_memory_kib', 'GAUGE', fromCurve(xapiFree), (t) => on(curveAt(xapiFree, t, 5)));

  if (ref === sim.coordinator()) {
    for (const [name, cls] of [['pool_session_count', 'session'], ['pool_task_count', 'task']] as const) {
      const c = b.curve(name, db.table(cls).size, 0.1, 0.1);
      b.add(name, 'GAUGE', fromCurve(c), () => on(db.table(cls).size));
    }
  }
  return b.out;
}

/** Whether a VM's domain exists (Running or Paused on a live host): only then is anything measured. */
export function hasDomain(sim: Sim, vm: Rec): boolean {
  return (vm.power_state === 'Running' || vm.power_state === 'Paused') && !isNullRef(vm.resident_on) && hostLive(sim, vm.resident_on);
}

export function vmSources(sim: Sim, ref: string): Source[] {
  const { db } = sim;
  const vm = db.get('VM', ref)!;
  const b = new Builder(String(vm.uuid));
  const m = db.get('VM_metrics', String(vm.metrics));
  const running = hasDomain(sim, vm);
  const paused = vm.power_state === 'Paused';
  // A paused domain exists (its memory is there) but does nothing.
  const busy = (v: number) => (!running ? NaN : paused ? 0 : v);
  const util = (m?.VCPUs_utilisation ?? {}) as Record<string, unknown>;
  const n = Math.max(1, (running ? Number(m?.VCPUs_number) : 0) || Number(vm.VCPUs_at_startup) || 1);

  const cpus: Source[] = [];
  const levels: number[] = [];
  for (let i = 0; i < n; i++) {
    const c = b.curve(`cpu${i}`, [0.05, 0.45], 0.6, 0.4, 1);
    levels.push(c.level);
    const u = Number(util[String(i)]);
    cpus.push(b.add(`cpu${i}`, 'DERIVE', fromCurve(c), (t) => busy(Number.isFinite(u) ? u : curveAt(c, t, 5)), 1));
  }
  b.add('cpu_usage', 'DERIVE', (e, p) => mean(cpus.map((s) => s.history(e, p))), (t) => mean(cpus.map((s) => s.read(t))), 1);
  // Disk and network traffic follow the vCPUs: busier than the curve's own level when the CPU is.
  const activity = (t: number) => (0.5 + mean(cpus.map((s) => s.read(t)))) / (0.5 + mean(levels));

  const actual = Number(m?.memory_actual) || Number(vm.memory_target) || 0;
  b.add('memory', 'GAUGE', constant(actual), () => (running ? Number(m?.memory_actual) : NaN));
  const target = Number(vm.memory_target) || 0;
  b.add('memory_target', 'GAUGE', constant(target), () => (running ? Number(vm.memory_target) : NaN));
  const freeKib = b.curve('memory_internal_free', [0.25 * actual / KIB, 0.6 * actual / KIB], 0.1, 0.05, actual / KIB);
  // Reported by the guest agent: nothing without one.
  const agent = !isNullRef(vm.guest_metrics);
  b.add('memory_internal_free', 'GAUGE', fromCurve(freeKib), (t) => (running && agent ? Math.min(curveAt(freeKib, t, 5), Number(m?.memory_actual) / KIB) : NaN));

  const byDevice = (a: Rec, c: Rec) => String(a.device).localeCompare(String(c.device), undefined, { numeric: true });
  const vifs = ((vm.VIFs as string[]) ?? []).map((v) => db.get('VIF', v)).filter((v): v is Rec => !!v).sort(byDevice);
  for (const v of vifs) {
    for (const [dir, lo, hi] of [['rx', 1e4, 1e6], ['tx', 5e3, 5e5]] as const) {
      const c = b.curve(`vif_${String(v.device)}_${dir}`, [lo, hi], 0.6, 0.5);
      b.add(`vif_${String(v.device)}_${dir}`, 'DERIVE', fromCurve(c), (t) => (v.currently_attached ? busy(curveAt(c, t, 5) * activity(t)) : NaN));
    }
  }
  const disks = ((vm.VBDs as string[]) ?? []).map((x) => db.get('VBD', x))
    .filter((x): x is Rec => !!x && x.type === 'Disk' && !x.empty && String(x.device ?? '') !== '').sort(byDevice);
  for (const d of disks) {
    const dev = String(d.device);
    const attached = () => d.currently_attached === true;
    for (const [dir, lo, hi] of [['read', 2e4, 3e6], ['write', 1e4, 1.5e6]] as const) {
      const c = b.curve(`vbd_${dev}_${dir}`, [lo, hi], 0.6, 0.6);
      b.add(`vbd_${dev}_${dir}`, 'DERIVE', fromCurve(c), (t) => (attached() ? busy(curveAt(c, t, 5) * activity(t)) : NaN));
    }
    for (const dir of ['read', 'write'] as const) {
      const c = b.curve(`vbd_${dev}_${dir}_latency`, [150, 1500], 0.3, 0.4);
      b.add(`vbd_${dev}_${dir}_latency`, 'GAUGE', fromCurve(c), (t) => (attached() ? busy(curveAt(c, t, 5)) : NaN));
    }
  }
  return b.out;
}
