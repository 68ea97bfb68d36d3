// The console CONNECT tunnel against a scripted TCP server: the exact request bytes, the RFB bytes
// that share a packet with the reply head, each refusal as its code and words, oversized heads,
// servers that hang up; and the stream registry / MessagePort bridge that sit on top of it.
import net from 'node:net';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openConsoleTunnel, parseConsoleLocation, CONSOLE_ERRORS } from '../../electron/core/xapi/console-tunnel';
import { ConsoleStreams } from '../../electron/core/features/console/streams';
import { bridgeConsolePort, consoleWindowHash, portMessageBytes, type PortLike } from '../../electron/core/features/console/port-bridge';
import { XapiError } from '../../electron/core/xapi/errors';

const servers: net.Server[] = [];
const sockets = new Set<net.Socket>();
afterEach(async () => {
  for (const s of sockets) s.destroy();
  sockets.clear();
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

/** A server that records the request head and then runs `script` on the socket. */
async function scripted(script: (s: net.Socket, request: string) => void): Promise<{ port: number; requests: string[] }> {
  const requests: string[] = [];
  const srv = net.createServer((sock) => {
    sockets.add(sock);
    let buf = '';
    const onData = (d: Buffer) => {
      buf += d.toString('latin1');
      const end = buf.indexOf('\r\n\r\n');
      if (end < 0) return;
      sock.off('data', onData);
      const req = buf.slice(0, end + 4);
      requests.push(req);
      script(sock, req);
    };
    sock.on('data', onData);
    sock.on('error', () => undefined);
  });
  servers.push(srv);
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  return { port: (srv.address() as net.AddressInfo).port, requests };
}

const loc = (port: number) => `http://127.0.0.1:${port}/console?uuid=abc-123`;
const SESSION = 'OpaqueRef:secret-session';

async function readN(s: net.Socket, n: number): Promise<Buffer> {
  let buf = Buffer.alloc(0);
  return new Promise((resolve, reject) => {
    const onData = (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      if (buf.length >= n) { s.off('data', onData); resolve(buf); }
    };
    s.on('data', onData);
    s.once('close', () => reject(new Error(`closed after ${buf.length} bytes`)));
    s.resume();
  });
}

async function refusal(status: string): Promise<XapiError> {
  const { port } = await scripted((s) => s.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`));
  const e = await openConsoleTunnel({ location: loc(port), sessionRef: SESSION }).then(() => null, (x: unknown) => x);
  expect(e).toBeInstanceOf(XapiError);
  expect((e as XapiError).message).not.toContain(SESSION);
  return e as XapiError;
}

describe('console tunnel (CONNECT)', () => {
  it('sends exactly the CONNECT request with Host and the session cookie', async () => {
    const { port, requests } = await scripted((s) => s.write('HTTP/1.1 200 OK\r\n\r\n'));
    const sock = await openConsoleTunnel({ location: loc(port), sessionRef: SESSION });
    expect(requests[0]).toBe(`CONNECT /console?uuid=abc-123 HTTP/1.0\r\nHost: 127.0.0.1:${port}\r\nCookie: session_id=${SESSION}\r\n\r\n`);
    sock.destroy();
  });

  it('keeps the RFB bytes that arrive in the same packet as the reply head', async () => {
    const { port } = await scripted((s) => {
      s.write('HTTP/1.1 200 OK\r\nConnection: keep-alive\r\nCache-Control: no-cache, no-store\r\n\r\nRFB 003.008\n');
      setTimeout(() => s.write(Buffer.from([1, 1])), 20);
    });
    const sock = await openConsoleTunnel({ location: loc(port), sessionRef: SESSION });
    expect(sock.isPaused()).toBe(true);
    const got = await readN(sock, 14);
    expect(got.subarray(0, 12).toString('latin1')).toBe('RFB 003.008\n');
    expect([...got.subarray(12)]).toEqual([1, 1]);
    sock.destroy();
  });

  it('reads a reply head split over several packets', async () => {
    const { port } = await scripted((s) => {
      s.write('HTTP/1.1 20');
      setTimeout(() => s.write('0 OK\r\nX: y\r'), 10);
      setTimeout(() => s.write('\n\r\nRFB 003.008\n'), 20);
    });
    const sock = await openConsoleTunnel({ location: loc(port), sessionRef: SESSION });
    expect((await readN(sock, 12)).toString('latin1')).toBe('RFB 003.008\n');
    sock.destroy();
  });

  it('turns 404, 503, 401, 403 and 500 into console errors with words', async () => {
    expect(await refusal('404 Not Found')).toMatchObject({ code: 'CONSOLE_NOT_FOUND', params: ['404'], message: CONSOLE_ERRORS.CONSOLE_NOT_FOUND, status: 404 });
    expect(await refusal('503 Service Unavailable')).toMatchObject({ code: 'CONSOLE_SESSION_LIMIT', message: CONSOLE_ERRORS.CONSOLE_SESSION_LIMIT });
    expect(await refusal('401 Unauthorized')).toMatchObject({ code: 'CONSOLE_NOT_AUTHORISED', status: 401 });
    expect(await refusal('403 Forbidden')).toMatchObject({ code: 'CONSOLE_NOT_AUTHORISED', status: 403 });
    const e = await refusal('500 Internal Server Error');
    expect(e).toMatchObject({ code: 'CONSOLE_CONNECT_FAILED', params: ['500'], status: 500 });
    expect(e.message).toMatch(/HTTP 500 Internal Server Error/);
  });

  it('refuses an oversized reply head and a reply that is not HTTP', async () => {
    const big = await scripted((s) => s.write(`HTTP/1.1 200 OK\r\nX-Pad: ${'a'.repeat(40_000)}`));
    await expect(openConsoleTunnel({ location: loc(big.port), sessionRef: SESSION })).rejects.toMatchObject({ code: 'CONSOLE_CONNECT_FAILED', message: expect.stringMatching(/larger than 16384/) });
    const odd = await scripted((s) => s.write('SSH-2.0-OpenSSH\r\n\r\n'));
    await expect(openConsoleTunnel({ location: loc(odd.port), sessionRef: SESSION })).rejects.toMatchObject({ code: 'CONSOLE_CONNECT_FAILED' });
  });

  it('reports a server that closes before answering, a refused port and a silent server', async () => {
    const early = await scripted((s) => s.end());
    await expect(openConsoleTunnel({ location: loc(early.port), sessionRef: SESSION })).rejects.toMatchObject({ code: 'CONNECTION_FAILED' });
    const half = await scripted((s) => s.end('HTTP/1.1 200 OK\r\n'));
    await expect(openConsoleTunnel({ location: loc(half.port), sessionRef: SESSION })).rejects.toMatchObject({ code: 'CONNECTION_FAILED' });
    const closed = await scripted(() => undefined);
    const p = closed.port;
    await new Promise((r) => { servers.pop()!.close(r); });
    await expect(openConsoleTunnel({ location: loc(p), sessionRef: SESSION })).rejects.toMatchObject({ code: 'CONNECTION_FAILED', params: [`127.0.0.1:${p}`, 'ECONNREFUSED'] });
    const silent = await scripted(() => undefined);
    await expect(openConsoleTunnel({ location: loc(silent.port), sessionRef: SESSION, timeoutMs: 150 })).rejects.toMatchObject({ code: 'CONNECTION_TIMEOUT' });
  });

  it('parses locations: default ports, IPv6, and refuses other schemes', () => {
    expect(parseConsoleLocation('https://h.example/console?uuid=1')).toMatchObject({ secure: true, host: 'h.example', port: 443, hostHeader: 'h.example', target: '/console?uuid=1' });
    expect(parseConsoleLocation('http://h.example/console?ref=OpaqueRef:1')).toMatchObject({ secure: false, port: 80, target: '/console?ref=OpaqueRef:1' });
    expect(parseConsoleLocation('https://[::1]:8443/console?uuid=1')).toMatchObject({ host: '::1', port: 8443, hostHeader: '[::1]:8443' });
    expect(() => parseConsoleLocation('vnc://h:5900')).toThrow(/not an http/);
    expect(() => parseConsoleLocation('nonsense')).toThrow(/not a URL/);
  });
});

describe('console streams', () => {
  const sink = () => ({ got: [] as Buffer[], closed: [] as (string | undefined)[], send(b: Uint8Array) { this.got.push(Buffer.from(b)); }, close(r?: string) { this.closed.push(r); } });

  it('buffers until a sink attaches, allows one attachment, and closes both ways', () => {
    const streams = new ConsoleStreams();
    const sock = new PassThrough();
    const id = streams.add('c1', sock);
    expect(id).toMatch(/^[0-9a-f]{32}$/);
    sock.push(Buffer.from('early'));
    const s = sink();
    return new Promise<void>((done) => setImmediate(() => {
      const h = streams.attach(id, s)!;
      expect(h).toBeDefined();
      expect(streams.attach(id, sink())).toBeUndefined();
      expect(streams.attach('nope', sink())).toBeUndefined();
      expect(Buffer.concat(s.got).toString()).toBe('early');
      const written: string[] = [];
      sock.on('data', () => undefined);
      const origWrite = sock.write.bind(sock);
      sock.write = ((b: Buffer) => { written.push(b.toString()); return origWrite(b); }) as typeof sock.write;
      h.write(new TextEncoder().encode('key'));
      expect(written).toEqual(['key']);
      streams.closeConnection('other');
      expect(streams.size).toBe(1);
      streams.closeConnection('c1', 'gone');
      expect(s.closed).toEqual(['gone']);
      expect(sock.destroyed).toBe(true);
      expect(streams.size).toBe(0);
      done();
    }));
  });

  it('closes a stream nobody attached to, and one that buffers too much', async () => {
    vi.useFakeTimers();
    try {
      const streams = new ConsoleStreams({ attachTimeoutMs: 1000, maxPendingBytes: 10 });
      const a = new PassThrough();
      const idA = streams.add('c', a);
      vi.advanceTimersByTime(1001);
      expect(streams.has(idA)).toBe(false);
      expect(a.destroyed).toBe(true);
      const b = new PassThrough();
      const idB = streams.add('c', b);
      b.emit('data', Buffer.alloc(11));
      expect(streams.has(idB)).toBe(false);
    } finally {
      vi.useRealTimers();
    }
  });

  it('pauses the tunnel while the sink is behind, and resumes when it drains', async () => {
    const streams = new ConsoleStreams({ highWaterBytes: 100 });
    const sock = new PassThrough();
    const id = streams.add('c', sock);
    let buffered = 0;
    let resume: (() => void) | undefined;
    let lowSeen = 0;
    streams.attach(id, { send: (b) => { buffered += b.byteLength; }, close: () => undefined, bufferedAmount: () => buffered, whenDrained: (low, r) => { lowSeen = low; resume = r; } });
    sock.push(Buffer.alloc(50));
    await new Promise((r) => setImmediate(r));
    expect(sock.isPaused()).toBe(false);
    sock.push(Buffer.alloc(80));
    await new Promise((r) => setImmediate(r));
    expect(sock.isPaused()).toBe(true);
    expect(lowSeen).toBe(25);
    buffered = 0;
    resume!();
    expect(sock.isPaused()).toBe(false);
    streams.closeAll();
  });

  it('a viewer closing its side closes the tunnel without calling the sink back', () => {
    const streams = new ConsoleStreams();
    const sock = new PassThrough();
    const id = streams.add('c', sock);
    const s = sink();
    streams.attach(id, s)!.close();
    expect(sock.destroyed).toBe(true);
    expect(s.closed).toEqual([]);
  });
});

describe('console MessagePort bridge (Electron side, without Electron)', () => {
  class FakePort implements PortLike {
    posted: unknown[] = [];
    closed = false;
    started = false;
    private handlers: Record<string, ((e: { data: unknown }) => void)[]> = {};
    postMessage(m: unknown) { this.posted.push(m); }
    on(event: string, l: (e: { data: unknown }) => void) { (this.handlers[event] ??= []).push(l); return this; }
    start() { this.started = true; }
    close() { this.closed = true; }
    emit(event: string, data?: unknown) { for (const l of this.handlers[event] ?? []) l({ data }); }
  }

  it('carries bytes both ways and closes with the stream', async () => {
    const streams = new ConsoleStreams();
    const sock = new PassThrough();
    const id = streams.add('c', sock);
    const port = new FakePort();
    expect(bridgeConsolePort((i, s) => streams.attach(i, s), id, port)).toBe(true);
    expect(port.started).toBe(true);
    sock.push(Buffer.from('RFB 003.008\n'));
    await new Promise((r) => setImmediate(r));
    expect(port.posted).toHaveLength(1);
    expect(port.posted[0]).toBeInstanceOf(Uint8Array);
    expect(Buffer.from(port.posted[0] as Uint8Array).toString()).toBe('RFB 003.008\n');
    const toServer: Buffer[] = [];
    const w = sock.write.bind(sock);
    sock.write = ((b: Buffer) => { toServer.push(Buffer.from(b)); return w(b); }) as typeof sock.write;
    port.emit('message', new Uint8Array([1, 2]).buffer);
    port.emit('message', new Uint8Array([9, 3, 4, 9]).subarray(1, 3));
    port.emit('message', 'text is ignored');
    expect(toServer.map((b) => [...b])).toEqual([[1, 2], [3, 4]]);
    streams.close(id, 'server gone');
    expect(port.posted.at(-1)).toEqual({ type: 'close', message: 'server gone' });
    expect(port.closed).toBe(true);
  });

  it('the page closing its port closes the stream; an unknown stream closes the port', () => {
    const streams = new ConsoleStreams();
    const sock = new PassThrough();
    const id = streams.add('c', sock);
    const port = new FakePort();
    bridgeConsolePort((i, s) => streams.attach(i, s), id, port);
    port.emit('close');
    expect(sock.destroyed).toBe(true);
    const other = new FakePort();
    expect(bridgeConsolePort((i, s) => streams.attach(i, s), 'unknown', other)).toBe(false);
    expect(other.closed).toBe(true);
  });

  it('converts port messages and builds the undocked window hash', () => {
    expect(portMessageBytes(new ArrayBuffer(3))).toEqual(new Uint8Array(3));
    expect(portMessageBytes({})).toBeUndefined();
    expect(consoleWindowHash('5f1c-uuid', 'OpaqueRef:ab-12')).toBe('console/5f1c-uuid/OpaqueRef%3Aab-12');
  });
});
