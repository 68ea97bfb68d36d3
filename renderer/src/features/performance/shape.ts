// From an object's data sources (metrics.series) to the Performance tab's charts, as XenCenter
// groups them: CPU (per CPU and average, %), memory (used and total), network (per PIF or VIF,
// receive and send) and, for VMs, disk (per VBD, read and write). Pure: units are chosen here,
// the values scaled, and each chart gets a one-line summary of its latest values for its
// accessible name.
import type { MetricsSeries, MetricsSource } from '../../../../shared/ipc/contract';

export interface ChartLine {
  label: string;
  /** Scaled to the chart's unit; null = unknown (a gap). */
  values: (number | null)[];
  /** The newest known value (scaled), null when there is none. */
  latest: number | null;
  /** Drawn heavier: the line to read first (average CPU, used memory). */
  emphasis?: boolean;
}

export interface ChartSpec {
  id: 'cpu' | 'memory' | 'network' | 'disk';
  title: string;
  unit: string;
  /** Decimals shown for values in this unit. */
  decimals: number;
  /** Fixed top of the value axis (CPU: 100 %); otherwise from the data. */
  max?: number;
  lines: ChartLine[];
  /** "CPU: Average 12.3 %, CPU 0 10.1 %, …": the latest values, for screen readers and tests. */
  summary: string;
}

const KiB = 1024;
const MiB = 1024 ** 2;
const GiB = 1024 ** 3;
/** Per-CPU lines are drawn up to this many CPUs; beyond, the average alone stays readable. */
export const MAX_CPU_LINES = 16;
/** Lines named in a chart's summary before "and N more". */
const SUMMARY_LINES = 6;

export function shapeCharts(s: MetricsSeries, cls: 'host' | 'vm'): ChartSpec[] {
  const byName = new Map(s.sources.map((x) => [x.name, x]));
  const charts = [cpuChart(s, byName, cls), memoryChart(s, byName, cls), networkChart(s, cls)];
  if (cls === 'vm') charts.push(diskChart(s));
  return charts.filter((c): c is ChartSpec => c !== undefined && c.lines.length > 0);
}

// ---------- CPU ----------

function cpuChart(s: MetricsSeries, byName: Map<string, MetricsSource>, cls: 'host' | 'vm'): ChartSpec | undefined {
  const cpus = s.sources
    .map((x) => ({ x, n: /^cpu(\d+)$/.exec(x.name)?.[1] }))
    .filter((c): c is { x: MetricsSource; n: string } => c.n !== undefined)
    .sort((a, b) => Number(a.n) - Number(b.n));
  const pct = (v: (number | null)[]) => v.map((x) => (x === null ? null : x * 100));
  // Hosts report cpu_avg; for a VM the average of its vCPUs is what XenCenter's total shows.
  const avgSource = cls === 'host' ? byName.get('cpu_avg')?.values : undefined;
  const average = avgSource ?? (cpus.length ? rowMean(s.times.length, cpus.map((c) => c.x.values)) : undefined);
  const name = (n: string) => `${cls === 'vm' ? 'vCPU' : 'CPU'} ${n}`;
  const lines: ChartLine[] = [];
  // One CPU: its line is the average.
  if (average) lines.push(line(cpus.length === 1 && !avgSource ? name(cpus[0].n) : 'Average', pct(average), true));
  if (cpus.length > 1 && cpus.length <= MAX_CPU_LINES) {
    for (const c of cpus) lines.push(line(name(c.n), pct(c.x.values)));
  }
  return chart('cpu', 'CPU usage', '%', 1, lines, 100);
}

/** Per row, the mean of the known values (null when none is known). */
function rowMean(rows: number, columns: (number | null)[][]): (number | null)[] {
  return Array.from({ length: rows }, (_, i) => {
    let sum = 0;
    let n = 0;
    for (const col of columns) {
      const v = col[i];
      if (v !== null && v !== undefined) { sum += v; n++; }
    }
    return n ? sum / n : null;
  });
}

// ---------- memory ----------

