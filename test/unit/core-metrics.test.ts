// The core's metrics: the /rrd_updates reader on FORMATS.md 3.4/3.5's own examples (XML and the
// three JSON generations) and on broken input, the request (host asked, archive interval, query),
// the URL it goes to, the object's series, and the short cache that lets views share a fetch.
import { describe, it, expect, afterEach } from 'vitest';
import http from 'node:http';
import { parseRrdUpdates } from '../../electron/core/features/metrics/rrd-updates';
import { looseJsonToJson } from '../../electron/core/features/metrics/loose-json';
import { metricsTarget, rrdUpdatesRequest, type MetricsCacheView } from '../../electron/core/features/metrics/request';
import { objectSeries } from '../../electron/core/features/metrics/series';
import { ShortCache } from '../../electron/core/features/metrics/short-cache';
import { fetchRrdUpdates } from '../../electron/core/features/metrics/fetch';
import { MetricsService } from '../../electron/core/features/metrics/metrics';
import { httpTarget, xapiHttp, type XapiHttpRequest } from '../../electron/core/xapi/http';
import { XapiError } from '../../electron/core/xapi/errors';
import { METRICS_RANGES, metricsRange } from '../../shared/metrics/ranges';

const H = 'b4c0d08a-3e59-4fcb-918b-52dced6141cf';
const V = '686a447a-ccd9-8873-0460-49ca8125db5b';

// FORMATS.md 3.4, with the "..." replaced by one more row.
const XML = `<?xml version="1.0" encoding="UTF-8"?>
<xport><meta><start>1357143600</start><step>5</step><end>1357144200</end><rows>2</rows><columns>3</columns>
<legend><entry>AVERAGE:host:${H}:cpu0</entry>
<entry>AVERAGE:host:${H}:memory_free_kib</entry>
<entry>AVERAGE:vm:${V}:memory</entry></legend></meta>
<data><row><t>1357144200</t><v>0.0123</v><v>7436432</v><v>671088640</v></row>
<row><t>1357144195</t><v>0.0119</v><v>7436432</v><v>NaN</v></row></data></xport>`;

const LEGEND = [`AVERAGE:host:${H}:cpu0`, `AVERAGE:host:${H}:memory_free_kib`, `AVERAGE:vm:${V}:memory`];
// Since Feb 2024: every scalar a string.
const JSON_2024 = JSON.stringify({
  meta: { start: '1357143600', step: '5', end: '1357144200', rows: '2', columns: '3', legend: LEGEND },
  data: [{ t: '1357144200', values: ['0.0123', '7436432', '671088640'] }, { t: '1357144195', values: ['0.0119', '7436432', 'NaN'] }],
});
// Jul 2023 to Feb 2024: data inside meta.
const JSON_2023 = JSON.stringify({
  meta: { start: '1357143600', step: '5', end: '1357144200', rows: '2', columns: '3', legend: LEGEND,
    data: [{ t: '1357144200', values: ['0.0123', '7436432', '671088640'] }, { t: '1357144195', values: ['0.0119', '7436432', 'NaN'] }] },
});
// Before Jul 2023: keys unquoted, numbers and NaN bare.
const JSON_OLD = `{meta: {start:1357143600,step:5,end:1357144200,rows:2,columns:3,legend:["${LEGEND.join('","')}"]},data:[{t:1357144200,values:[0.0123,7436432,671088640]},{t:1357144195,values:[0.0119,7436432,NaN]}]}`;

