// GET /export and PUT /import (WIRE.md "Other HTTP endpoints"; format in xva.ts).
//   GET /export?uuid=<vm uuid> | ref=<vm ref> [&session_id=…][&task_id=…]
//   PUT /import?sr_id=<SR ref> [&session_id=…][&task_id=…][&restore=true][&force=true]
// Auth: session_id query parameter, else a session_id cookie, else Basic credentials (a session made
// for the request and logged out after). None valid → 401. A role user without VM.import's
// permission (vm-admin) → 403 RBAC_PERMISSION_DENIED ["http/get_export" | "http/put_import", …].
// A XAPI error answers HTTP 500 with xapi's internal-error page, whose "Additional information" is
// the JSON error array ["CODE", …params]; with task_id the task ends `failure` with that error_info.
// Success: export streams application/octet-stream (the task ends `success`, result ""); import
// answers 200 text/plain with the new VM ref, and its task's result is
// `<value><array><data><value>OpaqueRef:…</value></data></array></value>`.
import type http from 'node:http';
import { isNullRef } from './db';
import { importXva, MAX_XVA_BYTES } from './methods/vm-import';
import { withVmOp } from './methods/vm-power';
import type { CallCtx, Sim } from './sim';
import { errorPatch, finish } from './tasks';
import { XapiError } from './xapi-error';
import { xmlRpcText } from './xmlrpc-text';
import { buildXva } from './xva';

const PERM = { export: 'http/get_export', import: 'http/put_import' } as const;

function cookieSession(req: http.IncomingMessage): string | undefined {
  for (const part of String(req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === 'session_id') return decodeURIComponent(v.join('='));
  }
  return undefined;
}

/** The session a request acts as; `temporary` when made from Basic credentials (logged out after). */
export async function authenticate(sim: Sim, req: http.IncomingMessage, q: URLSearchParams, hostAddress: string): Promise<{ session: string; temporary: boolean } | undefined> {
  const given = q.get('session_id') ?? cookieSession(req);
  if (given) return sim.db.get('session', given) ? { session: given, temporary: false } : undefined;
  const basic = /^Basic\s+(.+)$/i.exec(String(req.headers.authorization ?? ''));
  if (!basic) return undefined;
  const text = Buffer.from(basic[1], 'base64').toString('utf8');
  const i = text.indexOf(':');
  if (i < 0) return undefined;
  const ctx: CallCtx = { sim, session: '', method: 'session.login_with_password', async: false, connection: new AbortController().signal, hostAddress };
  try {
    const session = String(await sim.handlers.get('session.login_with_password')!(ctx, [text.slice(0, i), text.slice(i + 1), '', 'http']));
    return { session, temporary: true };
  } catch { return undefined; }
}

function internalErrorPage(err: XapiError): string {
  return '<html><body><h1>HTTP 500 internal server error</h1>An unexpected error occurred; please wait a while and try again. '
    + 'If the problem persists, please contact your support representative.<h1> Additional information </h1>'
    + `${JSON.stringify(err.toArray()).replace(/&/g, '&amp;').replace(/</g, '&lt;')}</body></html>`;
}

export function reply(res: http.ServerResponse, status: number, type: string, body: string, extra: Record<string, string> = {}): void {
  if (res.destroyed || res.headersSent) { res.destroy(); return; }
  res.writeHead(status, { ...extra, 'Content-Type': type, 'Content-Length': Buffer.byteLength(body), Connection: 'close' }).end(body);
}

const toXapi = (e: unknown): XapiError => (e instanceof XapiError ? e : new XapiError('INTERNAL_ERROR', [String((e as Error)?.message ?? e)]));

/** Serves /export and /import; false for any other request (the caller answers 404). */
export function handleXvaHttp(sim: Sim, req: http.IncomingMessage, res: http.ServerResponse, hostAddress: string): boolean {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const kind = url.pathname === '/export' && req.method === 'GET' ? 'export'
    : url.pathname === '/import' && (req.method === 'PUT' || req.method === 'POST') ? 'import' : undefined;
  if (!kind) return false;
  // Answered, never thrown (an embedded simulator shares the app's process).
  serve(sim, kind, url.searchParams, req, res, hostAddress).catch(() => {
    if (res.headersSent) res.destroy();
    else { req.resume(); res.writeHead(400, { 'Content-Type': 'text/plain', Connection: 'close' }).end('Bad request\n'); }
  });
  return true;
}

