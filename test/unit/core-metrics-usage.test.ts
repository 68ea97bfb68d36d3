// metrics.usage in the core: from one host's /rrd_updates reply (host=true, no vm_uuid) to each
// object's current CPU and memory (XenCenter's MetricUpdater + PropertyAccessorHelper rules), the
// merge by ref through the cache, the request, and the service: hosts asked in parallel, one that
// fails left out with its VMs, dead hosts not asked, one fetch shared within the ttl.
import { describe, it, expect } from 'vitest';
import { PassThrough } from 'node:stream';
import type { IncomingMessage } from 'node:http';
import { parseRrdUpdates } from '../../electron/core/features/metrics/rrd-updates';
import { usageOfReply, usageSample } from '../../electron/core/features/metrics/usage';
import { metricsTarget, usageRequest, type MetricsCacheView } from '../../electron/core/features/metrics/request';
import { MetricsService, USAGE_CACHE_TTL_MS } from '../../electron/core/features/metrics/metrics';
import { XapiError } from '../../electron/core/xapi/errors';
import type { XapiHttpRequest } from '../../electron/core/xapi/http';
import { validateRequest } from '../../shared/ipc/validate';

const H1 = 'b4c0d08a-3e59-4fcb-918b-52dced6141cf';
const H2 = 'c5d1e19b-4f6a-4acd-a29c-63edf7252d0f';
const V1 = '686a447a-ccd9-8873-0460-49ca8125db5b';
const V2 = '797b558b-ddea-9984-1571-5adb9236ec6c';
const V3 = '8a8c669c-eefb-aa95-2682-6bec0347fd7d';
const KIB = 1024;
const GIB = 1024 ** 3;

/** A reply as a host sends it (JSON, every scalar a string, rows newest first). */
function reply(legend: string[], rows: [number, (number | string)[]][]): string {
  return JSON.stringify({
    meta: { start: String(rows.at(-1)?.[0] ?? 0), step: '5', end: String(rows[0]?.[0] ?? 0), rows: String(rows.length), columns: String(legend.length), legend },
    data: rows.map(([t, values]) => ({ t: String(t), values: values.map(String) })),
  });
}

const host = (uuid: string, name: string) => `AVERAGE:host:${uuid}:${name}`;
const vm = (uuid: string, name: string) => `AVERAGE:vm:${uuid}:${name}`;

// Host H1 with 4 CPUs (and the sources that look like CPUs but are not), V1 with 2 vCPUs and its
// guest agent, V2 with 1 vCPU and no agent.
const LEGEND = [
  host(H1, 'cpu0'), host(H1, 'cpu1'), host(H1, 'cpu2'), host(H1, 'cpu3'), host(H1, 'cpu_avg'), host(H1, 'cpu0-C1'), host(H1, 'CPU0-avg-freq'),
  host(H1, 'memory_total_kib'), host(H1, 'memory_free_kib'), host(H1, 'loadavg'),
  vm(V1, 'cpu0'), vm(V1, 'cpu1'), vm(V1, 'cpu_usage'), vm(V1, 'memory'), vm(V1, 'memory_target'), vm(V1, 'memory_internal_free'),
  vm(V2, 'cpu0'), vm(V2, 'memory'),
];
const NEWEST = [0.1, 0.2, 0.3, 0.4, 0.9, 0.5, 2400, 8 * 1024 * 1024, 6 * 1024 * 1024, 1.5, 0.25, 0.75, 0.5, 4 * GIB, 4 * GIB, 1024 * 1024, 0.05, 2 * GIB];
const OLDER = NEWEST.map((v) => v / 2);

