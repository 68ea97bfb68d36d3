// metrics.usage, the pure part: from each host's /rrd_updates reply (host=true, no vm_uuid: the
// host's columns and those of every VM with a domain there) to the current usage of each object,
// as XenCenter's MetricUpdater and PropertyAccessorHelper read them:
// - CPU: the `cpuN` data sources (not cpu_avg, cpu_usage or cpuN-Ck), averaged over the CPUs;
// - host memory: memory_total_kib and memory_free_kib (KiB);
// - VM memory: `memory` (bytes, its allocation) and memory_internal_free (KiB, from the guest agent);
// - disk and network throughput (B/s): per device `vbd_<dev>_read + _write` over the VM's VBDs,
//   `vif_<dev>_rx + _tx` over its VIFs, `pif_<dev>_rx + _tx` over the host's physical PIFs, as
//   vmDiskUsageString, vmNetworkUsageString and hostNetworkUsageString: the mean over the devices and
//   the largest; a device with no such source counts 0 (MetricUpdater.GetValue), a NaN makes it
//   unknown. XenCenter adds `vbd_<dev>_tx` (never a source, so 0) where it means `vif_`/`pif_<dev>_tx`:
//   its network figure is the received bytes only. Here rx + tx, as the column means and its own
//   Performance tab shows.
// Each object's values come from the newest row in which it has any known value (rows from hosts
// that just took a VM over, or a source not yet sampled, are NaN).
import type { ObjectUsage, Throughput, UsageSample } from '../../../../shared/ipc/contract';
import { OPAQUE_REF } from '../../../../shared/ipc/checks';
import type { RrdUpdates } from './rrd-updates';

/**
 * One object's usage and the time of the row it came from; `io`: that row's per-device traffic sources
 * (`vbd_<dev>_read`…, by name), when it has any, for usageSample to total over the object's devices.
 */
export interface TimedUsage { t: number; usage: ObjectUsage; io?: ReadonlyMap<string, number> }
/** One reply's objects by kind, keyed by lower-case uuid. */
export interface ReplyUsage { hosts: Map<string, TimedUsage>; vms: Map<string, TimedUsage> }

const CPU = /^cpu\d+$/;
const IO = /^(?:vbd_[^_]+_(?:read|write)|vif_[^_]+_(?:rx|tx)|pif_.+_(?:rx|tx))$/;
const KIB = 1024;

const known = (v: number | undefined): v is number => v !== undefined && Number.isFinite(v);

export function usageOfReply(u: RrdUpdates): ReplyUsage {
  // Column indices of each object's AVERAGE sources, by name.
  const objects = new Map<string, { kind: 'host' | 'vm'; uuid: string; columns: Map<string, number> }>();
  u.columns.forEach((c, i) => {
    if (c.cf !== 'AVERAGE' || (c.kind !== 'host' && c.kind !== 'vm')) return;
    const uuid = c.uuid.toLowerCase();
    const key = `${c.kind}:${uuid}`;
    let o = objects.get(key);
    if (!o) objects.set(key, (o = { kind: c.kind, uuid, columns: new Map() }));
    o.columns.set(c.name, i);
  });
  const out: ReplyUsage = { hosts: new Map(), vms: new Map() };
  for (const o of objects.values()) {
    const indices = [...o.columns.values()];
    // Rows are oldest first: the newest with any known value of this object.
    let row;
    for (let r = u.rows.length - 1; r >= 0 && !row; r--) if (indices.some((i) => known(u.rows[r].values[i]))) row = u.rows[r];
    if (!row) continue;
    const value = (name: string): number | undefined => {
      const i = o.columns.get(name);
      return i === undefined ? undefined : row.values[i];
    };
    const cpus = [...o.columns.keys()].filter((n) => CPU.test(n)).map((n) => value(n));
    const cpu = cpus.length > 0 && cpus.every(known) ? cpus.reduce((a, b) => a + b, 0) / cpus.length : null;
    let memoryUsed: number | null = null;
    let memoryTotal: number | null = null;
    if (o.kind === 'host') {
      const total = value('memory_total_kib');
      const free = value('memory_free_kib');
      if (known(total)) {
        memoryTotal = total * KIB;
        if (known(free)) memoryUsed = (total - free) * KIB;
      }
    } else {
      const total = value('memory');
      const free = value('memory_internal_free');
      if (known(total)) {
        memoryTotal = total;
        // XenCenter shows nothing when the guest reports more free memory than the VM has.
        if (known(free) && total >= free * KIB) memoryUsed = total - free * KIB;
      }
    }
    const timed: TimedUsage = { t: row.t, usage: { cpu, cpus: cpus.length, memoryUsed, memoryTotal } };
    const io = new Map<string, number>();
    for (const [name, i] of o.columns) if (IO.test(name)) io.set(name, row.values[i]);
    if (io.size > 0) timed.io = io;
    (o.kind === 'host' ? out.hosts : out.vms).set(o.uuid, timed);
  }
  return out;
}