describe('parseRrdUpdates', () => {
  for (const [name, text] of [['XML (3.4)', XML], ['JSON, all strings', JSON_2024], ['JSON, data inside meta', JSON_2023], ['old unquoted JSON', JSON_OLD]] as const) {
    it(`reads ${name}: columns, rows oldest first, NaN kept`, () => {
      const u = parseRrdUpdates(text);
      expect(u).toMatchObject({ start: 1357143600, end: 1357144200, step: 5 });
      expect(u.columns).toEqual([
        { cf: 'AVERAGE', kind: 'host', uuid: H, name: 'cpu0' },
        { cf: 'AVERAGE', kind: 'host', uuid: H, name: 'memory_free_kib' },
        { cf: 'AVERAGE', kind: 'vm', uuid: V, name: 'memory' },
      ]);
      expect(u.rows.map((r) => r.t)).toEqual([1357144195, 1357144200]);
      expect(u.rows[1].values).toEqual([0.0123, 7436432, 671088640]);
      expect(u.rows[0].values[0]).toBe(0.0119);
      expect(Number.isNaN(u.rows[0].values[2])).toBe(true);
    });
  }

  it('keeps ds names with "/", "-" and ":" whole, and reads Infinity and %0.4f text', () => {
    const u = parseRrdUpdates(JSON.stringify({
      meta: { start: '10', step: '60', end: '10', legend: [`MAX:host:${H}:statefile/abc-1/latency`, `AVERAGE:sr:${V}:a:b`, `AVERAGE:host:${H}:cpu0-C1`] },
      data: [{ t: '10', values: ['Infinity', '-Infinity', '209715200.0000'] }],
    }));
    expect(u.columns.map((c) => c.name)).toEqual(['statefile/abc-1/latency', 'a:b', 'cpu0-C1']);
    expect(u.columns[0].cf).toBe('MAX');
    expect(u.rows[0].values).toEqual([Infinity, -Infinity, 209715200]);
  });

  it('reads an empty reply (no columns, no rows) in both formats', () => {
    const xml = parseRrdUpdates('<xport><meta><start>5</start><step>5</step><end>5</end><rows>0</rows><columns>0</columns><legend></legend></meta><data></data></xport>');
    expect(xml).toEqual({ start: 5, end: 5, step: 5, columns: [], rows: [] });
    expect(parseRrdUpdates('{"meta":{"start":"5","step":"5","end":"5","legend":[]},"data":[]}')).toEqual(xml);
  });

  const bad: [string, string, RegExp][] = [
    ['empty', '', /empty/],
    ['HTML', 'Internal error', /expected XML or JSON/],
    ['broken XML', '<xport><meta><start>1</start>', /malformed XML/],
    ['no meta', '{"data":[]}', /"meta" is missing/],
    ['broken JSON', '{"meta": {', /malformed JSON/],
    ['bad legend', '{"meta":{"start":"1","step":"5","end":"1","legend":["AVERAGE:cpu0"]},"data":[]}', /not CF:kind:uuid:name/],
    ['short row', `{"meta":{"start":"1","step":"5","end":"1","legend":["AVERAGE:host:${H}:cpu0"]},"data":[{"t":"1","values":[]}]}`, /row 1 has 0 values for 1 columns/],
    ['text value', `{"meta":{"start":"1","step":"5","end":"1","legend":["AVERAGE:host:${H}:cpu0"]},"data":[{"t":"1","values":["lots"]}]}`, /row 1, column 1 is not a number/],
    ['fractional time', `{"meta":{"start":"1","step":"5","end":"1","legend":[]},"data":[{"t":"1.5","values":[]}]}`, /time of row 1 is not a whole number/],
    ['missing step', '{"meta":{"start":"1","end":"1","legend":[]},"data":[]}', /"step" is missing/],
    ['columns mismatch', '{"meta":{"start":"1","step":"5","end":"1","columns":"2","legend":[]},"data":[]}', /"columns" says 2/],
  ];
  for (const [name, text, why] of bad) {
    it(`refuses ${name} with INVALID_RESPONSE saying why`, () => {
      let err: unknown;
      try { parseRrdUpdates(text); } catch (e) { err = e; }
      expect(err).toBeInstanceOf(XapiError);
      expect((err as XapiError).code).toBe('INVALID_RESPONSE');
      expect((err as XapiError).message).toMatch(why);
    });
  }
});

