// `npm run bench -- search`: what the Search tab works out on every change of a big pool (the objects
// searched, built from the cache, then matching, grouping and sorting), beside a floor: the same
// answer computed directly from the raw records with plain loops and Maps, in the same run. Medians.
import { performance } from 'node:perf_hooks';
import { startSimulator } from '../../simulator/index';
import { buildSearchWorld } from '../../renderer/src/features/search/search-world';
import { runSearch } from '../../renderer/src/features/search/evaluate';
import { searchFor } from '../../renderer/src/features/search/default-searches';
import type { Search } from '../../shared/xensearch/query';
import type { ConnectionInfo } from '../../shared/ipc/contract';
import { median } from './common';

type Rec = Record<string, unknown>;
const SIM_CLASS: Record<string, string> = {
  vm: 'VM', sr: 'SR', vdi: 'VDI', vbd: 'VBD', vif: 'VIF', pbd: 'PBD', pif: 'PIF', vm_metrics: 'VM_metrics', vm_guest_metrics: 'VM_guest_metrics',
};
const CLASSES = ['pool', 'host', 'host_metrics', 'vm', 'vm_metrics', 'vm_guest_metrics', 'vif', 'vbd', 'vdi', 'sr', 'pbd', 'network', 'pif'];
const RUNS = Number(process.env.BENCH_RUNS ?? 9);
const SIZES = (process.env.BENCH_SEARCH_SIZES ?? '1000,10000').split(',').map(Number);

function time(fn: () => unknown): number {
  const t = performance.now();
  fn();
  return performance.now() - t;
}

export async function benchSearch(): Promise<void> {
  for (const vms of SIZES) {
    const sim = await startSimulator({ port: 0, hosts: 16, vms });
    const objects = new Map(CLASSES.map((cls) => [cls, new Map(sim.records(SIM_CLASS[cls] ?? cls) as Map<string, Rec>)]));
    await sim.close();
    const conn: ConnectionInfo = { id: 'c1', url: 'x', hostname: 'x', user: 'root', status: 'connected', saved: false, hasStoredPassword: false, poolMembers: [] };
    const store = { objects: new Map([['c1', objects]]) };
    const pool = [...objects.get('pool')!.values()][0];
    const running: Search = {
      uuid: '', name: '', scope: ['VM'], filter: { kind: 'enum', property: 'power_state', query: 'Running', equals: true },
      grouping: { kind: 'object', property: 'host' }, columns: null, sorting: [{ column: 'name', ascending: true }],
    };
    /** The real VMs `keep` accepts, grouped by resident host and sorted by name; how many. */
    const vmNamesByHost = (keep: (v: Rec) => boolean): number => {
      const byHost = new Map<string, string[]>();
      for (const v of objects.get('vm')!.values()) {
        if (v.is_a_template || v.is_a_snapshot || v.is_control_domain || !keep(v)) continue;
        const h = String(v.resident_on);
        const l = byHost.get(h) ?? [];
        l.push(String(v.name_label));
        byHost.set(h, l);
      }
      let n = 0;
      for (const l of byHost.values()) n += l.sort().length;
      return n;
    };
    const cases: Array<[string, Search, () => number]> = [
      // Floor: every VM (and the servers and SRs) under its host, sorted by name.
      ['pool overview (pool > server)', searchFor({ kind: 'pool', name: 'p', uuid: String(pool.uuid) }),
        () => vmNamesByHost(() => true) + objects.get('host')!.size + objects.get('sr')!.size],
      ['running VMs by server, by name', running, () => vmNamesByHost((v) => v.power_state === 'Running')],
      ['VMs on storage named NFS, by network', {
        uuid: '', name: '', scope: ['VM'], filter: { kind: 'related', property: 'storage', sub: { kind: 'string', property: 'label', match: 'contains', query: 'NFS', caseSensitive: false } },
        grouping: { kind: 'object', property: 'networks' }, columns: null, sorting: [],
      }, () => {
        // Floor: VBD -> VDI -> SR name for each VM, then its VIFs' networks.
        const vbd = objects.get('vbd')!;
        const vdi = objects.get('vdi')!;
        const sr = objects.get('sr')!;
        const vif = objects.get('vif')!;
        const byNet = new Map<string, number>();
        for (const v of objects.get('vm')!.values()) {
          if (v.is_a_template || v.is_a_snapshot || v.is_control_domain) continue;
          const onNfs = (v.VBDs as string[]).some((b) => String(sr.get(String(vdi.get(String(vbd.get(b)?.VDI))?.SR))?.name_label ?? '').toLowerCase().includes('nfs'));
          if (!onNfs) continue;
          for (const f of v.VIFs as string[]) { const n = String(vif.get(f)?.network); byNet.set(n, (byNet.get(n) ?? 0) + 1); }
        }
        return byNet.size;
      }],
    ];
    for (const [label, search, floor] of cases) {
      const product: number[] = [];
      const bare: number[] = [];
      let count = 0;
      for (let i = 0; i < RUNS; i++) {
        product.push(time(() => {
          const w = buildSearchWorld({ connections: [conn], store, showHidden: false, now: Date.now() });
          count = runSearch(w, search).count;
        }));
        bare.push(time(floor));
      }
      const p = median(product);
      const b = median(bare);
      console.log(`search ${vms} VMs | ${label.padEnd(38)} | ${count} objects | ${p.toFixed(1)} ms (floor ${b.toFixed(1)} ms, ${(p / b).toFixed(1)}x)`);
    }
  }
}
