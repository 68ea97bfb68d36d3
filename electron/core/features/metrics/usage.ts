// metrics.usage, the pure part: from each host's /rrd_updates reply (host=true, no vm_uuid: the
// host's columns and those of every VM with a domain there) to the current usage of each object,
// as XenCenter's MetricUpdater and PropertyAccessorHelper read them:
// - CPU: the `cpuN` data sources (not cpu_avg, cpu_usage or cpuN-Ck), averaged over the CPUs;
// - host memory: memory_total_kib and memory_free_kib (KiB);
// - VM memory: `memory` (bytes, its allocation) and memory_internal_free (KiB, from the guest agent).
// Each object's values come from the newest row in which it has any known value (rows from hosts
// that just took a VM over, or a source not yet sampled, are NaN).
import type { ObjectUsage, UsageSample } from '../../../../shared/ipc/contract';
import { OPAQUE_REF } from '../../../../shared/ipc/checks';
import type { RrdUpdates } from './rrd-updates';

/** One object's usage and the time of the row it came from. */
export interface TimedUsage { t: number; usage: ObjectUsage }
/** One reply's objects by kind, keyed by lower-case uuid. */
export interface ReplyUsage { hosts: Map<string, TimedUsage>; vms: Map<string, TimedUsage> }

const CPU = /^cpu\d+$/;
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
    (o.kind === 'host' ? out.hosts : out.vms).set(o.uuid, { t: row.t, usage: { cpu, cpus: cpus.length, memoryUsed, memoryTotal } });
  }
  return out;
}

/** What usageSample reads from the object cache. */
export interface UsageCacheView {
  getAll(cls: string): ReadonlyMap<string, Record<string, unknown>>;
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
      into[ref] = u.usage;
      if (u.t > sample.time) sample.time = u.t;
    }
  };
  pick('host', (r) => r.hosts, sample.hosts);
  pick('vm', (r) => r.vms, sample.vms);
  return sample;
}