describe('looseJsonToJson', () => {
  it('quotes bare keys and non-finite numbers, leaves strings and valid JSON alone', () => {
    expect(JSON.parse(looseJsonToJson('{a: [1, -2.5e3, NaN, -Infinity, Infinity], "b:c": "x, y: NaN", d: true, e: null, f: .5}')))
      .toEqual({ a: [1, -2500, 'NaN', '-Infinity', 'Infinity'], 'b:c': 'x, y: NaN', d: true, e: null, f: 0.5 });
    expect(looseJsonToJson(JSON_2024)).toBe(JSON_2024);
  });
});

describe('ranges', () => {
  it('ask for the archive that covers them: 10 min -> 5 s, 2 h -> 1 min, 1 week -> 1 h, 1 year -> 1 day', () => {
    expect(METRICS_RANGES.map((r) => [r.id, r.interval])).toEqual([['10m', 5], ['2h', 60], ['1w', 3600], ['1y', 86400]]);
    // Each archive holds enough rows for its range (FORMATS.md 3.2: 120, 120, 168, 366 rows).
    const rows: Record<number, number> = { 5: 120, 60: 120, 3600: 168, 86400: 366 };
    for (const r of METRICS_RANGES) expect(r.seconds / r.interval).toBeLessThanOrEqual(rows[r.interval]);
    expect(metricsRange('3d')).toBeUndefined();
  });
});

// A cache like the connection's: a pool of three hosts, one VM running on the second, one halted.
function poolCache(): MetricsCacheView {
  const recs: Record<string, Map<string, Record<string, unknown>>> = {
    pool: new Map([['OpaqueRef:pool', { master: 'OpaqueRef:h1' }]]),
    host: new Map([
      ['OpaqueRef:h1', { uuid: 'host-1', address: '10.0.0.1', name_label: 'one' }],
      ['OpaqueRef:h2', { uuid: 'host-2', address: '10.0.0.2', name_label: 'two' }],
      ['OpaqueRef:h3', { uuid: 'host-3', address: '', name_label: 'three' }],
    ]),
    vm: new Map([
      ['OpaqueRef:run', { uuid: 'vm-run', power_state: 'Running', resident_on: 'OpaqueRef:h2' }],
      ['OpaqueRef:halt', { uuid: 'vm-halt', power_state: 'Halted', resident_on: 'OpaqueRef:NULL' }],
      ['OpaqueRef:susp', { uuid: 'vm-susp', power_state: 'Suspended', resident_on: 'OpaqueRef:h2' }],
    ]),
  };
  return { get: (cls, ref) => recs[cls]?.get(ref), getAll: (cls) => recs[cls] ?? new Map() };
}

describe('metricsTarget and rrdUpdatesRequest', () => {
  const cache = poolCache();
  const tenMin = metricsRange('10m')!;

  it('asks a host itself at its address with host=true; the coordinator at the connection URL', () => {
    expect(metricsTarget(cache, 'host', 'OpaqueRef:h2')).toEqual({ cls: 'host', uuid: 'host-2', address: '10.0.0.2', hostRef: 'OpaqueRef:h2' });
    expect(metricsTarget(cache, 'host', 'OpaqueRef:h1')).toEqual({ cls: 'host', uuid: 'host-1', hostRef: 'OpaqueRef:h1' });
    const r = rrdUpdatesRequest(metricsTarget(cache, 'host', 'OpaqueRef:h2'), tenMin, 1_700_000_000.7);
    expect(r).toEqual({
      method: 'GET', path: '/rrd_updates', address: '10.0.0.2', headers: { Accept: 'application/json' },
      query: { start: String(1_700_000_000 - 600 + 5), interval: '5', cf: 'AVERAGE', json: 'true', host: 'true' },
    });
  });

  it('asks a running VM of its resident host (vm_uuid=), one that is not running of the coordinator', () => {
    const run = metricsTarget(cache, 'vm', 'OpaqueRef:run');
    expect(run).toEqual({ cls: 'vm', uuid: 'vm-run', address: '10.0.0.2', hostRef: 'OpaqueRef:h2' });
    expect(rrdUpdatesRequest(run, metricsRange('1w')!, 1_000_000).query).toEqual({ start: String(1_000_000 - 604_800 + 3600), interval: '3600', cf: 'AVERAGE', json: 'true', vm_uuid: 'vm-run' });
    expect(metricsTarget(cache, 'vm', 'OpaqueRef:halt')).toEqual({ cls: 'vm', uuid: 'vm-halt', hostRef: 'OpaqueRef:h1' });
    expect(metricsTarget(cache, 'vm', 'OpaqueRef:susp')).toEqual({ cls: 'vm', uuid: 'vm-susp', hostRef: 'OpaqueRef:h1' });
  });

  it('refuses unknown objects and hosts without an address, with codes', () => {
    expect(() => metricsTarget(cache, 'vm', 'OpaqueRef:nope')).toThrow(expect.objectContaining({ code: 'HANDLE_INVALID', params: ['VM', 'OpaqueRef:nope'] }));
    expect(() => metricsTarget(cache, 'host', 'OpaqueRef:h3')).toThrow(expect.objectContaining({ code: 'HOST_ADDRESS_UNKNOWN', message: expect.stringMatching(/three/) }));
  });
});

