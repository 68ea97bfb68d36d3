// Performance metrics over HTTP (FORMATS.md 3): /rrd_updates in XML and JSON, the full RRDs, which
// host answers, and values that agree with what XAPI says. The documents are parsed here with
// regular expressions and JSON.parse, independently of the simulator's writers. The RRD timer is
// off: the test records ticks itself (Simulator.rrdUpdate), so every value is settled when read.
import http from 'node:http';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../simulator/index';
import { ok, rpcReply as rpc } from '../support/xapi-rpc';
import { hasSharedDir, sharedXapiDir } from '../support/shared-dir';

type Rec = Record<string, unknown>;
interface Reply { status: number; headers: http.IncomingHttpHeaders; body: string }
interface Xport { start: number; step: number; end: number; rows: number; columns: number; legend: string[]; data: { t: number; values: string[] }[] }

/** A GET with exactly the headers given (fetch would add Accept: *\/*, which means JSON here). */
function get(url: string, headers: Record<string, string> = {}): Promise<Reply> {
  return new Promise((res, rej) => {
    http.get(url, { headers, agent: false }, (r) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => res({ status: r.statusCode ?? 0, headers: r.headers, body: Buffer.concat(chunks).toString('utf8') }));
    }).on('error', rej);
  });
}

const tag = (xml: string, name: string): string => {
  const m = new RegExp(`<${name}>(.*?)</${name}>`).exec(xml);
  if (!m) throw new Error(`no <${name}> in ${xml.slice(0, 200)}`);
  return m[1];
};

function parseXportXml(xml: string): Xport {
  expect(xml).not.toMatch(/[\r\n]/);
  const m = /^<\?xml version="1\.0" encoding="UTF-8"\?><xport><meta>(.*)<\/meta><data>(.*)<\/data><\/xport>$/.exec(xml);
  expect(m, xml.slice(0, 300)).toBeTruthy();
  const [, meta, data] = m!;
  return {
    start: Number(tag(meta, 'start')), step: Number(tag(meta, 'step')), end: Number(tag(meta, 'end')),
    rows: Number(tag(meta, 'rows')), columns: Number(tag(meta, 'columns')),
    legend: [...tag(meta, 'legend').matchAll(/<entry>(.*?)<\/entry>/g)].map((e) => e[1]),
    data: [...data.matchAll(/<row>(.*?)<\/row>/g)].map((r) => ({ t: Number(tag(r[1], 't')), values: [...r[1].matchAll(/<v>(.*?)<\/v>/g)].map((v) => v[1]) })),
  };
}

function parseXportJson(text: string): Xport {
  const j = JSON.parse(text) as { meta: Record<string, unknown>; data: { t: unknown; values: unknown[] }[] };
  const scalars: unknown[] = [];
  const walk = (v: unknown) => { if (v && typeof v === 'object') Object.values(v).forEach(walk); else scalars.push(v); };
  walk(j);
  expect(scalars.every((s) => typeof s === 'string'), 'every scalar is a string').toBe(true);
  expect(Object.keys(j)).toEqual(['meta', 'data']);
  const meta = j.meta;
  return {
    start: Number(meta.start), step: Number(meta.step), end: Number(meta.end), rows: Number(meta.rows), columns: Number(meta.columns),
    legend: meta.legend as string[], data: j.data.map((r) => ({ t: Number(r.t), values: r.values as string[] })),
  };
}

/** A legend entry split as FORMATS.md 3.4 says: on the first three colons. */
function splitLegend(e: string): { cf: string; kind: string; uuid: string; ds: string } {
  const [cf, kind, uuid, ...rest] = e.split(':');
  return { cf, kind, uuid, ds: rest.join(':') };
}

const num = (v: string) => Number(v); // "NaN" and "Infinity" parse as such

function checkMeta(x: Xport): void {
  expect(x.rows).toBe(x.data.length);
  expect(x.columns).toBe(x.legend.length);
  for (const r of x.data) expect(r.values).toHaveLength(x.columns);
  for (let i = 1; i < x.data.length; i++) expect(x.data[i - 1].t - x.data[i].t, 'rows newest first, one step apart').toBe(x.step);
  if (x.data.length) {
    expect(x.end).toBe(x.data[0].t);
    expect(x.start).toBe(x.data[x.data.length - 1].t);
  }
  for (const r of x.data) expect(r.t % x.step).toBe(0);
}

