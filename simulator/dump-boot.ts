// A dump served as the pool that boots from it (FORMATS.md 1.8): host_metrics is not persisted, so
// a dump's hosts have none (or stale rows). As each xapi comes up it recreates them, live, with the
// hypervisor's memory, enables the host and plugs its PBDs (xapi's startup plugs every PBD of the
// host). XenCenter's own dump simulator does the same with 2 GiB total and 1 GiB free per host.
// Without this every host is dead: a client shows it unreachable and VM.start finds no host.
// Writes the rows in place, before anything is served, so loading still produces no events.
import type { Db } from './db';
import type { Rec } from './fields';
import { nowDatetime } from './sim';

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

/** What a VM holds on its host (SEMANTICS.md 2.8): dynamic_min + overhead. */
const need = (vm: Rec) => Number(vm.memory_dynamic_min ?? 0) + Number(vm.memory_overhead ?? 0);

export function bootAsLivePool(db: Db, now = nowDatetime()): void {
  const vms = [...db.table('VM').values()].map((r) => r.rec);
  // Room to start more: at least XenCenter's 1 GiB, and enough for the largest VM that is not running.
  const largestHalted = Math.max(0, ...vms.filter((v) => !v.is_control_domain && !v.is_a_template && !v.is_a_snapshot && v.power_state !== 'Running' && v.power_state !== 'Paused').map(need));
  const room = Math.max(GiB, largestHalted);
  for (const [hostRef, row] of db.table('host')) {
    const host = row.rec;
    host.enabled = true;
    const used = Number(host.memory_overhead ?? 0) + vms.filter((v) => v.resident_on === hostRef || v.scheduled_to_be_resident_on === hostRef).reduce((a, v) => a + need(v), 0);
    let metrics = db.get('host_metrics', String(host.metrics));
    if (!metrics) {
      host.metrics = db.create('host_metrics', {}, undefined, { ctime: row.ctime, mtime: row.mtime });
      metrics = db.get('host_metrics', String(host.metrics))!;
    }
    const total = Math.max(Number(metrics.memory_total ?? 0), 2 * GiB, Math.ceil((used + room) / GiB) * GiB);
    Object.assign(metrics, { live: true, memory_total: total, memory_free: total - used, last_updated: now });
    for (const pbd of (host.PBDs as string[]) ?? []) {
      const p = db.get('PBD', pbd);
      if (p && db.get('SR', String(p.SR))) p.currently_attached = true;
    }
  }
}
