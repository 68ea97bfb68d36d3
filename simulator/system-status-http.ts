// GET /system-status (WIRE.md "Other HTTP endpoints"; xapi's system_status.ml): `?list` answers
// xen-bugtool's capabilities XML; otherwise the host's status report for `entries=` (capability keys,
// comma-separated; unknown keys are ignored, as xen-bugtool does) as a tar (`output=tar`, XenCenter's
// choice and xapi's default): `bug-report-<time>/inventory.xml` listing what was collected, then one
// small plausible file per chosen capability. Auth as /export: session_id, its cookie, or Basic; else 401;
// a session without the permission http/get_system_status (below Pool Operator) gets 403.
// With `task_id=` the task's progress rises and it ends success, as xapi's with_context does.
import type http from 'node:http';
import type { Sim } from './sim';
import { nowDatetime } from './sim';
import { XapiError } from './xapi-error';
import { finish, errorPatch } from './tasks';
import { tarEof, tarMember } from './xva';
import { authenticate, reply } from './xva-http';
import { checkHttpRbac } from './rbac';
import { CAPABILITIES, systemStatusCapabilities } from './methods/host';

const KEYS = new Set(CAPABILITIES.map(([key]) => key));

/** What the report says for one capability of one host: a few lines in the shape bugtool collects. */
function entryText(sim: Sim, host: string, key: string): string {
  const h = sim.db.get('host', host) ?? {};
  const sw = (h.software_version ?? {}) as Record<string, string>;
  const head = `# ${key} collected on ${String(h.hostname ?? h.name_label ?? '')} (${String(h.address ?? '')}) at ${nowDatetime()}\n`;
  if (key === 'xenserver-config') return `${head}PRODUCT_VERSION='${sw.product_version ?? ''}'\nINSTALLATION_UUID='${String(h.uuid ?? '')}'\n`;
  if (key === 'hardware-info') return `${head}cpu_count=${String(((h.cpu_info ?? {}) as Record<string, string>).cpu_count ?? '')}\n`;
  if (key === 'xapi-debug' || key === 'xenserver-logs') return `${head}${nowDatetime()} xapi: [ info||] host ${String(h.name_label ?? '')} is up\n`;
  return head;
}

/** The report's tar: inventory first, then one file per chosen capability, in the capabilities' order. */
export function statusReportTar(sim: Sim, host: string, entries: readonly string[]): Buffer {
  const stamp = nowDatetime().replace(/[^0-9]/g, '').slice(0, 14);
  const dir = `bug-report-${stamp}`;
  const chosen = CAPABILITIES.map(([key]) => key).filter((k) => entries.includes(k));
  const files = chosen.map((k) => ({ name: `${dir}/${k}.out`, data: Buffer.from(entryText(sim, host, k)) }));
  const inventory = `<?xml version="1.0" ?>\n<system-status-inventory>\n${chosen.map((k, i) => `  <inventory-entry capability="${k}"><filename>${files[i].name}</filename></inventory-entry>\n`).join('')}</system-status-inventory>\n`;
  return Buffer.concat([...tarMember(`${dir}/inventory.xml`, Buffer.from(inventory)), ...files.flatMap((f) => tarMember(f.name, f.data)), tarEof()]);
}

/** The host a listener answers as: the one whose address it listens on, else the coordinator. */
function hostAt(sim: Sim, address: string): string {
  for (const [ref, row] of sim.db.table('host')) if (row.rec.address === address) return ref;
  return sim.coordinator();
}

/** Serves GET /system-status; false for any other request. */
export function handleSystemStatusHttp(sim: Sim, req: http.IncomingMessage, res: http.ServerResponse, hostAddress: string): boolean {
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (url.pathname !== '/system-status' || req.method !== 'GET') return false;
  void serve(sim, url.searchParams, req, res, hostAddress).catch(() => { if (!res.headersSent) reply(res, 400, 'text/plain', 'Bad request\n'); else res.destroy(); });
  return true;
}

async function serve(sim: Sim, q: URLSearchParams, req: http.IncomingMessage, res: http.ServerResponse, hostAddress: string): Promise<void> {
  const auth = await authenticate(sim, req, q, hostAddress);
  if (!auth) {
    reply(res, 401, 'text/html', '<html><body><h1>HTTP 401 unauthorised</h1>Authorisation failed</body></html>', { 'WWW-Authenticate': 'Basic realm="xapi"' });
    return;
  }
  const taskId = q.get('task_id') ?? '';
  const task = taskId && sim.db.get('task', taskId) ? taskId : undefined;
  try {
    // xapi checks the HTTP action's permission before the handler runs: 403, the task failed with it.
    try { checkHttpRbac(sim.db.get('session', auth.session) ?? {}, 'http/get_system_status'); } catch (e) {
      if (task) finish(sim, task, errorPatch(task, e as XapiError));
      reply(res, 403, 'text/html', `<html><body><h1>HTTP 403 forbidden</h1>${JSON.stringify((e as XapiError).toArray()).replace(/&/g, '&amp;').replace(/</g, '&lt;')}</body></html>`);
      return;
    }
    if (q.has('list')) { reply(res, 200, 'application/xml', systemStatusCapabilities()); return; }
    if (taskId && !task) throw new XapiError('HANDLE_INVALID', ['task', taskId]);
    const output = q.get('output') ?? 'tar';
    if (output !== 'tar' && output !== 'tar.bz2' && output !== 'zip') throw new XapiError('SYSTEM_STATUS_RETRIEVAL_FAILED', [`xen-bugtool failed: unknown output ${output}`]);
    if (output !== 'tar') throw new XapiError('SYSTEM_STATUS_RETRIEVAL_FAILED', [`xen-bugtool failed: the simulator writes tar only`]);
    const entries = (q.get('entries') ?? '').split(',').map((s) => s.trim()).filter((k) => KEYS.has(k));
    const host = hostAt(sim, hostAddress);
    if (task) sim.db.update('task', task, { progress: 0.5 });
    const body = statusReportTar(sim, host, entries);
    const name = `system_status-${new Date().toISOString().replace(/\.\d+Z$/, 'Z')}-${String(sim.db.get('host', host)?.hostname ?? 'host')}.tar`;
    if (!res.destroyed) res.writeHead(200, { 'Content-Type': 'appliation/x-tar', 'Content-Disposition': `attachment; filename="${name}"`, 'Content-Length': body.length, Connection: 'close' }).end(body);
    if (task) finish(sim, task, { status: 'success' });
  } catch (e) {
    const err = e instanceof XapiError ? e : new XapiError('INTERNAL_ERROR', [String((e as Error)?.message ?? e)]);
    if (task) finish(sim, task, errorPatch(task, err));
    reply(res, 500, 'text/html', `<html><body><h1>HTTP 500 internal server error</h1>${JSON.stringify(err.toArray()).replace(/&/g, '&amp;').replace(/</g, '&lt;')}</body></html>`);
  } finally {
    if (auth.temporary) sim.db.delete('session', auth.session);
  }
}