describe('usageOfReply', () => {
  it('averages the cpuN sources, reads host memory in KiB and VM memory less the guest\'s free KiB, from the newest row', () => {
    const u = usageOfReply(parseRrdUpdates(reply(LEGEND, [[1000, NEWEST], [995, OLDER]])));
    expect(u.hosts.get(H1)).toEqual({ t: 1000, usage: { cpu: 0.25, cpus: 4, memoryUsed: 2 * 1024 * 1024 * KIB, memoryTotal: 8 * 1024 * 1024 * KIB } });
    expect(u.vms.get(V1)).toEqual({ t: 1000, usage: { cpu: 0.5, cpus: 2, memoryUsed: 3 * GIB, memoryTotal: 4 * GIB } });
    // No guest agent: no memory_internal_free, so the used memory is not known.
    expect(u.vms.get(V2)).toEqual({ t: 1000, usage: { cpu: 0.05, cpus: 1, memoryUsed: null, memoryTotal: 2 * GIB } });
    expect([...u.hosts.keys(), ...u.vms.keys()]).toEqual([H1, V1, V2]);
  });

  it('reads XML and upper-case uuids alike (keys are lower case), and ignores other archives and SRs', () => {
    const xml = `<xport><meta><start>995</start><step>5</step><end>1000</end><rows>1</rows><columns>4</columns><legend>
      <entry>AVERAGE:vm:${V1.toUpperCase()}:cpu0</entry><entry>MAX:vm:${V1.toUpperCase()}:cpu0</entry>
      <entry>AVERAGE:sr:${V3}:cpu0</entry><entry>AVERAGE:vm:${V1.toUpperCase()}:memory</entry></legend></meta>
      <data><row><t>1000</t><v>0.4</v><v>1.0</v><v>0.9</v><v>1073741824</v></row></data></xport>`;
    const u = usageOfReply(parseRrdUpdates(xml));
    expect(u.vms.get(V1)).toEqual({ t: 1000, usage: { cpu: 0.4, cpus: 1, memoryUsed: null, memoryTotal: GIB } });
    expect(u.vms.size).toBe(1);
    expect(u.hosts.size).toBe(0);
  });

  it("takes each object's newest row with a known value: a VM that just arrived reads NaN in the newest row", () => {
    const legend = [host(H1, 'cpu0'), host(H1, 'memory_total_kib'), host(H1, 'memory_free_kib'), vm(V1, 'cpu0'), vm(V1, 'memory'), vm(V3, 'cpu0')];
    const u = usageOfReply(parseRrdUpdates(reply(legend, [
      [1010, [0.5, 100, 40, 'NaN', 'NaN', 'NaN']],
      [1005, [0.4, 100, 50, 0.2, 'NaN', 'NaN']],
      [1000, [0.3, 100, 60, 0.1, 512, 'NaN']],
    ])));
    expect(u.hosts.get(H1)).toEqual({ t: 1010, usage: { cpu: 0.5, cpus: 1, memoryUsed: 60 * KIB, memoryTotal: 100 * KIB } });
    // The newest row where V1 has anything: its memory is unknown there, and stays so.
    expect(u.vms.get(V1)).toEqual({ t: 1005, usage: { cpu: 0.2, cpus: 1, memoryUsed: null, memoryTotal: null } });
    // Nothing known at all: left out.
    expect(u.vms.has(V3)).toBe(false);
  });

  it('gives no CPU figure when one CPU is unknown, and no used memory when the guest reports more free than the VM has', () => {
    const legend = [host(H1, 'cpu0'), host(H1, 'cpu1'), host(H1, 'memory_total_kib'), vm(V1, 'memory'), vm(V1, 'memory_internal_free'), vm(V2, 'cpu_usage')];
    const u = usageOfReply(parseRrdUpdates(reply(legend, [[1000, [0.5, 'NaN', 100, GIB, 2 * 1024 * 1024, 0.3]]])));
    expect(u.hosts.get(H1)!.usage).toEqual({ cpu: null, cpus: 2, memoryUsed: null, memoryTotal: 100 * KIB });
    expect(u.vms.get(V1)!.usage).toEqual({ cpu: null, cpus: 0, memoryUsed: null, memoryTotal: GIB });
    // cpu_usage is not a cpuN source.
    expect(u.vms.get(V2)!.usage).toEqual({ cpu: null, cpus: 0, memoryUsed: null, memoryTotal: null });
  });

  it("keeps the chosen row's vbd_, vif_ and pif_ traffic sources (not latencies or iops) for usageSample", () => {
    const legend = [host(H1, 'cpu0'), host(H1, 'pif_eth0_rx'), host(H1, 'pif_eth0_tx'), host(H1, 'pif_aggr_rx'),
      vm(V1, 'cpu0'), vm(V1, 'vbd_xvda_read'), vm(V1, 'vbd_xvda_write'), vm(V1, 'vbd_xvda_read_latency'), vm(V1, 'vbd_xvda_iops_read'), vm(V1, 'vif_0_rx'), vm(V1, 'vif_0_tx')];
    const u = usageOfReply(parseRrdUpdates(reply(legend, [[1005, [0.5, 100, 200, 300, 0.1, 1, 2, 3, 4, 5, 'NaN']], [1000, [0.4, 1, 1, 1, 0.1, 1, 1, 1, 1, 1, 1]]])));
    expect(u.hosts.get(H1)).toEqual({ t: 1005, usage: { cpu: 0.5, cpus: 1, memoryUsed: null, memoryTotal: null }, io: new Map([['pif_eth0_rx', 100], ['pif_eth0_tx', 200], ['pif_aggr_rx', 300]]) });
    expect([...u.vms.get(V1)!.io!]).toEqual([['vbd_xvda_read', 1], ['vbd_xvda_write', 2], ['vif_0_rx', 5], ['vif_0_tx', NaN]]);
  });

  it('reads an empty reply as no objects', () => {
    const u = usageOfReply(parseRrdUpdates(reply(LEGEND, [])));
    expect(u.hosts.size + u.vms.size).toBe(0);
  });
});