describe('httpTarget (the URL a request goes to)', () => {
  it('keeps the connection URL scheme and port, swaps in the host address, adds the session', () => {
    const r = { path: '/rrd_updates', query: { start: '1', host: 'true' } };
    expect(httpTarget('https://pool.example:8443', 'OpaqueRef:s', { ...r, address: '10.0.0.2' })).toEqual({
      secure: true, host: '10.0.0.2', port: 8443, hostHeader: '10.0.0.2:8443', path: '/rrd_updates?start=1&host=true&session_id=OpaqueRef%3As',
    });
    expect(httpTarget('https://pool.example', 'S', r)).toMatchObject({ secure: true, host: 'pool.example', port: 443, hostHeader: 'pool.example' });
    expect(httpTarget('http://127.0.0.1:4000', 'S', { ...r, address: 'fe80::1' })).toMatchObject({ secure: false, host: 'fe80::1', port: 4000, hostHeader: '[fe80::1]:4000' });
  });
});

describe('objectSeries', () => {
  it("keeps the object's AVERAGE columns, oldest first, unknown values as null", () => {
    const u = parseRrdUpdates(XML.replace('AVERAGE:host:' + H + ':memory_free_kib', 'MIN:host:' + H + ':memory_free_kib'));
    expect(objectSeries(u, 'host', H)).toEqual({ step: 5, times: [1357144195, 1357144200], sources: [{ name: 'cpu0', values: [0.0119, 0.0123] }] });
    expect(objectSeries(u, 'vm', V.toUpperCase())).toEqual({ step: 5, times: [1357144195, 1357144200], sources: [{ name: 'memory', values: [null, 671088640] }] });
    expect(objectSeries(u, 'vm', 'other').sources).toEqual([]);
  });
});

