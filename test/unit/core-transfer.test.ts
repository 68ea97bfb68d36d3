// The transfer module against a scripted local HTTP server standing in for a XAPI host: the
// request line, the query (session_id, task_id), Content-Length on import, error pages and task
// errors as XapiError, and the task destroyed at the end.
import { describe, it, expect, afterEach } from 'vitest';
import http from 'node:http';
import { Readable, Writable } from 'node:stream';
import { exportVm, importVm, type TransferConnection } from '../../electron/core/features/transfer/transfer';
import { errorFromBody, xapiHttp, type XapiHttpRequest } from '../../electron/core/xapi/http';
import { XapiError } from '../../electron/core/xapi/errors';

const NOW = { destroyDelayMs: 0 };
interface Seen { method: string; url: string; headers: http.IncomingHttpHeaders; body: Buffer }
let server: http.Server | undefined;
afterEach(async () => { await new Promise<void>((ok) => (server ? server.close(() => ok()) : ok())); server = undefined; });

async function scripted(answer: (s: Seen, res: http.ServerResponse) => void): Promise<{ url: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const s = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) };
      seen.push(s);
      answer(s, res);
    });
  });
  await new Promise<void>((ok) => server!.listen(0, '127.0.0.1', () => ok()));
  const addr = server.address() as { port: number };
  return { url: `http://127.0.0.1:${addr.port}`, seen };
}

/** A connection whose XAPI calls are scripted and whose HTTP goes to the local server. */
function fakeConnection(url: string, task: { status: string; error_info: string[]; result: string }): TransferConnection & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    async call<T>(method: string, args: readonly unknown[]): Promise<T> {
      calls.push(`${method}(${args.join(',')})`);
      const r: Record<string, unknown> = {
        'task.create': 'OpaqueRef:task-1', 'VM.get_uuid': 'uuid-vm-1', 'VM.get_name_label': 'web 1',
        'task.get_status': task.status, 'task.cancel': '', 'task.get_error_info': task.error_info, 'task.get_result': task.result, 'task.destroy': '',
      };
      return r[method] as T;
    },
    openHttp: (r: XapiHttpRequest) => xapiHttp(url, 'OpaqueRef:secret-session', undefined, r),
  };
}

const collect = (): Writable & { bytes: () => Buffer } => {
  const parts: Buffer[] = [];
  const w = new Writable({ write(c: Buffer, _e, cb) { parts.push(c); cb(); } }) as Writable & { bytes: () => Buffer };
  w.bytes = () => Buffer.concat(parts);
  return w;
};

describe('exportVm', () => {
  it('GETs /export with uuid, session_id and task_id, streams the body and destroys the task', async () => {
    const { url, seen } = await scripted((_s, res) => res.writeHead(200, { 'Content-Type': 'application/octet-stream' }).end(Buffer.from('ova.xml bytes')));
    const c = fakeConnection(url, { status: 'success', error_info: [], result: '' });
    const sink = collect();
    await exportVm(c, 'OpaqueRef:vm-1', sink, NOW);
    expect(seen).toHaveLength(1);
    expect(seen[0].method).toBe('GET');
    const u = new URL(seen[0].url, url);
    expect(u.pathname).toBe('/export');
    expect(u.searchParams.get('uuid')).toBe('uuid-vm-1');
    expect(u.searchParams.get('session_id')).toBe('OpaqueRef:secret-session');
    expect(u.searchParams.get('task_id')).toBe('OpaqueRef:task-1');
    expect(sink.bytes().toString()).toBe('ova.xml bytes');
    expect(c.calls[0]).toBe('VM.get_name_label(OpaqueRef:vm-1)');
    expect(c.calls[1]).toBe('task.create(Export of web 1,)');
    expect(c.calls.at(-1)).toBe('task.destroy(OpaqueRef:task-1)');
  });

  it('turns xapi\'s error page into a XapiError with code and params', async () => {
    const page = '<html><body><h1>HTTP 500 internal server error</h1>…<h1> Additional information </h1>["VM_BAD_POWER_STATE","OpaqueRef:vm-1","halted","running"]</body></html>';
    const { url } = await scripted((_s, res) => res.writeHead(500, { 'Content-Type': 'text/html' }).end(page));
    const c = fakeConnection(url, { status: 'failure', error_info: ['OTHER'], result: '' });
    const err = await exportVm(c, 'OpaqueRef:vm-1', collect(), NOW).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(XapiError);
    expect((err as XapiError).code).toBe('VM_BAD_POWER_STATE');
    expect((err as XapiError).params).toEqual(['OpaqueRef:vm-1', 'halted', 'running']);
    expect(c.calls.at(-1)).toBe('task.destroy(OpaqueRef:task-1)');
  });

  it('falls back to the task\'s error_info when the body has none', async () => {
    const { url } = await scripted((_s, res) => res.writeHead(500).end('oops'));
    const c = fakeConnection(url, { status: 'failure', error_info: ['SR_FULL', '10', '5'], result: '' });
    const err = (await exportVm(c, 'OpaqueRef:vm-1', collect(), { task: 'OpaqueRef:task-9', ...NOW }).catch((e: unknown) => e)) as XapiError;
    expect(err.code).toBe('SR_FULL');
    expect(err.params).toEqual(['10', '5']);
    expect(c.calls).not.toContain('task.create(Export of web 1,)');
    expect(c.calls.at(-1)).toBe('task.destroy(OpaqueRef:task-9)');
  });
});

