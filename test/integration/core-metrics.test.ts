// metrics.series end to end against the simulator's /rrd_updates: the core asks each host for its
// own data (members on their own addresses, a running VM on its resident host, a halted VM on the
// coordinator), picks the archive for the range, and returns exactly what the simulator serves,
// read here independently with a raw fetch and JSON.parse. Over TLS, each member is verified by
// its own pin; one without a pin is refused before anything is sent.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { X509Certificate } from 'node:crypto';
import { AppCore } from '../../electron/core/app-core';
import { Connection } from '../../electron/core/connection/connection';
import { MetricsService } from '../../electron/core/features/metrics/metrics';
import type { MetricsSeries } from '../../shared/ipc/contract';
import { METRICS_RANGES } from '../../shared/metrics/ranges';
import { startSimulator, type Simulator } from '../../simulator/index';
import { login } from '../support/xapi-rpc';

type Rec = Record<string, unknown>;
let sim: Simulator;
let core: AppCore;
let connectionId: string;
let session: string;

async function series(cls: 'host' | 'vm', ref: string, range = '10m'): Promise<MetricsSeries> {
  const r = await core.request('metrics.series', { connectionId, cls, ref, range });
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.result as MetricsSeries;
}

/** The simulator's answer at `address`, read without any of the client's code. Starts are
 * 590 s back: the 5 s archive (600 s) must still reach past them, or the 1 min one answers. */
async function raw(address: string, query: string): Promise<{ times: number[]; columns: Map<string, (number | null)[]> }> {
  const res = await fetch(`http://${address}:${sim.port}/rrd_updates?session_id=${encodeURIComponent(session)}&cf=AVERAGE&json=true&${query}`);
  expect(res.status).toBe(200);
  const doc = (await res.json()) as { meta: { legend: string[] }; data: { t: string; values: string[] }[] };
  const rows = [...doc.data].sort((a, b) => Number(a.t) - Number(b.t));
  const columns = new Map<string, (number | null)[]>();
  doc.meta.legend.forEach((entry, i) => {
    columns.set(entry, rows.map((r) => (Number.isFinite(Number(r.values[i])) ? Number(r.values[i]) : null)));
  });
  return { times: rows.map((r) => Number(r.t)), columns };
}

/** Every value the client got at a time the raw read has too equals the raw value (rows move on every 5 s). */
function expectSameValues(got: MetricsSeries, want: Awaited<ReturnType<typeof raw>>, prefix: string): void {
  const names = [...want.columns.keys()].filter((k) => k.startsWith(prefix)).map((k) => k.slice(prefix.length));
  expect(got.sources.map((s) => s.name)).toEqual(names);
  const common = got.times.filter((t) => want.times.includes(t));
  expect(common.length).toBeGreaterThan(got.times.length / 2);
  for (const s of got.sources) {
    const column = want.columns.get(prefix + s.name)!;
    for (const t of common) expect(s.values[got.times.indexOf(t)]).toBe(column[want.times.indexOf(t)]);
  }
}

const hosts = () => [...sim.records('host').entries()] as [string, Rec][];
const vms = () => [...sim.records('VM').entries()].filter(([, v]) => !v.is_a_template && !v.is_a_snapshot && !v.is_control_domain) as [string, Rec][];
const coordinatorRef = () => String([...sim.records('pool').values()][0].master);

beforeAll(async () => {
  sim = await startSimulator({ port: 0, hosts: 3, vms: 9, memberListeners: true });
  session = await login(sim.url);
  core = new AppCore({ flushIntervalMs: 10 });
  const r = await core.request('servers.add', { address: sim.url, user: 'root', password: 'xenroot', save: false });
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  connectionId = (r.result as { connectionId: string }).connectionId;
  const deadline = Date.now() + 10_000;
  while (core.connection(connectionId)!.cache.getAll('vm').size === 0 && Date.now() < deadline) await new Promise((res) => setTimeout(res, 20));
});
afterAll(async () => {
  await core?.dispose();
  await sim?.close();
});