async function serve(sim: Sim, kind: 'export' | 'import', q: URLSearchParams, req: http.IncomingMessage, res: http.ServerResponse, hostAddress: string): Promise<void> {
  const auth = await authenticate(sim, req, q, hostAddress);
  if (!auth) {
    req.resume();
    reply(res, 401, 'text/html', '<html><body><h1>HTTP 401 unauthorised</h1>Authorisation failed</body></html>', { 'WWW-Authenticate': 'Basic realm="xapi"' });
    return;
  }
  const closed = new AbortController();
  res.on('close', () => closed.abort());
  const taskId = q.get('task_id') ?? '';
  const task = taskId && sim.db.get('task', taskId) ? taskId : undefined;
  const ctl = new AbortController();
  if (task) sim.taskCancels.set(task, ctl);
  const ctx: CallCtx = {
    sim, session: auth.session, method: kind === 'export' ? PERM.export : PERM.import, task, async: !!task,
    connection: closed.signal, cancel: ctl.signal, hostAddress,
  };
  try {
    if (taskId && !task) throw new XapiError('HANDLE_INVALID', ['task', taskId]);
    const rec = sim.db.get('session', auth.session)!;
    if (rec.is_local_superuser !== true && !((rec.rbac_permissions as string[]) ?? []).includes('vm.import')) {
      req.resume();
      const e = new XapiError('RBAC_PERMISSION_DENIED', [PERM[kind], 'No permission in user session. (Roles with this permission: pool-admin, pool-operator, vm-admin)']);
      if (task) finish(sim, task, errorPatch(task, e));
      reply(res, 403, 'text/html', `<html><body><h1>HTTP 403 forbidden</h1>${JSON.stringify(e.toArray())}</body></html>`);
      return;
    }
    if (kind === 'export') await doExport(ctx, q, res);
    else await doImport(ctx, q, req, res);
    if (task) finish(sim, task, { status: 'success' });
  } catch (e) {
    const err = toXapi(e);
    if (!(e instanceof XapiError)) console.error('simulator internal error', e);
    req.resume();
    if (task) finish(sim, task, errorPatch(task, err));
    reply(res, 500, 'text/html', internalErrorPage(err));
  } finally {
    if (task) sim.taskCancels.delete(task);
    if (auth.temporary) sim.db.delete('session', auth.session);
  }
}

async function doExport(ctx: CallCtx, q: URLSearchParams, res: http.ServerResponse): Promise<void> {
  const { sim } = ctx;
  const ref = q.get('ref');
  const uuid = q.get('uuid');
  let vm: string;
  if (ref) {
    if (!sim.db.get('VM', ref)) throw new XapiError('HANDLE_INVALID', ['VM', ref]);
    vm = ref;
  } else {
    const found = uuid ? sim.db.findByUuid('VM', uuid) : undefined;
    if (!found) throw new XapiError('UUID_INVALID', ['VM', uuid ?? '']);
    vm = found;
  }
  await withVmOp(ctx, vm, 'export', async () => {
    await sim.work(ctx, Math.round(sim.durationMs(ctx) / 2), 0, 0.1);
    const parts = buildXva(sim, vm);
    const total = parts.reduce((n, p) => n + p.length, 0);
    res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': total, 'Content-Disposition': 'attachment; filename="export.xva"' });
    let sent = 0;
    for (const p of parts) {
      if (res.destroyed) throw new XapiError('INTERNAL_ERROR', ['the client went away']);
      sim.checkCancelled(ctx);
      if (!res.write(p)) await new Promise<void>((resolve) => { res.once('drain', resolve); res.once('close', resolve); });
      sent += p.length;
      if (ctx.task && sim.db.get('task', ctx.task)) {
        const progress = Math.round((0.1 + (0.89 * sent) / total) * 100) / 100;
        if (progress !== sim.db.get('task', ctx.task)!.progress) sim.db.update('task', ctx.task, { progress });
      }
    }
    await new Promise<void>((resolve) => res.end(resolve));
  });
}

function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    req.on('data', (c: Buffer) => {
      total += c.length;
      if (total > MAX_XVA_BYTES) { reject(new XapiError('IMPORT_ERROR', [`XVA larger than ${MAX_XVA_BYTES} bytes`])); req.destroy(); return; }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', (e) => reject(new XapiError('IMPORT_ERROR', [e.message])));
    req.on('aborted', () => reject(new XapiError('IMPORT_ERROR_PREMATURE_EOF', [])));
  });
}

async function doImport(ctx: CallCtx, q: URLSearchParams, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const { sim } = ctx;
  // xapi reads the XVA as a plain byte stream of known length.
  if (/chunked/i.test(String(req.headers['transfer-encoding'] ?? ''))) throw new XapiError('IMPORT_ERROR_CANNOT_HANDLE_CHUNKED', []);
  const sr = q.get('sr_id') ?? '';
  if (sr && !isNullRef(sr) && !sim.db.get('SR', sr)) throw new XapiError('HANDLE_INVALID', ['SR', sr]);
  const body = await readBody(req);
  if (ctx.task && sim.db.get('task', ctx.task)) sim.db.update('task', ctx.task, { progress: 0.05 });
  const vm = await importXva(ctx, body, sr, q.get('restore') === 'true');
  if (ctx.task && sim.db.get('task', ctx.task)) sim.db.update('task', ctx.task, { result: xmlRpcText([vm], 'VM ref set') });
  reply(res, 200, 'text/plain', vm);
}