type Recs = Record<string, Map<string, Record<string, unknown>>>;
function cacheOf(recs: Recs): MetricsCacheView {
  return { get: (cls, ref) => recs[cls]?.get(ref), getAll: (cls) => recs[cls] ?? new Map() };
}

// Coordinator h1 (H1) with V1 running; member h2 (H2) with V2 running; V3 halted; h3 dead.
function pool(): Recs {
  return {
    pool: new Map([['OpaqueRef:pool', { master: 'OpaqueRef:h1' }]]),
    host: new Map([
      ['OpaqueRef:h1', { uuid: H1, address: '10.0.0.1', metrics: 'OpaqueRef:m1' }],
      ['OpaqueRef:h2', { uuid: H2.toUpperCase(), address: '10.0.0.2', metrics: 'OpaqueRef:m2' }],
      ['OpaqueRef:h3', { uuid: 'host-3', address: '10.0.0.3', metrics: 'OpaqueRef:m3' }],
    ]),
    host_metrics: new Map([['OpaqueRef:m1', { live: true }], ['OpaqueRef:m2', { live: true }], ['OpaqueRef:m3', { live: false }]]),
    vm: new Map([
      ['OpaqueRef:v1', { uuid: V1, power_state: 'Running', resident_on: 'OpaqueRef:h1' }],
      ['OpaqueRef:v2', { uuid: V2, power_state: 'Paused', resident_on: 'OpaqueRef:h2' }],
      ['OpaqueRef:v3', { uuid: V3, power_state: 'Halted', resident_on: 'OpaqueRef:NULL' }],
    ]),
  };
}

