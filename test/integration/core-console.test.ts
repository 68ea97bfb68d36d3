// Consoles end to end in the main process: AppCore console.open against the simulator's CONNECT
// consoles, a sink attached like the hosts do, the RFB handshake and framebuffer updates through
// the tunnel, typing reaching the VM screen, stale consoles, reboots closing the stream, and the
// same path proxied to a real VNC server (Xvnc) through the simulator's consoleVnc.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import net from 'node:net';
import { Duplex } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppCore } from '../../electron/core/app-core';
import { openConsoleTunnel } from '../../electron/core/xapi/console-tunnel';
import { startSimulator, type Simulator } from '../../simulator/index';
import { findXvnc, requiredInCi, xvncMissing } from '../support/required-in-ci';
import { ByteReader, handshake, readMessage, requestUpdate, setEncodings, typeText, type ServerInit } from '../../simulator/rfb/client';

/** Attaches to a stream like a host does and exposes it as a Duplex for the RFB test client. */
function attachDuplex(core: AppCore, streamId: string): { d: Duplex; closed: string[] } {
  const closed: string[] = [];
  const ref: { handle?: ReturnType<AppCore['attachConsoleStream']> } = {};
  const d = new Duplex({
    read() { /* pushed by the sink */ },
    write(chunk: Buffer, _enc, cb) { ref.handle?.write(chunk); cb(); },
    destroy(err, cb) { ref.handle?.close(); cb(err); },
  });
  const handle = ref.handle = core.attachConsoleStream(streamId, {
    send: (b) => { d.push(Buffer.from(b)); },
    close: (reason) => { closed.push(reason ?? ''); d.push(null); d.destroy(); },
  });
  if (!handle) throw new Error(`could not attach to ${streamId}`);
  return { d, closed };
}

async function ok<T>(p: Promise<{ ok: boolean; result?: unknown; error?: unknown }>): Promise<T> {
  const r = await p;
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.result as T;
}

async function firstUpdate(r: ByteReader, init: ServerInit, s: Duplex, timeoutMs = 5000): Promise<number> {
  setEncodings(s, [0]);
  requestUpdate(s, false, 0, 0, init.width, init.height);
  let m = await readMessage(r, init.pixelFormat, timeoutMs);
  while (m.type !== 'update') m = await readMessage(r, init.pixelFormat, timeoutMs);
  return m.rects.reduce((a, x) => a + x.w * x.h, 0);
}

async function connectCore(sim: Simulator, ca?: string): Promise<{ core: AppCore; id: string }> {
  const core = new AppCore({ flushIntervalMs: 10, consoleAttachTimeoutMs: 5000, ...(ca ? { clientOptions: { ca } } : {}) });
  const { connectionId } = await ok<{ connectionId: string }>(core.request('servers.add', { address: sim.url, user: 'root', password: 'xenroot' }));
  const deadline = Date.now() + 10_000;
  while (core.connection(connectionId)!.cache.getAll('console').size === 0) {
    if (Date.now() > deadline) throw new Error('the cache never filled');
    await new Promise((r) => setTimeout(r, 20));
  }
  return { core, id: connectionId };
}

