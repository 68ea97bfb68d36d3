// `npm run bench [-- suite...]`: medians of repeated runs, each reported beside a baseline
// measured in the same run, so the ratio means something on any machine.
//   load   initial load of a large simulated pool through Connection (event.from "") vs the
//          same objects fetched raw with get_all_records, per class, over the same HTTP.
//   events end-to-end latency of another client's change reaching the cache (vs a raw
//          round trip of the same setter).
//   cache  ObjectCache.apply + coalesced flush of many events vs plain Map writes.
import { performance } from 'node:perf_hooks';
import { startSimulator } from '../../simulator/index';
import { Connection } from '../../electron/core/connection/connection';
import { ObjectCache } from '../../electron/core/cache/object-cache';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (ms: number) => `${ms.toFixed(1)} ms`;

async function rpc(url: string, method: string, ...params: unknown[]): Promise<unknown> {
  const res = await fetch(`${url}/jsonrpc`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', method, params, id: 1 }) });
  const body = (await res.json()) as { result?: unknown; error?: unknown };
  if (body.error) throw new Error(JSON.stringify(body.error));
  return body.result;
}

async function waitFor(cond: () => boolean, timeoutMs = 60_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 2));
  }
}

async function benchLoad(): Promise<void> {
  const hosts = 16, vms = 2000, runs = 5;
  const sim = await startSimulator({ port: 0, hosts, vms, taskDurationMs: 0 });
  try {
    const session = (await rpc(sim.url, 'session.login_with_password', 'root', 'xenroot')) as string;
    const classes = ['pool', 'host', 'host_metrics', 'VM', 'VM_metrics', 'VBD', 'VDI', 'SR', 'PBD', 'VIF', 'network', 'PIF', 'console', 'task'];
    const expectedVms = sim.records('VM').size;
    const raw: number[] = [];
    const viaConn: number[] = [];
    for (let i = 0; i < runs; i++) {
      let t = performance.now();
      await Promise.all(classes.map((c) => rpc(sim.url, `${c}.get_all_records`, session)));
      raw.push(performance.now() - t);

      t = performance.now();
      const conn = new Connection({ id: `b${i}`, url: sim.url, user: 'root', password: 'xenroot', flushIntervalMs: 50 });
      await conn.connect();
      await waitFor(() => conn.cache.getAll('vm').size === expectedVms);
      viaConn.push(performance.now() - t);
      await conn.disconnect();
      conn.dispose();
    }
    const r = median(raw), c = median(viaConn);
    console.log(`load    ${hosts} hosts, ${expectedVms} VM records: connect+event.from("") ${fmt(c)}  vs raw get_all_records x${classes.length} ${fmt(r)}  ratio ${(c / r).toFixed(2)} (median of ${runs})`);
  } finally {
    await sim.close();
  }
}

async function benchEvents(): Promise<void> {
  const runs = 30;
  const sim = await startSimulator({ port: 0, hosts: 3, vms: 50, taskDurationMs: 0 });
  const conn = new Connection({ id: 'ev', url: sim.url, user: 'root', password: 'xenroot', flushIntervalMs: 50 });
  try {
    await conn.connect();
    await waitFor(() => conn.cache.getAll('vm').size > 0);
    const session = (await rpc(sim.url, 'session.login_with_password', 'root', 'xenroot')) as string;
    const vm = [...conn.cache.getAll('vm').entries()].find(([, v]) => !v.is_control_domain)![0];
    const rtt: number[] = [];
    const seen: number[] = [];
    for (let i = 0; i < runs; i++) {
      const name = `bench-${i}`;
      const t = performance.now();
      await rpc(sim.url, 'VM.set_name_label', session, vm, name);
      rtt.push(performance.now() - t);
      await waitFor(() => conn.cache.get('vm', vm)?.name_label === name);
      seen.push(performance.now() - t);
    }
    console.log(`events  another client's change visible in the cache after ${fmt(median(seen))}  vs the setter's own round trip ${fmt(median(rtt))} (median of ${runs}; includes the server's ~50 ms batching)`);
  } finally {
    await conn.disconnect();
    conn.dispose();
    await sim.close();
  }
}

function benchCache(): void {
  const n = 50_000, runs = 7;
  const events = Array.from({ length: n }, (_, i) => ({ class: 'vm', operation: 'add', ref: `OpaqueRef:${i}`, snapshot: { uuid: String(i), name_label: `VM ${i}`, power_state: 'Running' } }));
  const mods = events.map((e) => ({ ...e, operation: 'mod', snapshot: { ...e.snapshot, power_state: 'Halted' } }));
  const viaCache: number[] = [];
  const plain: number[] = [];
  for (let i = 0; i < runs; i++) {
    let t = performance.now();
    const cache = new ObjectCache({ connectionId: 'c', flushIntervalMs: 1e9 });
    cache.apply(events);
    cache.apply(mods);
    const delta = cache.flush();
    viaCache.push(performance.now() - t);
    if (!delta || delta.changes.length !== n) throw new Error('coalescing lost changes');
    cache.dispose();

    t = performance.now();
    const m = new Map<string, Map<string, unknown>>();
    for (const e of [...events, ...mods]) {
      let c = m.get(e.class);
      if (!c) m.set(e.class, (c = new Map()));
      c.set(e.ref, e.snapshot);
    }
    plain.push(performance.now() - t);
  }
  const c = median(viaCache), p = median(plain);
  console.log(`cache   ${2 * n} events coalesced into ${n} changes: ${fmt(c)}  vs plain Map writes ${fmt(p)}  ratio ${(c / p).toFixed(2)} (median of ${runs})`);
}

const suites: Record<string, () => Promise<void> | void> = { load: benchLoad, events: benchEvents, cache: benchCache };
const wanted = process.argv.slice(2).filter((a) => a !== '--');
for (const name of wanted.length ? wanted : Object.keys(suites)) {
  const fn = suites[name];
  if (!fn) { console.error(`unknown suite ${name}; suites: ${Object.keys(suites).join(', ')}`); process.exit(2); }
  await fn();
}
process.exit(0);