describe('usageSample', () => {
  const u = (cpu: number) => ({ cpu, cpus: 1, memoryUsed: null, memoryTotal: null });
  it('keys objects by ref, leaves out unknown uuids and VMs not running, keeps the newer of two rows, and reports the newest time', () => {
    const a = { hosts: new Map([[H1, { t: 1000, usage: u(0.1) }]]), vms: new Map([[V1, { t: 995, usage: u(0.2) }], [V3, { t: 1000, usage: u(0.3) }], ['unknown', { t: 1020, usage: u(0.9) }]]) };
    const b = { hosts: new Map([[H2, { t: 1005, usage: u(0.4) }]]), vms: new Map([[V1, { t: 990, usage: u(0.5) }], [V2, { t: 1005, usage: u(0.6) }]]) };
    expect(usageSample([a, b], cacheOf(pool()))).toEqual({
      time: 1005,
      hosts: { 'OpaqueRef:h1': u(0.1), 'OpaqueRef:h2': u(0.4) },
      vms: { 'OpaqueRef:v1': u(0.2), 'OpaqueRef:v2': u(0.6) },
    });
    expect(usageSample([], cacheOf(pool()))).toEqual({ time: 0, hosts: {}, vms: {} });
  });

  it("totals disk and network traffic over the VM's VBDs and VIFs and the host's physical PIFs: mean and busiest, a device without sources counting 0", () => {
    const recs = pool();
    recs.vm.set('OpaqueRef:v1', { ...recs.vm.get('OpaqueRef:v1'), VBDs: ['OpaqueRef:vbd0', 'OpaqueRef:vbd1', 'OpaqueRef:cd', 'OpaqueRef:gone'], VIFs: ['OpaqueRef:vif0', 'OpaqueRef:vif1'] });
    recs.vm.set('OpaqueRef:v2', { ...recs.vm.get('OpaqueRef:v2'), VBDs: [], VIFs: ['OpaqueRef:vif2'] });
    recs.vbd = new Map([['OpaqueRef:vbd0', { device: 'xvda' }], ['OpaqueRef:vbd1', { device: 'xvdb' }], ['OpaqueRef:cd', { device: 'xvdd', type: 'CD' }]]);
    recs.vif = new Map([['OpaqueRef:vif0', { device: '0' }], ['OpaqueRef:vif1', { device: '1' }], ['OpaqueRef:vif2', { device: '0' }]]);
    recs.pif = new Map([['OpaqueRef:eth0', { device: 'eth0', physical: true }], ['OpaqueRef:eth1', { device: 'eth1', physical: true }], ['OpaqueRef:bond0', { device: 'bond0', physical: false }]]);
    recs.host.set('OpaqueRef:h1', { ...recs.host.get('OpaqueRef:h1'), PIFs: ['OpaqueRef:eth0', 'OpaqueRef:eth1', 'OpaqueRef:bond0'] });
    recs.host.set('OpaqueRef:h2', { ...recs.host.get('OpaqueRef:h2'), PIFs: ['OpaqueRef:eth0'] });
    const io = (o: Record<string, number>) => new Map(Object.entries(o));
    const reply1 = {
      hosts: new Map([
        [H1, { t: 1000, usage: u(0.1), io: io({ pif_eth0_rx: 3000, pif_eth0_tx: 1000, pif_eth1_rx: 500, pif_eth1_tx: 500, pif_bond0_rx: 1e9 }) }],
        [H2, { t: 1000, usage: u(0.1), io: io({ pif_eth0_rx: NaN, pif_eth0_tx: 1 }) }],
      ]),
      vms: new Map([
        [V1, { t: 1000, usage: u(0.2), io: io({ vbd_xvda_read: 4000, vbd_xvda_write: 2000, vbd_xvdb_read: 0, vbd_xvdb_write: 3000, vif_0_rx: 100, vif_0_tx: 50 }) }],
        [V2, { t: 1000, usage: u(0.3) }],
      ]),
    };
    const s = usageSample([reply1], cacheOf(recs));
    // eth0 4000, eth1 1000; the bond is not physical.
    expect(s.hosts['OpaqueRef:h1']).toEqual({ ...u(0.1), network: { avg: 2500, max: 4000 } });
    // A NaN: not known.
    expect(s.hosts['OpaqueRef:h2']).toEqual(u(0.1));
    // xvda 6000, xvdb 3000, the CD drive 0 (no sources): over 3 VBDs (the ref the cache lacks is skipped).
    expect(s.vms['OpaqueRef:v1']).toEqual({ ...u(0.2), disk: { avg: 3000, max: 6000 }, network: { avg: 75, max: 150 } });
    // No VBDs: no disk figure; a VIF and no sources at all: 0/0.
    expect(s.vms['OpaqueRef:v2']).toEqual({ ...u(0.3), network: { avg: 0, max: 0 } });
  });

  it('never writes a key that is not an OpaqueRef (a hostile cache key such as __proto__)', () => {
    const recs = pool();
    recs.vm.set('__proto__', { uuid: V2, power_state: 'Running' });
    const s = usageSample([{ hosts: new Map(), vms: new Map([[V2, { t: 1, usage: u(0.1) }]]) }], cacheOf(recs));
    expect(Object.keys(s.vms)).toEqual(['OpaqueRef:v2']);
    expect(Object.getPrototypeOf(s.vms)).toBe(Object.prototype);
  });
});

describe('usageRequest', () => {
  it("asks a host for its own and its VMs' columns (host=true, no vm_uuid): the last minute of the 5 s archive, AVERAGE, JSON", () => {
    const cache = cacheOf(pool());
    expect(usageRequest(metricsTarget(cache, 'host', 'OpaqueRef:h2'), 1_700_000_000.9)).toEqual({
      method: 'GET', path: '/rrd_updates', address: '10.0.0.2', headers: { Accept: 'application/json' },
      query: { start: String(1_700_000_000 - 60), interval: '5', cf: 'AVERAGE', host: 'true', json: 'true' },
    });
    expect(usageRequest(metricsTarget(cache, 'host', 'OpaqueRef:h1'), 100).address).toBeUndefined();
  });

  it('is validated: a connection id and nothing else', () => {
    expect(validateRequest('metrics.usage', { connectionId: 'c1' }).args).toEqual({ connectionId: 'c1' });
    expect(() => validateRequest('metrics.usage', { connectionId: 'c1', ref: 'OpaqueRef:x' })).toThrow(/unexpected field/);
    expect(() => validateRequest('metrics.usage', {})).toThrow();
  });
});

