// The metrics endpoints of a host (FORMATS.md 3.1), served by the listener the request reached:
//   GET /rrd_updates?start=S[&interval=I][&cf=C][&host=true][&vm_uuid=U]*[&sr_uuid=U]*[&json=true]
//   GET /host_rrd, /host_rrds, /vm_rrd?uuid=U, /vm_rrds?uuid=U; /sr_rrd answers 404 (no SR sources).
// Auth: session_id query parameter or cookie, else 401. The answering host is the one whose address
// the listener has (127.0.0.1 stands in for a coordinator whose address is not served). A VM's RRD
// lives on its resident host, a VM without a domain's on the coordinator (archived there). A VM
// living on another host that has a listener is not this host's: /vm_rrd redirects there (302,
// as xapi does), /rrd_updates leaves it out; a VM on a host nothing listens for is served here.
// Without vm_uuid, /rrd_updates lists the VMs with a domain on this host (xcp-rrdd records only
// those); a halted VM's archived RRD is there for an explicit vm_uuid and /vm_rrd.
import type http from 'node:http';
import { isNullRef } from '../db';
import type { Sim } from '../sim';
import { rrdJson, rrdXml } from './dump';
import { hasDomain } from './sources';
import { xport, xportJson, xportXml, type XportObject } from './xport';
import { rrdOf } from './store';

const PATHS = new Set(['/rrd_updates', '/host_rrd', '/host_rrds', '/vm_rrd', '/vm_rrds', '/sr_rrd']);

function cookieSession(req: http.IncomingMessage): string | undefined {
  for (const part of String(req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === 'session_id') return decodeURIComponent(v.join('='));
  }
  return undefined;
}

/** JSON when the Accept header prefers application/json to text/xml (a tie, as with "*\/*", goes
 * to JSON, xapi's first choice), else when the json key is present; otherwise XML. */
export function prefersJson(accept: string | undefined, q: URLSearchParams): boolean {
  const ranges = (accept ?? '').split(',').filter((p) => p.trim()).map((part) => {
    const [type, ...params] = part.trim().toLowerCase().split(';').map((x) => x.trim());
    const qp = params.find((p) => p.startsWith('q='));
    return { type, q: qp ? Number(qp.slice(2)) : 1 };
  });
  // A media type's quality is that of the most specific range matching it.
  const quality = (mime: string) => {
    const m = ranges.find((r) => r.type === mime) ?? ranges.find((r) => r.type === `${mime.split('/')[0]}/*`) ?? ranges.find((r) => r.type === '*/*');
    return m && Number.isFinite(m.q) ? m.q : 0;
  };
  const json = quality('application/json');
  return (json > 0 && json >= quality('text/xml')) || q.has('json');
}

function send(res: http.ServerResponse, status: number, type: string, body: string, extra: Record<string, string> = {}): void {
  res.writeHead(status, { ...extra, 'Content-Type': type, 'Content-Length': Buffer.byteLength(body) }).end(body);
}

/** The host this listener is. */
function localHost(sim: Sim, address: string): string {
  if (address === '127.0.0.1' && !sim.listenAddresses.has(sim.coordinatorAddress())) return sim.coordinator();
  for (const [ref, row] of sim.db.table('host')) if (row.rec.address === address) return ref;
  return sim.coordinator();
}

/** The host a VM's RRD lives on. */
function rrdHostOf(sim: Sim, vmRef: string): string {
  const vm = sim.db.get('VM', vmRef)!;
  return (vm.power_state === 'Running' || vm.power_state === 'Paused') && !isNullRef(vm.resident_on) ? String(vm.resident_on) : sim.coordinator();
}

/** Address of the host's listener when it has one and is not `here`. */
function elsewhere(sim: Sim, here: string, host: string): string | undefined {
  if (host === here) return undefined;
  const address = String(sim.db.get('host', host)?.address ?? '');
  return sim.listenAddresses.has(address) ? address : undefined;
}

/** Serves the metrics paths; false for any other request (the caller answers 404). `cors`: xapi's
 * `Access-Control-Allow-Origin: *` on every answer (off for the demo pool embedded in the app). */
export function handleRrdHttp(sim: Sim, req: http.IncomingMessage, res: http.ServerResponse, address: string, cors = true): boolean {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const store = rrdOf(sim);
  if (req.method !== 'GET' || !PATHS.has(url.pathname) || !store) return false;
  if (cors) res.setHeader('Access-Control-Allow-Origin', '*');
  const q = url.searchParams;
  const session = q.get('session_id') ?? cookieSession(req);
  if (!session || !sim.db.get('session', session)) {
    send(res, 401, 'text/html', '<html><body><h1>HTTP 401 unauthorised</h1>Authorisation failed</body></html>', { 'WWW-Authenticate': 'Basic realm="xapi"' });
    return true;
  }
  const json = prefersJson(req.headers.accept, q);
  const type = json ? 'application/json' : 'text/xml';
  const here = localHost(sim, address);
  const hostUuid = String(sim.db.get('host', here)!.uuid);
  const notFound = () => send(res, 404, 'text/plain', 'Not found\n');

  switch (url.pathname) {
    case '/host_rrd':
    case '/host_rrds': {
      const rrd = store.host(hostUuid)!;
      send(res, 200, type, json ? rrdJson(rrd) : rrdXml(rrd));
      return true;
    }
    case '/vm_rrd':
    case '/vm_rrds': {
      const uuid = q.get('uuid') ?? '';
      const ref = sim.db.findByUuid('VM', uuid);
      const rrd = ref ? store.vm(uuid) : undefined;
      if (!ref || !rrd) { notFound(); return true; }
      const other = elsewhere(sim, here, rrdHostOf(sim, ref));
      if (other) {
        res.writeHead(302, { Location: `${sim.consoleOrigin(other)}${url.pathname}${url.search}`, 'Content-Length': 0 }).end();
        return true;
      }
      send(res, 200, type, json ? rrdJson(rrd) : rrdXml(rrd));
      return true;
    }
    case '/sr_rrd':
      notFound();
      return true;
  }

  // /rrd_updates
  const startText = q.get('start') ?? '';
  if (!/^-?\d+$/.test(startText)) { send(res, 400, 'text/plain', 'rrd_updates needs an integer start\n'); return true; }
  const interval = /^\d+$/.test(q.get('interval') ?? '') ? Number(q.get('interval')) : 0;
  const objects: XportObject[] = [];
  if (q.get('host') === 'true') objects.push({ kind: 'host', uuid: hostUuid, rrd: store.host(hostUuid)! });
  const asked = q.getAll('vm_uuid');
  const vms = asked.length ? [...new Set(asked)] : [...sim.db.table('VM')]
    .filter(([, r]) => r.rec.resident_on === here && hasDomain(sim, r.rec)).map(([, r]) => String(r.rec.uuid));
  for (const uuid of vms) {
    const ref = sim.db.findByUuid('VM', uuid);
    if (!ref || elsewhere(sim, here, rrdHostOf(sim, ref))) continue;
    const rrd = store.vm(uuid);
    if (rrd) objects.push({ kind: 'vm', uuid, rrd });
  }
  const x = xport(objects, store.lastUpdate, { start: Number(startText), interval, cf: q.get('cf') ?? undefined });
  if (!x) { send(res, 500, 'text/plain', 'No_RRA_Available\n'); return true; }
  send(res, 200, type, json ? xportJson(x) : xportXml(x), cors ? { 'Access-Control-Allow-Headers': 'X-Requested-With' } : {});
  return true;
}