describe('ShortCache', () => {
  it('shares a load in flight and a fresh value, loads again after the ttl, forgets failures', async () => {
    let now = 0;
    const c = new ShortCache<number>({ now: () => now });
    let loads = 0;
    const load = () => Promise.resolve(++loads);
    const [a, b] = await Promise.all([c.get('k', 1000, load), c.get('k', 1000, load)]);
    expect([a, b, loads]).toEqual([1, 1, 1]);
    now = 999;
    expect(await c.get('k', 1000, load)).toBe(1);
    now = 1000;
    expect(await c.get('k', 1000, load)).toBe(2);
    await expect(c.get('bad', 1000, () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    expect(await c.get('bad', 1000, load)).toBe(3);
    c.dropPrefix('k');
    expect(await c.get('k', 1000, load)).toBe(4);
  });
});

// ---------- over HTTP ----------

let server: http.Server | undefined;
afterEach(async () => { await new Promise<void>((ok) => (server ? server.close(() => ok()) : ok())); server = undefined; });

async function serve(address: string, answer: (req: http.IncomingMessage, res: http.ServerResponse) => void): Promise<number> {
  server = http.createServer(answer);
  await new Promise<void>((ok) => server!.listen(0, address, () => ok()));
  return (server.address() as { port: number }).port;
}

describe('fetchRrdUpdates', () => {
  it('sends the request to the host address on the connection port and parses the reply', async () => {
    const seen: string[] = [];
    const port = await serve('127.0.0.2', (req, res) => { seen.push(`${req.headers.host} ${req.url}`); res.end(JSON_2024); });
    const conn = { openHttp: (r: XapiHttpRequest) => xapiHttp(`http://127.0.0.1:${port}`, 'OpaqueRef:sess', undefined, r) };
    const cache = poolCache();
    const target = { ...metricsTarget(cache, 'host', 'OpaqueRef:h2'), address: '127.0.0.2' };
    const u = await fetchRrdUpdates(conn, rrdUpdatesRequest(target, metricsRange('2h')!, 5000));
    expect(u.rows).toHaveLength(2);
    expect(seen).toEqual([`127.0.0.2:${port} /rrd_updates?start=-2140&interval=60&cf=AVERAGE&json=true&host=true&session_id=OpaqueRef%3Asess`]);
  });

  it('turns refusals into errors with codes: xapi error page, 401, other statuses', async () => {
    let reply: [number, string] = [500, ''];
    const port = await serve('127.0.0.1', (_req, res) => { res.statusCode = reply[0]; res.end(reply[1]); });
    const conn = { openHttp: (r: XapiHttpRequest) => xapiHttp(`http://127.0.0.1:${port}`, 'S', undefined, r) };
    const req: XapiHttpRequest = { method: 'GET', path: '/rrd_updates', query: {} };
    reply = [500, '<html><body>Internal error: [&quot;HANDLE_INVALID&quot;, &quot;VM&quot;, &quot;x&quot;]</body></html>'];
    await expect(fetchRrdUpdates(conn, req)).rejects.toMatchObject({ code: 'HANDLE_INVALID', params: ['VM', 'x'] });
    reply = [401, 'no'];
    await expect(fetchRrdUpdates(conn, req)).rejects.toMatchObject({ code: 'SESSION_INVALID', status: 401 });
    reply = [503, 'busy'];
    await expect(fetchRrdUpdates(conn, req)).rejects.toMatchObject({ code: 'HTTP_ERROR', params: ['503'], message: expect.stringMatching(/HTTP 503/) });
    reply = [200, '{"meta":{}}'];
    await expect(fetchRrdUpdates(conn, req)).rejects.toMatchObject({ code: 'INVALID_RESPONSE' });
  });
});

describe('MetricsService', () => {
  it("returns the object's series and shares one fetch between views within the ttl", async () => {
    let fetches = 0;
    const port = await serve('127.0.0.1', (_req, res) => { fetches++; res.end(XML); });
    const hosts = new Map([['OpaqueRef:h', { uuid: H, address: '127.0.0.1' }]]);
    const conn = {
      id: 'c1',
      cache: { get: (cls: string, ref: string) => (cls === 'host' ? hosts.get(ref) : undefined), getAll: (cls: string) => (cls === 'pool' ? new Map([['p', { master: 'OpaqueRef:h' }]]) : new Map()) },
      openHttp: (r: XapiHttpRequest) => xapiHttp(`http://127.0.0.1:${port}`, 'S', undefined, r),
    };
    let now = 1_000_000;
    const svc = new MetricsService({ now: () => now });
    const [a, b] = await Promise.all([svc.series(conn, 'host', 'OpaqueRef:h', '10m'), svc.series(conn, 'host', 'OpaqueRef:h', '10m')]);
    expect(a).toEqual(b);
    expect(a.sources.map((s) => s.name)).toEqual(['cpu0', 'memory_free_kib']);
    expect(fetches).toBe(1);
    now += 5000;
    await svc.series(conn, 'host', 'OpaqueRef:h', '10m');
    expect(fetches).toBe(2);
    await svc.series(conn, 'host', 'OpaqueRef:h', '2h');
    expect(fetches).toBe(3);
  });
});