describe('MetricsService.usage', () => {
  /** A connection whose hosts answer from `answers` by address (coordinator: 'coordinator'); an Error fails the request. */
  function connection(answers: Record<string, string | Error>) {
    const asked: XapiHttpRequest[] = [];
    return {
      asked,
      conn: {
        id: 'c1',
        cache: cacheOf(pool()),
        openHttp: (r: XapiHttpRequest): Promise<IncomingMessage> => {
          asked.push(r);
          const a = answers[r.address ?? 'coordinator'];
          if (a === undefined || a instanceof Error) return Promise.reject(a ?? new XapiError('CONNECTION_FAILED', [r.address ?? '']));
          const res = new PassThrough() as unknown as IncomingMessage & PassThrough;
          res.statusCode = 200;
          res.setTimeout = () => res;
          res.end(a);
          return Promise.resolve(res);
        },
      },
    };
  }
  const h1Reply = reply([host(H1, 'cpu0'), host(H1, 'memory_total_kib'), host(H1, 'memory_free_kib'), vm(V1, 'cpu0'), vm(V1, 'memory'), vm(V1, 'memory_internal_free')],
    [[1000, [0.5, 1000, 250, 0.25, GIB, 512 * 1024]]]);
  const h2Reply = reply([host(H2, 'cpu0'), host(H2, 'cpu1'), vm(V2, 'cpu0')], [[1005, [0.2, 0.4, 0.1]]]);

  it('asks every live host (the coordinator at the connection URL, members at their address), not a dead one, and merges the answers', async () => {
    const { conn, asked } = connection({ coordinator: h1Reply, '10.0.0.2': h2Reply });
    const s = await new MetricsService({ now: () => 1_010_000 }).usage(conn);
    expect(asked.map((r) => r.address ?? 'coordinator').sort()).toEqual(['10.0.0.2', 'coordinator']);
    expect(asked.every((r) => r.query?.host === 'true' && r.query.vm_uuid === undefined && r.query.start === String(1010 - 60))).toBe(true);
    expect(s).toEqual({
      time: 1005,
      hosts: {
        'OpaqueRef:h1': { cpu: 0.5, cpus: 1, memoryUsed: 750 * KIB, memoryTotal: 1000 * KIB },
        'OpaqueRef:h2': { cpu: expect.closeTo(0.3, 10), cpus: 2, memoryUsed: null, memoryTotal: null },
      },
      vms: {
        'OpaqueRef:v1': { cpu: 0.25, cpus: 1, memoryUsed: GIB / 2, memoryTotal: GIB },
        'OpaqueRef:v2': { cpu: 0.1, cpus: 1, memoryUsed: null, memoryTotal: null },
      },
    });
  });

  it("leaves out a host that fails, and its VMs, and still answers with the others'", async () => {
    for (const failure of [new XapiError('CONNECTION_FAILED', ['10.0.0.2']), 'Internal error']) {
      const { conn } = connection({ coordinator: h1Reply, '10.0.0.2': failure });
      const s = await new MetricsService().usage(conn);
      expect(Object.keys(s.hosts)).toEqual(['OpaqueRef:h1']);
      expect(Object.keys(s.vms)).toEqual(['OpaqueRef:v1']);
    }
    const { conn } = connection({});
    expect(await new MetricsService().usage(conn)).toEqual({ time: 0, hosts: {}, vms: {} });
  });

  it('shares one fetch per host between callers within the ttl, asks again after it, and forgets a connection', async () => {
    const { conn, asked } = connection({ coordinator: h1Reply, '10.0.0.2': h2Reply });
    let now = 1_000_000;
    const svc = new MetricsService({ now: () => now });
    const [a, b] = await Promise.all([svc.usage(conn), svc.usage(conn)]);
    expect(a).toEqual(b);
    expect(asked).toHaveLength(2);
    now += USAGE_CACHE_TTL_MS - 1;
    await svc.usage(conn);
    expect(asked).toHaveLength(2);
    now += 1;
    await svc.usage(conn);
    expect(asked).toHaveLength(4);
    svc.forget('c1');
    await svc.usage(conn);
    expect(asked).toHaveLength(6);
  });
});