const HOST_DS = ['cpu0', 'cpu1', 'cpu2', 'cpu3', 'cpu_avg', 'loadavg', 'memory_total_kib', 'memory_free_kib', 'pif_eth0_rx', 'pif_eth0_tx',
  'pif_eth1_rx', 'pif_eth1_tx', 'pif_aggr_rx', 'pif_aggr_tx', 'xapi_memory_usage_kib', 'xapi_free_memory_kib'];

describe('simulator performance metrics (RRD)', () => {
  let sim: Simulator;
  let s: string;
  let first: number;
  const call = <T = unknown>(m: string, ...p: unknown[]) => rpc(sim.url, m, [s, ...p]).then((r) => ok<T>(r));
  const at = (address: string) => `http://${address}:${sim.port}`;
  const updates = async (query: string, address = '127.0.0.1', accept = 'text/xml'): Promise<Xport> => {
    const r = await get(`${at(address)}/rrd_updates?session_id=${s}&${query}`, { Accept: accept });
    expect(r.status, r.body).toBe(200);
    const x = accept === 'text/xml' ? parseXportXml(r.body) : parseXportJson(r.body);
    checkMeta(x);
    return x;
  };
  const last = () => sim.rrdStats().lastUpdate;
  const hostAt = (address: string) => [...sim.records('host')].find(([, h]) => h.address === address)!;
  const vmsWithDomainOn = (host: string) => [...sim.records('VM')]
    .filter(([, v]) => v.resident_on === host && (v.power_state === 'Running' || v.power_state === 'Paused'));
  const guests = (pred: (v: Rec) => boolean) => [...sim.records('VM')].filter(([, v]) => !v.is_a_template && !v.is_control_domain && pred(v));
  /** Column values of one object's data source in a document. */
  const column = (x: Xport, uuid: string, ds: string) => {
    const i = x.legend.findIndex((e) => splitLegend(e).uuid === uuid && splitLegend(e).ds === ds);
    expect(i, `${uuid}:${ds} in legend`).toBeGreaterThanOrEqual(0);
    return x.data.map((r) => num(r.values[i]));
  };

  beforeAll(async () => {
    sim = await startSimulator({ memberListeners: true, rrdIntervalMs: 0, metricsIntervalMs: 0, taskDurationMs: 0 });
    s = ok<string>(await rpc(sim.url, 'session.login_with_password', ['root', 'xenroot']));
    first = last();
    for (let i = 0; i < 30; i++) sim.rrdUpdate();
  });
  afterAll(async () => { await sim.close(); });

  it('XML: one line, meta matching the rows, rows newest first; host columns first, then the VMs with a domain on this host', async () => {
    const r = await get(`${sim.url}/rrd_updates?session_id=${s}&start=-60&host=true&cf=AVERAGE&interval=5`);
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('text/xml');
    expect(r.headers['access-control-allow-origin']).toBe('*');
    const x = parseXportXml(r.body);
    checkMeta(x);
    expect(x.step).toBe(5);
    expect(x.end).toBe(last());
    expect(x.data).toHaveLength(13);
    const [coord, coordRec] = hostAt('127.0.0.1');
    const parts = x.legend.map(splitLegend);
    expect(parts.every((p) => p.cf === 'AVERAGE')).toBe(true);
    const hostCols = parts.filter((p) => p.kind === 'host');
    expect(parts.slice(0, hostCols.length)).toEqual(hostCols);
    expect(new Set(hostCols.map((p) => p.uuid))).toEqual(new Set([coordRec.uuid]));
    expect(hostCols.map((p) => p.ds)).toEqual([...HOST_DS, 'pool_session_count', 'pool_task_count']);
    const vmUuids = [...new Set(parts.filter((p) => p.kind === 'vm').map((p) => p.uuid))];
    expect(new Set(vmUuids)).toEqual(new Set(vmsWithDomainOn(coord).map(([, v]) => v.uuid)));
    expect(vmUuids.length).toBeGreaterThan(2);
    // Each VM's columns are contiguous and name its own vCPUs, VIFs and disks.
    for (const uuid of vmUuids) {
      const idx = parts.flatMap((p, i) => (p.uuid === uuid ? [i] : []));
      expect(idx[idx.length - 1] - idx[0] + 1).toBe(idx.length);
      const vm = [...sim.records('VM').values()].find((v) => v.uuid === uuid)!;
      if (vm.is_control_domain) continue;
      const vcpus = Number(sim.records('VM_metrics').get(String(vm.metrics))!.VCPUs_number);
      const vifs = (vm.VIFs as string[]).map((v) => String(sim.records('VIF').get(v)!.device)).sort();
      const disks = (vm.VBDs as string[]).map((b) => sim.records('VBD').get(b)!).filter((b) => b.type === 'Disk' && !b.empty).map((b) => String(b.device)).sort();
      expect(idx.map((i) => parts[i].ds)).toEqual([
        ...Array.from({ length: vcpus }, (_, i) => `cpu${i}`), 'cpu_usage', 'memory', 'memory_target', 'memory_internal_free',
        ...vifs.flatMap((d) => [`vif_${d}_rx`, `vif_${d}_tx`]),
        ...disks.flatMap((d) => [`vbd_${d}_read`, `vbd_${d}_write`, `vbd_${d}_read_latency`, `vbd_${d}_write_latency`]),
      ]);
    }
    for (const r2 of x.data) for (const v of r2.values) expect(v).toMatch(/^(0\.0|NaN|-?Infinity|-?\d+(\.\d+)?(e[+-]\d\d+)?)$/);
  });

  it('JSON when Accept prefers it (*/* does) or the json key is present: every scalar a string, the same table as XML', async () => {
    const xml = await updates('start=-30&host=true');
    for (const [accept, query] of [['*/*', ''], ['application/json', ''], ['text/xml', '&json=true']]) {
      const r = await get(`${sim.url}/rrd_updates?session_id=${s}&start=-30&host=true${query}`, { Accept: accept });
      expect(r.headers['content-type']).toBe('application/json');
      expect(r.headers['access-control-allow-origin']).toBe('*');
      const j = parseXportJson(r.body);
      checkMeta(j);
      expect(j.legend).toEqual(xml.legend);
      expect(j.data).toEqual(xml.data);
    }
    const plain = await get(`${sim.url}/rrd_updates?session_id=${s}&start=-30&host=true`, { Accept: 'text/html, text/xml;q=0.9, application/json;q=0.5' });
    expect(plain.headers['content-type']).toBe('text/xml');
  });

  it.each([5, 60, 3600, 86400])('interval=%s picks the archive of that step', async (interval) => {
    const start = last() - 10 * interval;
    const x = await updates(`start=${start}&interval=${interval}&host=true`);
    expect(x.step).toBe(interval);
    expect(x.end).toBe(Math.floor(last() / interval) * interval);
    expect(x.start).toBeGreaterThanOrEqual(start);
    expect(x.start - interval).toBeLessThan(start);
  });

  it('a start older than an archive reaches moves to a longer one; older than all: the year archive, 366 rows', async () => {
    expect((await updates(`start=${last() - 3 * 3600}&interval=5&host=true`)).step).toBe(3600);
    expect((await updates(`start=${last() - 1800}&host=true`)).step).toBe(60);
    const year = await updates('start=0&interval=5&host=true');
    expect(year.step).toBe(86400);
    expect(year.rows).toBe(366);
    // Backfilled: every timescale has numbers, not only the minutes this simulator has run.
    const [, coordRec] = hostAt('127.0.0.1');
    for (const interval of [5, 60, 3600, 86400]) {
      const x = await updates(`start=0&interval=${interval}&host=true&cf=AVERAGE`);
      const cpu = column(x, String(coordRec.uuid), 'cpu0');
      expect(cpu.filter((v) => Number.isFinite(v)).length, `interval ${interval}`).toBe(cpu.length);
    }
  });

  it('a negative start counts back from the last update', async () => {
    const x = await updates('start=-30&host=true');
    expect(x.end).toBe(last());
    expect(x.data.map((r) => r.t)).toEqual([0, 5, 10, 15, 20, 25, 30].map((d) => last() - d));
  });

  it('consolidation: a 1-minute row recorded here is the average of its twelve 5 s rows', async () => {
    const minute = Math.ceil((first + 55) / 60) * 60;
    expect(minute).toBeLessThanOrEqual(last());
    const uuid = String(hostAt('127.0.0.1')[1].uuid);
    const fine = await updates(`start=${minute - 55}&interval=5&host=true`);
    const coarse = await updates(`start=${minute - 30}&interval=60&host=true`);
    expect(coarse.step).toBe(60);
    for (const ds of ['cpu0', 'loadavg', 'pif_eth0_rx', 'xapi_memory_usage_kib']) {
      const f = column(fine, uuid, ds).slice(-12);
      const c = column(coarse, uuid, ds)[coarse.data.findIndex((r) => r.t === minute)];
      expect(fine.data.at(-12)!.t).toBe(minute);
      const avg = f.reduce((a, b) => a + b, 0) / 12;
      expect(Math.abs(c - avg) / Math.abs(avg)).toBeLessThan(1e-12);
    }
  });

  it('values agree with XAPI: host memory from host_metrics, VM memory and vCPUs from VM_metrics and VM', async () => {
    const [coord] = hostAt('127.0.0.1');
    const host = await call<Rec>('host.get_record', coord);
    const hm = await call<Rec>('host_metrics.get_record', host.metrics);
    const [vmRef] = guests((v) => v.resident_on === coord && v.power_state === 'Running')[0];
    const vm = await call<Rec>('VM.get_record', vmRef);
    const vmm = await call<Rec>('VM_metrics.get_record', vm.metrics);
    sim.rrdUpdate();
    const x = await updates(`start=-1&host=true&vm_uuid=${String(vm.uuid)}`);
    const newest = (uuid: unknown, ds: string) => column(x, String(uuid), ds)[0];
    expect(newest(host.uuid, 'memory_total_kib')).toBe(Number(hm.memory_total) / 1024);
    expect(newest(host.uuid, 'memory_free_kib')).toBe(Number(hm.memory_free) / 1024);
    const cpus = [0, 1, 2, 3].map((i) => newest(host.uuid, `cpu${i}`));
    for (const c of cpus) { expect(c).toBeGreaterThanOrEqual(0); expect(c).toBeLessThanOrEqual(1); }
    expect(newest(host.uuid, 'cpu_avg')).toBeCloseTo(cpus.reduce((a, b) => a + b) / 4, 12);
    expect(newest(host.uuid, 'pif_aggr_rx')).toBeCloseTo(newest(host.uuid, 'pif_eth0_rx') + newest(host.uuid, 'pif_eth1_rx'), 6);
    expect(newest(host.uuid, 'pool_session_count')).toBe(sim.records('session').size);
    expect(newest(vm.uuid, 'memory')).toBe(Number(vmm.memory_actual));
    expect(newest(vm.uuid, 'memory_target')).toBe(Number(vm.memory_target));
    const util = vmm.VCPUs_utilisation as Record<string, number>;
    expect(newest(vm.uuid, 'cpu0')).toBe(Number(util['0']));
    expect(newest(vm.uuid, 'cpu_usage')).toBeCloseTo((newest(vm.uuid, 'cpu0') + newest(vm.uuid, 'cpu1')) / 2, 12);
    expect(newest(vm.uuid, 'memory_internal_free')).toBeLessThanOrEqual(Number(vmm.memory_actual) / 1024);
    expect(newest(vm.uuid, 'vif_0_rx')).toBeGreaterThan(0);
  });

  it('a halted VM records NaN: all NaN when it never ran here, NaN from its shutdown on otherwise; not listed by default', async () => {
    const [, halted] = guests((v) => v.power_state === 'Halted')[0];
    const x = await updates(`start=-3600&interval=60&vm_uuid=${String(halted.uuid)}`);
    expect(x.legend.length).toBeGreaterThan(3);
    expect(x.data.flatMap((r) => r.values).every((v) => v === 'NaN')).toBe(true);
    expect((await updates('start=-30')).legend.some((e) => splitLegend(e).uuid === halted.uuid)).toBe(false);

    const [coord] = hostAt('127.0.0.1');
    const [ref, running] = guests((v) => v.resident_on === coord && v.power_state === 'Running').at(-1)!;
    const before = await updates(`start=-30&vm_uuid=${String(running.uuid)}`);
    expect(column(before, String(running.uuid), 'memory').every((v) => v > 0)).toBe(true);
    await call('VM.clean_shutdown', ref);
    sim.rrdUpdate();
    const after = await updates(`start=-30&vm_uuid=${String(running.uuid)}`);
    const mem = column(after, String(running.uuid), 'memory');
    expect(mem[0]).toBeNaN();
    expect(mem.slice(1).every((v) => v > 0)).toBe(true);
    expect(column(after, String(running.uuid), 'cpu0')[0]).toBeNaN();
  });

  it('a member listener answers for its own host and the VMs with a domain there; a VM elsewhere is left out or redirected', async () => {
    const [member, memberRec] = hostAt('127.0.0.2');
    const x = await updates('start=-30&host=true', '127.0.0.2');
    const parts = x.legend.map(splitLegend);
    expect(new Set(parts.filter((p) => p.kind === 'host').map((p) => p.uuid))).toEqual(new Set([memberRec.uuid]));
    expect(parts.some((p) => p.ds === 'pool_session_count')).toBe(false);
    const mine = vmsWithDomainOn(member).map(([, v]) => v.uuid);
    expect(mine.length).toBeGreaterThan(1);
    expect(new Set(parts.filter((p) => p.kind === 'vm').map((p) => p.uuid))).toEqual(new Set(mine));

    const [coord] = hostAt('127.0.0.1');
    const [, onCoord] = guests((v) => v.resident_on === coord && v.power_state === 'Running')[0];
    const [, onMember] = guests((v) => v.resident_on === member && v.power_state === 'Running')[0];
    const both = await updates(`start=-10&vm_uuid=${String(onCoord.uuid)}&vm_uuid=${String(onMember.uuid)}`, '127.0.0.2');
    expect(new Set(both.legend.map((e) => splitLegend(e).uuid))).toEqual(new Set([onMember.uuid]));

    const moved = await get(`${sim.url}/vm_rrd?session_id=${s}&uuid=${String(onMember.uuid)}`, { Accept: 'text/xml' });
    expect(moved.status).toBe(302);
    expect(moved.headers.location).toBe(`${at('127.0.0.2')}/vm_rrd?session_id=${s}&uuid=${String(onMember.uuid)}`);
    const there = await get(moved.headers.location!, { Accept: 'text/xml' });
    expect(there.status).toBe(200);
    expect(tag(there.body, 'lastupdate')).toBe(String(last()));
    const hm = sim.records('host_metrics').get(String(memberRec.metrics))!;
    const dump = await get(`${at('127.0.0.2')}/host_rrd?session_id=${s}`, { Accept: 'text/xml' });
    const ds = [...dump.body.matchAll(/<ds><name>(.*?)<\/name>.*?<last_ds>(.*?)<\/last_ds>/g)];
    expect(ds.map((d) => d[1])).toEqual(HOST_DS);
    expect(Number(ds.find((d) => d[1] === 'memory_total_kib')![2])).toBe(Number(hm.memory_total) / 1024);
  });

  it('needs a session (query or cookie): 401 otherwise; /sr_rrd and unknown VMs are 404', async () => {
    expect((await get(`${sim.url}/rrd_updates?start=-10&host=true`)).status).toBe(401);
    expect((await get(`${sim.url}/rrd_updates?start=-10&session_id=OpaqueRef:nope`)).status).toBe(401);
    expect((await get(`${sim.url}/host_rrds`)).status).toBe(401);
    expect((await get(`${at('127.0.0.2')}/vm_rrds?uuid=x`)).status).toBe(401);
    const cookie = await get(`${sim.url}/rrd_updates?start=-10&host=true`, { Cookie: `session_id=${s}`, Accept: 'text/xml' });
    expect(cookie.status).toBe(200);
    expect(parseXportXml(cookie.body).rows).toBe(3);
    expect((await get(`${sim.url}/sr_rrd?session_id=${s}&uuid=x`)).status).toBe(404);
    expect((await get(`${sim.url}/vm_rrd?session_id=${s}&uuid=00000000-0000-0000-0000-000000000000`)).status).toBe(404);
  });

  it('full RRD: rrdtool dump layout, 4 AVERAGE archives, rows oldest first at floor(lastupdate/P)*P - (N-1-i)*P', async () => {
    const r = await get(`${sim.url}/host_rrds?session_id=${s}`, { Accept: 'text/xml' });
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('text/xml');
    const xml = r.body;
    expect(xml).toMatch(/^<\?xml version="1\.0" encoding="UTF-8"\?><rrd><version>0003<\/version><step>5<\/step><lastupdate>\d+<\/lastupdate><ds>/);
    const lastupdate = Number(tag(xml, 'lastupdate'));
    expect(lastupdate).toBe(last());
    const dsNames = [...xml.matchAll(/<ds><name>(.*?)<\/name><type>(GAUGE|DERIVE)<\/type><minimal_heartbeat>300<\/minimal_heartbeat>/g)].map((m) => m[1]);
    expect(dsNames).toEqual([...HOST_DS, 'pool_session_count', 'pool_task_count']);
    const rras = [...xml.matchAll(/<rra>(.*?)<\/rra>/g)].map((m) => m[1]);
    expect(rras.map((a) => [tag(a, 'cf'), Number(tag(a, 'pdp_per_row')), tag(a, 'xff')])).toEqual([
      ['AVERAGE', 1, '0.5'], ['AVERAGE', 12, '0.5'], ['AVERAGE', 720, '0.5'], ['AVERAGE', 17280, '0.5']]);
    const uuid = String(hostAt('127.0.0.1')[1].uuid);
    for (const [k, a] of rras.entries()) {
      expect([...tag(a, 'cdp_prep').matchAll(/<ds>/g)]).toHaveLength(dsNames.length);
      const rows = [...tag(a, 'database').matchAll(/<row>(.*?)<\/row>/g)].map((m) => [...m[1].matchAll(/<v>(.*?)<\/v>/g)].map((v) => v[1]));
      expect(rows).toHaveLength([120, 120, 168, 366][k]);
      for (const row of rows) expect(row).toHaveLength(dsNames.length);
      // The same archive through /rrd_updates (newest first) must be the dump's rows reversed.
      const period = 5 * [1, 12, 720, 17280][k];
      const x = await updates(`start=${Math.floor(lastupdate / period) * period - 9 * period}&interval=${period}&host=true`);
      expect(x.step).toBe(period);
      const cols = dsNames.map((d) => x.legend.findIndex((e) => e === `AVERAGE:host:${uuid}:${d}`));
      for (const [i, xr] of x.data.entries()) {
        expect(xr.t).toBe(Math.floor(lastupdate / period) * period - i * period);
        expect(rows[rows.length - 1 - i]).toEqual(cols.map((c) => xr.values[c]));
      }
    }
    const j = await get(`${sim.url}/host_rrd?session_id=${s}&json=true`, { Accept: 'text/xml' });
    expect(j.headers['content-type']).toBe('application/json');
    const rrd = JSON.parse(j.body) as { lastupdate: string; ds: { name: string }[]; rra: { pdp_per_row: string; database: string[][] }[] };
    expect(Number(rrd.lastupdate)).toBe(lastupdate);
    expect(rrd.ds.map((d) => d.name)).toEqual(dsNames);
    expect(rrd.rra.map((a) => [a.pdp_per_row, a.database.length])).toEqual([['1', 120], ['12', 120], ['720', 168], ['17280', 366]]);
  });
});