/** What usageSample reads from the object cache. */
export interface UsageCacheView {
  get(cls: string, ref: string): Record<string, unknown> | undefined;
  getAll(cls: string): ReadonlyMap<string, Record<string, unknown>>;
}

/**
 * The mean and largest of `a + b` over the devices (XenCenter's sum / count and max); a device with no
 * source counts 0. Undefined with no devices, or when a value is NaN.
 */
export function throughput(io: ReadonlyMap<string, number> | undefined, devices: readonly string[], kind: string, a: string, b: string): Throughput | undefined {
  if (devices.length === 0) return undefined;
  let sum = 0;
  let max = 0;
  for (const d of devices) {
    const v = (io?.get(`${kind}_${d}_${a}`) ?? 0) + (io?.get(`${kind}_${d}_${b}`) ?? 0);
    sum += v;
    if (v > max) max = v;
  }
  return Number.isNaN(sum) ? undefined : { avg: sum / devices.length, max };
}

/** The `device` of each of `rec[field]`'s records in the cache (a ref the cache lacks is skipped). */
function devicesOf(cache: UsageCacheView, rec: Record<string, unknown>, field: string, cls: string, keep: (r: Record<string, unknown>) => boolean = () => true): string[] {
  const refs = Array.isArray(rec[field]) ? (rec[field] as unknown[]) : [];
  const out: string[] = [];
  for (const ref of refs) {
    const r = typeof ref === 'string' ? cache.get(cls, ref) : undefined;
    if (r && keep(r)) out.push(String(r.device ?? ''));
  }
  return out;
}

function withIo(cache: UsageCacheView, cls: 'host' | 'vm', rec: Record<string, unknown>, u: TimedUsage): ObjectUsage {
  const usage: ObjectUsage = { ...u.usage };
  if (cls === 'vm') {
    const disk = throughput(u.io, devicesOf(cache, rec, 'VBDs', 'vbd'), 'vbd', 'read', 'write');
    if (disk) usage.disk = disk;
    const network = throughput(u.io, devicesOf(cache, rec, 'VIFs', 'vif'), 'vif', 'rx', 'tx');
    if (network) usage.network = network;
  } else {
    const network = throughput(u.io, devicesOf(cache, rec, 'PIFs', 'pif', (p) => p.physical === true), 'pif', 'rx', 'tx');
    if (network) usage.network = network;
  }
  return usage;
}

const RUNNING = new Set(['Running', 'Paused']);

/**
 * The replies of the hosts that answered, merged and keyed by ref through the cache. Objects the
 * cache does not know are left out, and so are VMs the cache no longer has running (a reply may
 * be a few seconds old). An object in two replies (a VM migrating) keeps the newer row.
 */
export function usageSample(replies: readonly ReplyUsage[], cache: UsageCacheView): UsageSample {
  const sample: UsageSample = { time: 0, hosts: {}, vms: {} };
  const pick = (cls: 'host' | 'vm', byUuid: (r: ReplyUsage) => Map<string, TimedUsage>, into: Record<string, ObjectUsage>) => {
    const newest = new Map<string, TimedUsage>();
    for (const r of replies) {
      for (const [uuid, u] of byUuid(r)) {
        const had = newest.get(uuid);
        if (!had || u.t > had.t) newest.set(uuid, u);
      }
    }
    for (const [ref, rec] of cache.getAll(cls)) {
      // A ref is a key of a plain object on the way out: only OpaqueRef:… (never "__proto__").
      if (typeof rec.uuid !== 'string' || !OPAQUE_REF.test(ref)) continue;
      if (cls === 'vm' && !RUNNING.has(String(rec.power_state))) continue;
      const u = newest.get(rec.uuid.toLowerCase());
      if (!u) continue;
      into[ref] = withIo(cache, cls, rec, u);
      if (u.t > sample.time) sample.time = u.t;
    }
  };
  pick('host', (r) => r.hosts, sample.hosts);
  pick('vm', (r) => r.vms, sample.vms);
  return sample;
}