describe('console streams through AppCore (simulator built-in RFB)', () => {
  let sim: Simulator;
  let core: AppCore;
  let id: string;
  const cache = () => core.connection(id)!.cache;
  const rfbConsoleOf = (vm: string): string | undefined => [...cache().getAll('console')].find(([, c]) => c.VM === vm && c.protocol === 'rfb')?.[0];
  const runningVms = (): string[] => [...cache().getAll('vm')].filter(([, v]) => !v.is_a_template && !v.is_control_domain && v.power_state === 'Running').map(([r]) => r);

  beforeAll(async () => {
    sim = await startSimulator({ hosts: 2, vms: 8, taskDurationMs: 50 });
    ({ core, id } = await connectCore(sim));
  });
  afterAll(async () => {
    await core?.dispose();
    await sim?.close();
  });

  it('opens a running VM console: handshake, a framebuffer update, and typed keys reach the screen', async () => {
    const vm = runningVms()[0];
    const consoleRef = rfbConsoleOf(vm)!;
    const t0 = performance.now();
    const { streamId } = await ok<{ streamId: string }>(core.request('console.open', { connectionId: id, consoleRef }));
    const openMs = performance.now() - t0;
    expect(streamId).toMatch(/^[0-9a-f]{32}$/);
    const { d } = attachDuplex(core, streamId);
    const r = new ByteReader(d);
    const init = await handshake(r);
    expect(init).toMatchObject({ version: 'RFB 003.008\n', securityResult: 0, width: 800, height: 600 });
    expect(await firstUpdate(r, init, d)).toBe(800 * 600);
    typeText(d, 'hello tunnel\n');
    await expect.poll(() => sim.consoleText(vm), { timeout: 5000 }).toContain('hello tunnel');
    expect(openMs).toBeLessThan(2000);
    // A second attachment to the same stream is refused.
    expect(core.attachConsoleStream(streamId, { send: () => undefined, close: () => undefined })).toBeUndefined();
    await ok(core.request('console.close', { streamId }));
    expect(await r.waitEnd(2000)).toBe(true);
    expect(core.consoleStreamCount).toBe(0);
  });

  it('refuses consoles that are not rfb, unknown connections and unknown consoles', async () => {
    const vt = [...cache().getAll('console')].find(([, c]) => c.protocol === 'vt100')?.[0];
    if (vt) {
      expect(await core.request('console.open', { connectionId: id, consoleRef: vt })).toMatchObject({ ok: false, error: { code: 'CONSOLE_PROTOCOL_UNSUPPORTED' } });
    }
    expect(await core.request('console.open', { connectionId: 'nope', consoleRef: 'OpaqueRef:x' })).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CONNECTION' } });
    expect(await core.request('console.open', { connectionId: id, consoleRef: 'OpaqueRef:missing' })).toMatchObject({ ok: false, error: { code: 'CONSOLE_NOT_FOUND' } });
    expect(await core.request('console.open', { connectionId: id, consoleRef: 'not-a-ref' })).toMatchObject({ ok: false, error: { code: 'IPC_INVALID_REQUEST' } });
    expect(await core.request('console.undock', { connectionId: id, ref: runningVms()[0] })).toEqual({ ok: true, result: { undocked: false } });
  });

  it('a halted VM\'s stale console: console.open fails with CONSOLE_NOT_FOUND, and so does the old location', async () => {
    const vm = runningVms()[1];
    const consoleRef = rfbConsoleOf(vm)!;
    const location = String(cache().get('console', consoleRef)!.location);
    await ok(core.request('xapi.call', { connectionId: id, method: 'VM.hard_shutdown', args: [vm] }));
    await expect.poll(() => cache().get('vm', vm)?.power_state, { timeout: 5000 }).toBe('Halted');
    const r = await core.request('console.open', { connectionId: id, consoleRef });
    expect(r).toMatchObject({ ok: false, error: { code: 'CONSOLE_NOT_FOUND', message: 'The console is not available: the VM is not running or the console no longer exists.' } });
    // The server's own answer for the old location (the cache check aside): 404 -> CONSOLE_NOT_FOUND.
    await expect(core.connection(id)!.openConsoleTunnel(location)).rejects.toMatchObject({ code: 'CONSOLE_NOT_FOUND', status: 404 });
  });

  it('a reboot closes the stream (the sink is told) and the new console opens', async () => {
    const vm = runningVms()[2];
    const before = rfbConsoleOf(vm)!;
    const { streamId } = await ok<{ streamId: string }>(core.request('console.open', { connectionId: id, consoleRef: before }));
    const { d, closed } = attachDuplex(core, streamId);
    const r = new ByteReader(d);
    await handshake(r);
    await ok(core.request('xapi.call', { connectionId: id, method: 'VM.hard_reboot', args: [vm] }));
    await expect.poll(() => closed.length, { timeout: 5000 }).toBe(1);
    expect(closed[0]).toMatch(/closed/);
    await expect.poll(() => { const c = rfbConsoleOf(vm); return c !== undefined && c !== before; }, { timeout: 5000 }).toBe(true);
    const after = rfbConsoleOf(vm)!;
    const again = await ok<{ streamId: string }>(core.request('console.open', { connectionId: id, consoleRef: after }));
    const s2 = attachDuplex(core, again.streamId);
    const r2 = new ByteReader(s2.d);
    const init = await handshake(r2);
    expect(await firstUpdate(r2, init, s2.d)).toBe(800 * 600);
    s2.d.destroy();
    await expect.poll(() => core.consoleStreamCount).toBe(0);
  });

  it('an expired session (401 on CONNECT) logs in again and opens the console', async () => {
    for (const ref of sim.records('session').keys()) {
      await fetch(`${sim.url}/jsonrpc`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', method: 'session.logout', params: [ref], id: 1 }) });
    }
    expect(sim.records('session').size).toBe(0);
    const vm = runningVms()[0];
    const { streamId } = await ok<{ streamId: string }>(core.request('console.open', { connectionId: id, consoleRef: rfbConsoleOf(vm)! }));
    const { d } = attachDuplex(core, streamId);
    expect((await handshake(new ByteReader(d))).width).toBe(800);
    expect(sim.records('session').size).toBeGreaterThan(0);
    d.destroy();
  });

  it('disconnecting the server closes its console streams', async () => {
    const vm = runningVms()[0];
    const { streamId } = await ok<{ streamId: string }>(core.request('console.open', { connectionId: id, consoleRef: rfbConsoleOf(vm)! }));
    const { closed } = attachDuplex(core, streamId);
    await ok(core.request('servers.disconnect', { connectionId: id }));
    expect(closed).toHaveLength(1);
    expect(core.consoleStreamCount).toBe(0);
  });
});

describe('console streams over TLS (https console locations)', () => {
  let sim: Simulator;
  let core: AppCore;
  let id: string;
  beforeAll(async () => {
    sim = await startSimulator({ hosts: 1, vms: 4, tls: true });
    ({ core, id } = await connectCore(sim, sim.certificatePem));
  });
  afterAll(async () => {
    await core?.dispose();
    await sim?.close();
  });

  it('verifies the certificate with the connection\'s CA and carries RFB', async () => {
    const [consoleRef, rec] = [...core.connection(id)!.cache.getAll('console')].find(([, c]) => c.protocol === 'rfb')!;
    expect(String(rec.location)).toMatch(/^https:/);
    const { streamId } = await ok<{ streamId: string }>(core.request('console.open', { connectionId: id, consoleRef }));
    const { d } = attachDuplex(core, streamId);
    const r = new ByteReader(d);
    const init = await handshake(r);
    expect(await firstUpdate(r, init, d)).toBe(init.width * init.height);
    d.destroy();
    // Without the CA the same location is refused (verification is never switched off).
    await expect(openConsoleTunnel({ location: String(rec.location), sessionRef: 'OpaqueRef:x' })).rejects.toMatchObject({ code: 'CERTIFICATE_UNTRUSTED' });
  });
});

const xvnc = findXvnc();
const hasXvnc = requiredInCi({ present: !!xvnc, missing: xvncMissing, skipping: 'the console tunnel to a real VNC server' });

describe.skipIf(!hasXvnc)('console streams through AppCore to a real VNC server (consoleVnc + Xvnc)', () => {
  let proc: ChildProcess | undefined;
  let sim: Simulator;
  let core: AppCore;
  let id: string;

  beforeAll(async () => {
    const rfbPort = await new Promise<number>((resolve) => { const srv = net.createServer(); srv.listen(0, '127.0.0.1', () => { const p = (srv.address() as net.AddressInfo).port; srv.close(() => resolve(p)); }); });
    let display = 40 + Math.floor(Math.random() * 400);
    while (existsSync(`/tmp/.X${display}-lock`) || existsSync(`/tmp/.X11-unix/X${display}`)) display++;
    proc = spawn(xvnc, [`:${display}`, '-SecurityTypes', 'None', '-localhost', '-rfbport', String(rfbPort), '-geometry', '640x480', '-depth', '24'], { stdio: 'ignore' });
    const deadline = Date.now() + 10_000;
    for (;;) {
      const up = await new Promise<boolean>((resolve) => { const s = net.connect(rfbPort, '127.0.0.1', () => { s.destroy(); resolve(true); }); s.on('error', () => resolve(false)); });
      if (up) break;
      if (Date.now() > deadline || proc.exitCode !== null) throw new Error('Xvnc did not start');
      await new Promise((r) => setTimeout(r, 100));
    }
    sim = await startSimulator({ hosts: 1, vms: 4, consoleVnc: `127.0.0.1:${rfbPort}` });
    ({ core, id } = await connectCore(sim));
  });
  afterAll(async () => {
    await core?.dispose();
    await sim?.close();
    if (proc && proc.exitCode === null) {
      const exited = new Promise((r) => proc!.once('exit', r));
      proc.kill('SIGTERM');
      await exited;
    }
  });

  it('RFB handshake and a framebuffer update arrive through the whole tunnel', async () => {
    const consoleRef = [...core.connection(id)!.cache.getAll('console')].find(([, c]) => c.protocol === 'rfb')![0];
    const { streamId } = await ok<{ streamId: string }>(core.request('console.open', { connectionId: id, consoleRef }));
    const { d } = attachDuplex(core, streamId);
    const r = new ByteReader(d);
    const init = await handshake(r);
    expect(init).toMatchObject({ securityResult: 0, width: 640, height: 480 });
    expect(init.version).toMatch(/^RFB 003\.00[38]\n$/);
    expect(await firstUpdate(r, init, d, 10_000)).toBeGreaterThan(0);
    d.destroy();
  });
});