describe.skipIf(!hasSharedDir)('RRD history is seeded by uuid', () => {
  it('two simulators of the same database dump draw the same history', async () => {
    const dump = resolve(sharedXapiDir, 'db', 'small_vms.xml');
    const sims = [await startSimulator({ dbFile: dump, rrdIntervalMs: 0, metricsIntervalMs: 0 }), await startSimulator({ dbFile: dump, rrdIntervalMs: 0, metricsIntervalMs: 0 })];
    try {
      const docs = await Promise.all(sims.map(async (x) => {
        const session = ok<string>(await rpc(x.url, 'session.login_with_password', ['root', 'xenroot']));
        const day = Math.floor(x.rrdStats().lastUpdate / 86400) * 86400;
        const r = await get(`${x.url}/rrd_updates?session_id=${session}&start=${day - 100 * 86400}&interval=86400&host=true`, { Accept: 'text/xml' });
        return parseXportXml(r.body);
      }));
      expect(docs[0].rows).toBe(101);
      expect(docs[1].legend).toEqual(docs[0].legend);
      expect(docs[1].data).toEqual(docs[0].data);
      const cpu = docs[0].data.map((r) => num(r.values[0]));
      expect(new Set(cpu).size, 'the history varies').toBeGreaterThan(50);
    } finally {
      await Promise.all(sims.map((x) => x.close()));
    }
  });
});