describe('importVm', () => {
  it('PUTs /import with sr_id, session_id, task_id and a Content-Length (not chunked); returns the new VM refs', async () => {
    const { url, seen } = await scripted((_s, res) => res.writeHead(200, { 'Content-Type': 'text/plain' }).end('OpaqueRef:new-vm'));
    const c = fakeConnection(url, { status: 'success', error_info: [], result: '<value><array><data><value>OpaqueRef:new-vm</value></data></array></value>' });
    const data = Buffer.alloc(100_000, 7);
    const r = await importVm(c, 'OpaqueRef:sr-1', Readable.from([data.subarray(0, 50_000), data.subarray(50_000)]), data.length, NOW);
    expect(r.vmRefs).toEqual(['OpaqueRef:new-vm']);
    expect(seen[0].method).toBe('PUT');
    const u = new URL(seen[0].url, url);
    expect(u.pathname).toBe('/import');
    expect(u.searchParams.get('sr_id')).toBe('OpaqueRef:sr-1');
    expect(u.searchParams.get('session_id')).toBe('OpaqueRef:secret-session');
    expect(u.searchParams.get('task_id')).toBe('OpaqueRef:task-1');
    expect(seen[0].headers['content-length']).toBe('100000');
    expect(seen[0].headers['transfer-encoding']).toBeUndefined();
    expect(seen[0].body.equals(data)).toBe(true);
    expect(c.calls[0]).toBe('task.create(Import,)');
    expect(c.calls.at(-1)).toBe('task.destroy(OpaqueRef:task-1)');
  });

  it('reports an import refused by the server as its XAPI error', async () => {
    const { url } = await scripted((_s, res) => res.writeHead(500).end('<h1> Additional information </h1>["IMPORT_ERROR","bad tar &amp; more"]'));
    const c = fakeConnection(url, { status: 'failure', error_info: [], result: '' });
    const err = (await importVm(c, 'OpaqueRef:sr-1', Readable.from([Buffer.from('xx')]), 2, NOW).catch((e: unknown) => e)) as XapiError;
    expect(err.code).toBe('IMPORT_ERROR');
    expect(err.params).toEqual(['bad tar & more']);
  });

  it('refuses a source shorter than the announced size', async () => {
    const { url } = await scripted((_s, res) => res.writeHead(200).end('OpaqueRef:x'));
    const c = fakeConnection(url, { status: 'success', error_info: [], result: '' });
    const err = (await importVm(c, 'OpaqueRef:sr-1', Readable.from([Buffer.from('abc')]), 10, NOW).catch((e: unknown) => e)) as XapiError;
    expect(err).toBeInstanceOf(XapiError);
    expect(c.calls.at(-1)).toBe('task.destroy(OpaqueRef:task-1)');
  });
});

describe('errorFromBody', () => {
  it('reads the JSON error array of an error page, or nothing', () => {
    expect(errorFromBody('<h1>x</h1>["HANDLE_INVALID","VM","OpaqueRef:a"]')?.params).toEqual(['VM', 'OpaqueRef:a']);
    expect(errorFromBody('<html>no array</html>')).toBeUndefined();
  });
});