function memoryChart(s: MetricsSeries, byName: Map<string, MetricsSource>, cls: 'host' | 'vm'): ChartSpec | undefined {
  let total: (number | null)[] | undefined;
  let free: (number | null)[] | undefined;
  if (cls === 'host') {
    total = scale(byName.get('memory_total_kib')?.values, KiB);
    free = scale(byName.get('memory_free_kib')?.values, KiB);
  } else {
    // `memory` is what the domain has; the guest agent's memory_internal_free (KiB) says how much of it is unused.
    total = byName.get('memory')?.values;
    free = scale(byName.get('memory_internal_free')?.values, KiB);
  }
  if (!total) return undefined;
  const used = free ? total.map((t, i) => (t === null || free[i] === null ? null : Math.max(0, t - (free[i] as number)))) : undefined;
  const big = maxOf([total]) >= GiB;
  const [unit, div, decimals] = big ? ['GiB', GiB, 2] : ['MiB', MiB, 0];
  const lines: ChartLine[] = [];
  if (used) lines.push(line('Used', scale(used, 1 / div) as (number | null)[], true));
  lines.push(line(cls === 'vm' ? 'Total (allocated)' : 'Total', scale(total, 1 / div) as (number | null)[], !used));
  return chart('memory', 'Memory', unit, decimals, lines);
}

// ---------- network and disk ----------

interface RatePair { key: string; label: string; a?: MetricsSource; b?: MetricsSource }

/** Sources named `<prefix><device>_<a|b>`, paired per device, in device order. */
function pairs(s: MetricsSeries, re: RegExp, a: string, label: (dev: string) => string): RatePair[] {
  const out = new Map<string, RatePair>();
  for (const x of s.sources) {
    const m = re.exec(x.name);
    if (!m) continue;
    const p = out.get(m[1]) ?? { key: m[1], label: label(m[1]) };
    if (m[2] === a) p.a = x; else p.b = x;
    out.set(m[1], p);
  }
  return [...out.values()].sort((x, y) => x.key.localeCompare(y.key, undefined, { numeric: true }));
}

function rateChart(id: 'network' | 'disk', title: string, list: RatePair[], names: [string, string]): ChartSpec | undefined {
  const raw = list.flatMap((p) => [
    ...(p.a ? [{ label: `${p.label} ${names[0]}`, values: p.a.values }] : []),
    ...(p.b ? [{ label: `${p.label} ${names[1]}`, values: p.b.values }] : []),
  ]);
  const big = maxOf(raw.map((r) => r.values)) >= MiB;
  const [unit, div] = big ? ['MiB/s', MiB] : ['KiB/s', KiB];
  return chart(id, title, unit, big ? 2 : 1, raw.map((r) => line(r.label, scale(r.values, 1 / div) as (number | null)[])));
}

function networkChart(s: MetricsSeries, cls: 'host' | 'vm'): ChartSpec | undefined {
  // pif_aggr_* is the sum of the others: it would only repeat them.
  const list = cls === 'host'
    ? pairs(s, /^pif_([^_]+)_(rx|tx)$/, 'rx', (dev) => dev).filter((p) => p.key !== 'aggr')
    : pairs(s, /^vif_(\d+)_(rx|tx)$/, 'rx', (dev) => `VIF ${dev}`);
  return rateChart('network', 'Network', list, ['receive', 'send']);
}

function diskChart(s: MetricsSeries): ChartSpec | undefined {
  // Only vbd_<dev>_read/_write (B/s): a device name has no '_', which keeps out _read_latency, _iops_read, …
  return rateChart('disk', 'Disk', pairs(s, /^vbd_([^_]+)_(read|write)$/, 'read', (dev) => dev), ['read', 'write']);
}

// ---------- helpers ----------

function scale(v: (number | null)[] | undefined, by: number): (number | null)[] | undefined {
  return v?.map((x) => (x === null ? null : x * by));
}

function maxOf(columns: (number | null)[][]): number {
  let m = 0;
  for (const col of columns) for (const v of col) if (v !== null && v > m) m = v;
  return m;
}

function latestOf(values: (number | null)[]): number | null {
  for (let i = values.length - 1; i >= 0; i--) if (values[i] !== null) return values[i];
  return null;
}

function line(label: string, values: (number | null)[], emphasis = false): ChartLine {
  return { label, values, latest: latestOf(values), ...(emphasis ? { emphasis } : {}) };
}

export function formatValue(v: number | null, unit: string, decimals: number): string {
  if (v === null) return 'no data';
  return `${v.toFixed(decimals)} ${unit}`;
}

function chart(id: ChartSpec['id'], title: string, unit: string, decimals: number, lines: ChartLine[], max?: number): ChartSpec {
  const shown = lines.slice(0, SUMMARY_LINES).map((l) => `${l.label} ${formatValue(l.latest, unit, decimals)}`);
  const more = lines.length > SUMMARY_LINES ? `, and ${lines.length - SUMMARY_LINES} more` : '';
  return { id, title, unit, decimals, lines, summary: `${title}, latest: ${shown.join(', ')}${more}`, ...(max !== undefined ? { max } : {}) };
}
