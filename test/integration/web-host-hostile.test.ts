// Any web page the user visits can reach 127.0.0.1: the browser host must answer whatever bytes
// arrive with a 4xx (or a WebSocket close) and go on serving. The host runs in a child process,
// exactly as `npm run web` runs it, so a throw that escapes a handler kills it and the test sees it.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'node:net';
import { randomBytes } from 'node:crypto';
import WebSocket from 'ws';
import { repoRoot } from '../support/shared-dir';
import { until } from '../support/core-harness';

const staticDir = mkdtempSync(join(tmpdir(), 'xc-hostile-static-'));
const settingsDir = mkdtempSync(join(tmpdir(), 'xc-hostile-settings-'));
writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>hostile-app</title>');

let child: ChildProcess;
let port = 0;
let token = '';
let stderr = '';
let origin = '';

beforeAll(async () => {
  child = spawn(process.execPath, ['--import', 'tsx', 'electron/web-host.ts', '--port', '0', '--settings-dir', settingsDir], {
    cwd: repoRoot, env: { ...process.env, XC_RENDERER_DIR: staticDir }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  child.stdout!.on('data', (d) => { stdout += String(d); });
  child.stderr!.on('data', (d) => { stderr += String(d); });
  const m = await until(() => {
    if (child.exitCode !== null) throw new Error(`the host exited: ${stderr}`);
    return /http:\/\/127\.0\.0\.1:(\d+)\/\?token=([0-9a-f]+)/.exec(stdout) ?? undefined;
  }, 'the host URL', 20_000);
  port = Number(m[1]);
  token = m[2];
  origin = `http://127.0.0.1:${port}`;
});
afterAll(async () => {
  if (child.exitCode === null) {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  }
  rmSync(staticDir, { recursive: true, force: true });
  rmSync(settingsDir, { recursive: true, force: true });
});

interface RawReply { status: number | null; head: string; closed: boolean }
/** Writes `bytes` on a fresh TCP connection; the reply's status line and headers (null: the host
 * closed without answering), then closes. */
function raw(bytes: string | Buffer, ms = 3000): Promise<RawReply> {
  return new Promise((ok) => {
    const s = connect(port, '127.0.0.1', () => s.write(typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : bytes));
    let got = Buffer.alloc(0);
    let done = false;
    const finish = (closed: boolean) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      s.destroy();
      const head = got.toString('latin1').split('\r\n\r\n')[0];
      const m = /^HTTP\/1\.1 (\d{3})/.exec(head);
      ok({ status: m ? Number(m[1]) : null, head, closed });
    };
    const timer = setTimeout(() => finish(false), ms);
    s.on('data', (d) => { got = Buffer.concat([got, d]); if (got.includes('\r\n\r\n')) finish(false); });
    s.on('error', () => finish(true));
    s.on('close', () => finish(true));
  });
}
const req = (line: string, headers: string[] = [`Host: 127.0.0.1:${port}`]) => `${line}\r\n${headers.join('\r\n')}\r\n\r\n`;
const upgradeHeaders = (extra: string[] = [], key = randomBytes(16).toString('base64')) => [
  `Host: 127.0.0.1:${port}`, `Origin: ${origin}`, 'Connection: Upgrade', 'Upgrade: websocket',
  `Sec-WebSocket-Key: ${key}`, 'Sec-WebSocket-Version: 13', ...extra,
];

function openWs(path: string): Promise<WebSocket> {
  return new Promise((ok, fail) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}${path}`, { headers: { origin } });
    ws.once('open', () => ok(ws));
    ws.once('error', fail);
    ws.once('unexpected-response', (_r, res) => fail(new Error(`HTTP ${res.statusCode}`)));
  });
}
let nextId = 1;
function ask(ws: WebSocket, channel: string, payload: unknown): Promise<{ ok: boolean; result?: unknown; error?: { code: string } }> {
  const id = nextId++;
  return new Promise((ok) => {
    const onMsg = (data: WebSocket.RawData) => {
      const msg = JSON.parse(String(data));
      if (msg.id === id) { ws.off('message', onMsg); ok(msg.envelope); }
    };
    ws.on('message', onMsg);
    ws.send(JSON.stringify({ id, channel, payload }));
  });
}
/** The close code the host sends after `send` runs on a fresh bridge socket. */
function closeCodeAfter(send: (ws: WebSocket) => void): Promise<number> {
  return openWs(`/bridge?token=${token}`).then((ws) => new Promise<number>((ok) => {
    ws.on('error', () => undefined);
    ws.once('close', (code) => ok(code));
    send(ws);
  }));
}

async function stillServing(): Promise<void> {
  expect(child.exitCode, stderr).toBeNull();
  const page = await fetch(`${origin}/`);
  expect(page.status).toBe(200);
  expect(await page.text()).toContain('hostile-app');
  const ws = await openWs(`/bridge?token=${token}`);
  expect((await ask(ws, 'state.snapshot', {})).ok).toBe(true);
  ws.close();
  expect(stderr).not.toMatch(/Error|uncaught|unhandled/i);
}

describe('browser host under hostile requests', () => {
  it('answers malformed request lines, paths and queries with a 4xx', async () => {
    const cases: Array<[string, string | Buffer]> = [
      ['bad percent escape', req('GET /% HTTP/1.1')],
      ['truncated escape', req('GET /%E0%A4%A HTTP/1.1')],
      ['overlong UTF-8 escape', req('GET /%c0%af..%c0%afetc HTTP/1.1')],
      ['percent-encoded NUL', req('GET /index.html%00.png HTTP/1.1')],
      ['raw NUL in path', req('GET /a\x00b HTTP/1.1')],
      ['control char in path', req('GET /a\x01b HTTP/1.1')],
      ['absolute-form, broken', req('GET http://[ HTTP/1.1')],
      ['absolute-form, other authority', req('GET http://evil.example/ HTTP/1.1')],
      ['absolute-form, our authority', req(`GET http://127.0.0.1:${port}/ HTTP/1.1`)],
      ['asterisk-form', req('OPTIONS * HTTP/1.1')],
      ['authority-form CONNECT', req(`CONNECT 127.0.0.1:${port} HTTP/1.1`)],
      ['oversized path', req(`GET /${'a'.repeat(70_000)} HTTP/1.1`)],
      ['long path within limits', req(`GET /${'%41'.repeat(2_000)} HTTP/1.1`)],
      ['bad escape in query', req('GET /?token=%zz&x=%E0 HTTP/1.1')],
      ['unknown method', req('FROB / HTTP/1.1')],
      ['POST to the page', req('POST / HTTP/1.1', [`Host: 127.0.0.1:${port}`, 'Content-Length: 0'])],
      ['HTTP/0.9 style line', 'GET /\r\n\r\n'],
      ['TLS client hello', Buffer.from('160301020001000200030300000000000000', 'hex')],
    ];
    for (const [what, bytes] of cases) {
      const r = await raw(bytes);
      expect(r.status, `${what}: ${r.head}`).toBeGreaterThanOrEqual(400);
      expect(r.status, `${what}: ${r.head}`).toBeLessThan(500);
    }
    await stillServing();
  });

  it('answers malformed, missing and duplicate headers with a 4xx', async () => {
    const host = `Host: 127.0.0.1:${port}`;
    const cases: Array<[string, string]> = [
      ['no Host', req('GET / HTTP/1.1', ['Accept: */*'])],
      ['two Host headers, ours first', req('GET / HTTP/1.1', [host, 'Host: evil.example'])],
      ['two Host headers, ours second', req('GET / HTTP/1.1', ['Host: evil.example', host])],
      ['Host with a path', req('GET / HTTP/1.1', [`Host: 127.0.0.1:${port}/x`])],
      ['NUL in a header value', req('GET / HTTP/1.1', [host, 'X-A: a\x00b'])],
      ['header line without a colon', req('GET / HTTP/1.1', [host, 'Garbage header line'])],
      ['space before the colon', req('GET / HTTP/1.1', [host, 'X-A : b'])],
      ['obs-fold continuation', req('GET / HTTP/1.1', [host, 'X-A: a', ' folded'])],
      ['huge header', req('GET / HTTP/1.1', [host, `X-A: ${'b'.repeat(70_000)}`])],
      ['thousands of headers', req('GET / HTTP/1.1', [host, ...Array.from({ length: 3000 }, (_, i) => `X-${i}: v`)])],
      ['two different Content-Lengths', req('PUT /transfer/abc HTTP/1.1', [host, 'Content-Length: 1', 'Content-Length: 2'])],
      ['non-numeric Content-Length', req('PUT /transfer/abc HTTP/1.1', [host, 'Content-Length: abc'])],
      ['Content-Length and chunked', req('PUT /transfer/abc HTTP/1.1', [host, 'Content-Length: 3', 'Transfer-Encoding: chunked'])],
      ['bad chunked body', `PUT /transfer/abc?token=${'0'.repeat(48)} HTTP/1.1\r\n${host}\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n`],
    ];
    for (const [what, bytes] of cases) {
      const r = await raw(bytes);
      expect(r.status, `${what}: ${r.head}`).toBeGreaterThanOrEqual(400);
      expect(r.status, `${what}: ${r.head}`).toBeLessThan(500);
    }
    await stillServing();
  });

  it('answers malformed /transfer requests with a 4xx', async () => {
    const o = `Origin: ${origin}`;
    const host = `Host: 127.0.0.1:${port}`;
    const cases: Array<[string, string, number]> = [
      ['bad escape in the id', req(`GET /transfer/%?token=${token} HTTP/1.1`, [host, o]), 400],
      ['escaped NUL in the id', req(`GET /transfer/a%00b?token=${token} HTTP/1.1`, [host, o]), 400],
      ['id with a slash', req(`GET /transfer/a/../b?token=${token} HTTP/1.1`, [host, o]), 403],
      ['oversized id', req(`GET /transfer/${'a'.repeat(200)}?token=${token} HTTP/1.1`, [host, o]), 403],
      ['bad escape in the token', req(`GET /transfer/abc?token=%E0%A4 HTTP/1.1`, [host, o]), 400],
      ['two tokens', req(`GET /transfer/abc?token=${token}&token=x HTTP/1.1`, [host, o]), 404],
      ['unknown transfer', req(`GET /transfer/abc?token=${token} HTTP/1.1`, [host, o]), 404],
      ['PUT without a length', req(`PUT /transfer/abc?token=${token} HTTP/1.1`, [host, o]), 411],
      ['PUT to an unknown transfer', `PUT /transfer/abc?token=${token} HTTP/1.1\r\n${host}\r\n${o}\r\nContent-Length: 4\r\n\r\nabcd`, 404],
      ['chunked PUT', `PUT /transfer/abc?token=${token} HTTP/1.1\r\n${host}\r\n${o}\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nabcd\r\n0\r\n\r\n`, 411],
      ['DELETE', req(`DELETE /transfer/abc?token=${token} HTTP/1.1`, [host, o]), 405],
      ['cross-site GET', req(`GET /transfer/abc?token=${token} HTTP/1.1`, [host, 'Sec-Fetch-Site: cross-site']), 403],
    ];
    for (const [what, bytes, status] of cases) {
      const r = await raw(bytes);
      expect(r.status, `${what}: ${r.head}`).toBe(status);
    }
    await stillServing();
  });

  it('answers malformed upgrade requests to /bridge and /console with a 4xx', async () => {
    const u = (path: string, extra: string[] = []) => req(`GET ${path} HTTP/1.1`, upgradeHeaders(extra));
    const without = (name: string, path: string) => req(`GET ${path} HTTP/1.1`, upgradeHeaders().filter((h) => !h.startsWith(name)));
    const ok = `/bridge?token=${token}`;
    const cases: Array<[string, string, number]> = [
      ['no token', u('/bridge'), 403],
      ['bad token', u(`/bridge?token=${'0'.repeat(48)}`), 403],
      ['token with a bad escape', u('/bridge?token=%'), 400],
      ['bad escape in the path', u(`/%?token=${token}`), 400],
      ['absolute-form, broken', req('GET http://[ HTTP/1.1', upgradeHeaders()), 400],
      ['absolute-form bridge', u(`http://127.0.0.1:${port}${ok}`), 400],
      ['unknown path', u(`/other?token=${token}`), 404],
      ['missing Sec-WebSocket-Key', without('Sec-WebSocket-Key', ok), 400],
      ['malformed Sec-WebSocket-Key', req(`GET ${ok} HTTP/1.1`, upgradeHeaders([], 'not a key')), 400],
      ['wrong version', req(`GET ${ok} HTTP/1.1`, upgradeHeaders().map((h) => h.startsWith('Sec-WebSocket-Version') ? 'Sec-WebSocket-Version: 7' : h)), 400],
      ['version not a number', req(`GET ${ok} HTTP/1.1`, upgradeHeaders().map((h) => h.startsWith('Sec-WebSocket-Version') ? 'Sec-WebSocket-Version: x' : h)), 400],
      ['Upgrade: not websocket', req(`GET ${ok} HTTP/1.1`, upgradeHeaders().map((h) => h.startsWith('Upgrade:') ? 'Upgrade: h2c' : h)), 400],
      ['POST upgrade', req(`POST ${ok} HTTP/1.1`, [...upgradeHeaders(), 'Content-Length: 0']), 405],
      ['bad subprotocol list', u(ok, ['Sec-WebSocket-Protocol: a,,b']), 400],
      ['foreign Host', req(`GET ${ok} HTTP/1.1`, upgradeHeaders().map((h) => h.startsWith('Host:') ? 'Host: evil.example' : h)), 421],
      ['two Host headers', u(ok, ['Host: evil.example']), 400],
      ['no Origin', without('Origin', ok), 403],
      ['console, no stream', u(`/console?token=${token}`), 404],
      ['console, bad stream escape', u(`/console?token=${token}&stream=%zz`), 400],
      ['console, bad token', u(`/console?token=x&stream=abc`), 403],
      ['console, missing key', without('Sec-WebSocket-Key', `/console?token=${token}&stream=abc`), 400],
    ];
    for (const [what, bytes, status] of cases) {
      const r = await raw(bytes);
      expect(r.status, `${what}: ${r.head}`).toBe(status);
    }
    await stillServing();
  });

  it('closes a bridge socket that sends garbage after the handshake, and goes on', async () => {
    const handshake = req(`GET /bridge?token=${token} HTTP/1.1`, upgradeHeaders());
    // Garbage in the same packet as the handshake, and a frame a client must never send (unmasked).
    for (const tail of [randomBytes(64), Buffer.from([0x81, 0x05, 0x68, 0x65, 0x6c, 0x6c, 0x6f]), Buffer.from([0xff, 0xff, 0xff, 0xff])]) {
      const r = await raw(Buffer.concat([Buffer.from(handshake, 'latin1'), tail]));
      expect(r.status === 101 || r.closed).toBe(true);
    }
    await stillServing();
  });

  it('closes a bridge socket that sends non-JSON, non-objects, bad ids or huge messages', async () => {
    expect(await closeCodeAfter((ws) => ws.send('not json'))).toBe(1003);
    for (const text of ['null', '42', '"text"', '[]', '{"id":"1"}', '{"id":1e999}', '{"id":1.5}']) {
      const code = await closeCodeAfter((ws) => ws.send(text));
      expect(code, text).toBe(1003);
    }
    expect(await closeCodeAfter((ws) => ws.send(randomBytes(1000), { binary: true }))).toBe(1003);
    expect(await closeCodeAfter((ws) => ws.send(Buffer.alloc(5 * 1024 * 1024, 0x20)))).toBe(1009);
    // A message that parses but names nothing real is answered, not fatal.
    const ws = await openWs(`/bridge?token=${token}`);
    expect(await ask(ws, '__proto__', { constructor: { prototype: { polluted: 1 } } })).toMatchObject({ ok: false, error: { code: 'IPC_INVALID_REQUEST' } });
    expect(await ask(ws, 'state.snapshot', '\u0000'.repeat(100))).toMatchObject({ ok: false });
    expect(await ask(ws, { toString: 1 } as unknown as string, {})).toMatchObject({ ok: false, error: { code: 'IPC_INVALID_REQUEST' } });
    ws.close();
    await stillServing();
  });

  it('keeps a console stream usable after malformed upgrades to it, and closes it on text frames', async () => {
    const ws = await openWs(`/bridge?token=${token}`);
    const demo = await ask(ws, 'servers.demo', {});
    expect(demo.ok).toBe(true);
    const connectionId = (demo.result as { connectionId: string }).connectionId;
    const consoleRef = await until(async () => {
      const snap = (await ask(ws, 'state.snapshot', {})).result as { deltas: Array<{ connectionId: string; changes: Array<{ cls: string; ref: string; record?: Record<string, unknown> }> }> };
      const changes = snap.deltas.filter((d) => d.connectionId === connectionId).flatMap((d) => d.changes);
      const running = new Set(changes.filter((c) => c.cls === 'vm' && c.record?.power_state === 'Running').map((c) => c.ref));
      return changes.find((c) => c.cls === 'console' && c.record?.protocol === 'rfb' && running.has(String(c.record.VM)))?.ref;
    }, 'a running VM console', 20_000);
    const opened = await ask(ws, 'console.open', { connectionId, consoleRef });
    expect(opened.ok).toBe(true);
    const stream = (opened.result as { streamId: string }).streamId;
    const path = `/console?token=${token}&stream=${stream}`;
    for (const bad of [
      req(`GET ${path} HTTP/1.1`, upgradeHeaders().filter((h) => !h.startsWith('Sec-WebSocket-Key'))),
      req(`GET ${path} HTTP/1.1`, upgradeHeaders().map((h) => h.startsWith('Sec-WebSocket-Version') ? 'Sec-WebSocket-Version: 99' : h)),
    ]) expect((await raw(bad)).status).toBe(400);
    // The stream was not consumed by the refusals: it attaches now, and a text frame closes it.
    const con = await openWs(path);
    const closed = new Promise<number>((r) => con.once('close', (code) => r(code)));
    con.send('text is not RFB');
    expect(await closed).toBe(1003);
    ws.close();
    await stillServing();
  });
});