describe('metrics.series against the simulator', () => {
  it("gives each host its own columns, fetched from that host's address", async () => {
    const start = Math.floor(Date.now() / 1000) - 590;
    for (const [ref, h] of hosts()) {
      const got = await series('host', ref);
      expect(got.step).toBe(5);
      expect(got.sources.map((s) => s.name)).toEqual(expect.arrayContaining(['cpu0', 'cpu_avg', 'memory_total_kib', 'memory_free_kib']));
      // The host itself serves these columns under its uuid (a host answers only for itself).
      expectSameValues(got, await raw(String(h.address), `start=${start}&interval=5&host=true`), `AVERAGE:host:${String(h.uuid)}:`);
    }
  });

  it('asks a running VM of its resident host: the coordinator does not serve a member\'s VMs', async () => {
    const coordinator = coordinatorRef();
    const [ref, vm] = vms().find(([, v]) => v.power_state === 'Running' && v.resident_on !== coordinator)!;
    const resident = sim.records('host').get(String(vm.resident_on))!;
    const got = await series('vm', ref);
    expect(got.sources.map((s) => s.name)).toEqual(expect.arrayContaining(['cpu0', 'memory']));
    const start = Math.floor(Date.now() / 1000) - 590;
    const prefix = `AVERAGE:vm:${String(vm.uuid)}:`;
    expectSameValues(got, await raw(String(resident.address), `start=${start}&interval=5&vm_uuid=${String(vm.uuid)}`), prefix);
    const atCoordinator = await raw('127.0.0.1', `start=${start}&interval=5&vm_uuid=${String(vm.uuid)}`);
    expect([...atCoordinator.columns.keys()].filter((k) => k.startsWith(prefix))).toEqual([]);
  });

  it('asks a halted VM of the coordinator and returns what it serves (nothing recorded in range: no known value)', async () => {
    const [ref, vm] = vms().find(([, v]) => v.power_state === 'Halted')!;
    const got = await series('vm', ref);
    const start = Math.floor(Date.now() / 1000) - 590;
    const want = await raw('127.0.0.1', `start=${start}&interval=5&vm_uuid=${String(vm.uuid)}`);
    const prefix = `AVERAGE:vm:${String(vm.uuid)}:`;
    if (want.columns.size === 0) expect(got.sources).toEqual([]);
    else expectSameValues(got, want, prefix);
    expect(got.sources.every((s) => s.values.every((v) => v === null))).toBe(true);
  });

  it('picks the archive for each range: 5 s, 1 min, 1 h, 1 day rows covering the range', async () => {
    const [ref] = hosts()[1];
    for (const r of METRICS_RANGES) {
      const got = await series('host', ref, r.id);
      expect(got.step).toBe(r.interval);
      expect(got.times.length).toBeGreaterThan(0);
      expect(got.times.every((t, i) => i === 0 || t - got.times[i - 1] === r.interval)).toBe(true);
      expect(got.times[got.times.length - 1] - got.times[0]).toBeLessThanOrEqual(r.seconds);
    }
  });

  it('reports a host that does not answer as an error with a code, and unknown objects as HANDLE_INVALID', async () => {
    // Not hosts()[1], whose 2 h reply the test above left in the core's short cache.
    const member = hosts().filter(([ref]) => ref !== coordinatorRef()).at(-1)![0];
    expect(member).not.toBe(hosts()[1][0]);
    await sim.faults.failHost(member);
    try {
      const r = await core.request('metrics.series', { connectionId, cls: 'host', ref: member, range: '2h' });
      expect(r.ok).toBe(false);
      expect((r as { error: { code: string } }).error.code).toMatch(/^CONNECTION_(FAILED|TIMEOUT)$/);
    } finally {
      await sim.faults.recoverHost(member);
    }
    const unknown = await core.request('metrics.series', { connectionId, cls: 'vm', ref: 'OpaqueRef:00000000-0000-0000-0000-000000000000', range: '10m' });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'HANDLE_INVALID' } });
  });
});

describe('metrics over TLS', () => {
  let tlsSim: Simulator;
  let conn: Connection;
  beforeAll(async () => {
    tlsSim = await startSimulator({ port: 0, hosts: 3, vms: 3, memberListeners: true, tls: true });
    const pem = tlsSim.certificatePem!;
    const pin = { fingerprintSha256: new X509Certificate(pem).fingerprint256, pem };
    // The coordinator and host 2 are pinned; host 3 is not (its certificate was never accepted).
    const pinned = new Set([`127.0.0.1:${tlsSim.port}`, `127.0.0.2:${tlsSim.port}`]);
    conn = new Connection({ id: 'tls', url: tlsSim.url, user: 'root', password: 'xenroot', clientOptions: { pins: (key) => (pinned.has(key) ? pin : undefined) }, flushIntervalMs: 10 });
    await conn.connect();
    const deadline = Date.now() + 10_000;
    while (conn.cache.getAll('host').size < 3 && Date.now() < deadline) await new Promise((res) => setTimeout(res, 20));
  });
  afterAll(async () => {
    await conn?.disconnect();
    conn?.dispose();
    await tlsSim?.close();
  });

  it("verifies each member with its own pin; an unpinned member's certificate is refused", async () => {
    const svc = new MetricsService();
    const byAddress = new Map([...tlsSim.records('host').entries()].map(([ref, h]) => [String(h.address), ref]));
    const got = await svc.series(conn, 'host', byAddress.get('127.0.0.2')!, '10m');
    expect(got.sources.length).toBeGreaterThan(0);
    await expect(svc.series(conn, 'host', byAddress.get('127.0.0.3')!, '10m')).rejects.toMatchObject({ code: 'CERTIFICATE_UNTRUSTED' });
  });
});
