import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import net from 'node:net';
import tls from 'node:tls';
import type { Duplex } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../simulator/index';
import { findXvnc, requiredInCi, xvncMissing } from '../support/required-in-ci';
import { ByteReader, handshake, readHttpHead, readMessage, requestUpdate, setEncodings, typeText } from '../../simulator/rfb/client';

type Rec = Record<string, unknown>;
async function rpc<T = unknown>(url: string, method: string, params: unknown[]): Promise<T> {
  const res = await fetch(`${url}/jsonrpc`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', method, params, id: 1 }) });
  const j = (await res.json()) as { result?: T; error?: unknown };
  if (j.error) throw new Error(JSON.stringify(j.error));
  return j.result as T;
}

/** Opens a connection to a console location and sends CONNECT; returns the reply status and the reader. */
async function connectConsole(location: string, session: string | null, opts: { query?: boolean; open?: Duplex[] } = {}): Promise<{ status: number; head: string; r: ByteReader; s: Duplex }> {
  const u = new URL(location);
  const s: Duplex = u.protocol === 'https:'
    ? tls.connect({ host: u.hostname, port: Number(u.port), rejectUnauthorized: false })
    : net.connect(Number(u.port), u.hostname);
  opts.open?.push(s);
  await new Promise((resolve, reject) => { s.once(u.protocol === 'https:' ? 'secureConnect' : 'connect', resolve); s.once('error', reject); });
  const r = new ByteReader(s);
  const target = `${u.pathname}${u.search}${opts.query && session ? `&session_id=${encodeURIComponent(session)}` : ''}`;
  s.write(`CONNECT ${target} HTTP/1.0\r\nHost: ${u.host}\r\n${session && !opts.query ? `Cookie: session_id=${session}\r\n` : ''}\r\n`);
  const { status, head } = await readHttpHead(r);
  return { status, head, r, s };
}

describe('simulator consoles over HTTP CONNECT', () => {
  let sim: Simulator;
  let session: string;
  const open: Duplex[] = [];
  const call = <T = unknown>(m: string, ...p: unknown[]) => rpc<T>(sim.url, m, [session, ...p]);
  const rfbConsoleOf = async (vm: string) => {
    for (const c of await call<string[]>('VM.get_consoles', vm)) {
      const rec = await call<Rec>('console.get_record', c);
      if (rec.protocol === 'rfb') return { ref: c, ...rec } as Rec & { ref: string };
    }
    throw new Error(`no rfb console for ${vm}`);
  };
  const runningVm = (skip: string[] = []) => [...sim.records('VM')].find(([ref, v]) => !v.is_a_template && !v.is_control_domain && v.power_state === 'Running' && !skip.includes(ref))!;

  beforeAll(async () => {
    sim = await startSimulator({ taskDurationMs: 200, memberListeners: true, hosts: 3, vms: 12 });
    session = await rpc<string>(sim.url, 'session.login_with_password', ['root', 'xenroot', '2.21', 'console-test']);
  });
  afterAll(async () => { for (const s of open) s.destroy(); await sim.close(); });

  it('publishes reachable locations and serves the VM screen over CONNECT with the session cookie', async () => {
    const [vm, rec] = runningVm();
    const con = await rfbConsoleOf(vm);
    const host = sim.records('host').get(String(rec.resident_on))!;
    expect(con.location).toBe(`http://${String(host.address)}:${sim.port}/console?uuid=${String(con.uuid)}`);
    const { status, head, r, s } = await connectConsole(String(con.location), session, { open });
    expect(head.startsWith('HTTP/1.1 200 OK\r\n')).toBe(true);
    expect(status).toBe(200);
    const init = await handshake(r);
    expect(init).toMatchObject({ version: 'RFB 003.008\n', securityTypes: [1], securityResult: 0, width: 800, height: 600, name: rec.name_label });
    setEncodings(s, [0]);
    requestUpdate(s, false, 0, 0, 800, 600);
    const m = await readMessage(r, init.pixelFormat);
    expect(m.type === 'update' && m.rects[0].w * m.rects[0].h).toBe(800 * 600);
    typeText(s, 'ls -l\n');
    await expect.poll(() => sim.consoleText(vm)).toBe('ls -l\n');
    s.destroy();
  });

  it('accepts ?ref= and a session_id query parameter; every control domain has an rfb console', async () => {
    for (const [hostRef, h] of sim.records('host')) {
      const dom0 = String(h.control_domain);
      const con = await rfbConsoleOf(dom0);
      expect(String(con.location)).toMatch(new RegExp(`^http://${String(h.address).replace(/\./g, '\\.')}:${sim.port}/console\\?uuid=`));
      const byRef = `http://${String(h.address)}:${sim.port}/console?ref=${con.ref}`;
      const { status, r, s } = await connectConsole(byRef, session, { query: true, open });
      expect(status, hostRef).toBe(200);
      expect((await handshake(r)).name).toBe(sim.records('VM').get(dom0)!.name_label);
      s.destroy();
    }
  });

  it('answers 401 without or with a bad session and 404 for unknown consoles and halted VMs', async () => {
    const [vm] = runningVm();
    const con = await rfbConsoleOf(vm);
    const loc = String(con.location);
    const none = await connectConsole(loc, null, { open });
    expect(none.status).toBe(401);
    expect(await none.r.waitEnd()).toBe(true);
    expect((await connectConsole(loc, 'OpaqueRef:bogus', { open })).status).toBe(401);
    expect((await connectConsole(loc.replace(/uuid=.*/, 'uuid=00000000-0000-0000-0000-000000000000'), session, { open })).status).toBe(404);
    expect((await connectConsole(loc.replace(/\/console\?/, '/nothing?'), session, { open })).status).toBe(404);
    // Shut a VM down: its console record goes, and the old location now answers 404.
    const [other] = runningVm([vm]);
    const otherCon = await rfbConsoleOf(other);
    await call('VM.hard_shutdown', other);
    expect(sim.records('console').has(otherCon.ref)).toBe(false);
    expect((await connectConsole(String(otherCon.location), session, { open })).status).toBe(404);
  });

  it('limits simultaneous clients of one console to 8 (503 beyond)', async () => {
    const [vm] = runningVm();
    const loc = String((await rfbConsoleOf(vm)).location);
    const clients = [];
    for (let i = 0; i < 8; i++) {
      const c = await connectConsole(loc, session, { open });
      expect(c.status).toBe(200);
      clients.push(c);
    }
    expect((await connectConsole(loc, session, { open })).status).toBe(503);
    for (const c of clients) c.s.destroy();
    await expect.poll(async () => { const c = await connectConsole(loc, session, { open }); c.s.destroy(); return c.status; }).toBe(200);
  });

  it('closes console sockets when the VM reboots; a new console record exists afterwards', async () => {
    const [vm] = runningVm();
    const before = await rfbConsoleOf(vm);
    const c = await connectConsole(String(before.location), session, { open });
    expect(c.status).toBe(200);
    await handshake(c.r);
    const t0 = Date.now();
    await call('VM.hard_reboot', vm);
    expect(await c.r.waitEnd(3000)).toBe(true);
    console.log(`reboot: console socket closed ${Date.now() - t0} ms after the call started`);
    const after = await rfbConsoleOf(vm);
    expect(after.uuid).not.toBe(before.uuid);
    expect((await connectConsole(String(before.location), session, { open })).status).toBe(404);
    const again = await connectConsole(String(after.location), session, { open });
    expect(again.status).toBe(200);
    await handshake(again.r);
    expect(sim.consoleText(vm)).toBe('');
    // dropAllConnections also drops console sockets.
    sim.dropAllConnections();
    expect(await again.r.waitEnd(2000)).toBe(true);
  });
});

describe('simulator consoles with TLS', () => {
  it('publishes https locations and serves CONNECT over TLS', async () => {
    const sim = await startSimulator({ tls: true, hosts: 1, vms: 4 });
    try {
      const session = await new Promise<string>((resolve, reject) => {
        const body = JSON.stringify({ jsonrpc: '2.0', method: 'session.login_with_password', params: ['root', 'xenroot'], id: 1 });
        const s = tls.connect({ host: '127.0.0.1', port: sim.port, rejectUnauthorized: false }, () => {
          s.write(`POST /jsonrpc HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`);
        });
        let text = '';
        s.on('data', (d: Buffer) => { text += d.toString(); });
        s.on('end', () => { const m = /"result":"([^"]+)"/.exec(text); if (m) resolve(m[1]); else reject(new Error(text)); });
        s.on('error', reject);
      });
      const con = [...sim.records('console').values()].find((c) => c.protocol === 'rfb' && !sim.records('VM').get(String(c.VM))!.is_control_domain)!;
      expect(String(con.location)).toBe(`https://127.0.0.1:${sim.port}/console?uuid=${String(con.uuid)}`);
      const c = await connectConsole(String(con.location), session);
      expect(c.status).toBe(200);
      expect((await handshake(c.r)).securityResult).toBe(0);
      c.s.destroy();
    } finally {
      await sim.close();
    }
  });
});

const xvnc = findXvnc();
const hasXvnc = requiredInCi({ present: !!xvnc, missing: xvncMissing, skipping: 'the consoleVnc proxy test' });

describe.skipIf(!hasXvnc)('simulator consoles proxied to a real VNC server (consoleVnc + Xvnc)', () => {
  let proc: ChildProcess | undefined;
  let sim: Simulator;
  let rfbPort = 0;

  beforeAll(async () => {
    rfbPort = await new Promise<number>((resolve) => { const srv = net.createServer(); srv.listen(0, '127.0.0.1', () => { const p = (srv.address() as net.AddressInfo).port; srv.close(() => resolve(p)); }); });
    let display = 40 + Math.floor(Math.random() * 400);
    while (existsSync(`/tmp/.X${display}-lock`) || existsSync(`/tmp/.X11-unix/X${display}`)) display++;
    proc = spawn(xvnc, [`:${display}`, '-SecurityTypes', 'None', '-localhost', '-rfbport', String(rfbPort), '-geometry', '640x480', '-depth', '24'], { stdio: 'ignore' });
    const deadline = Date.now() + 10_000;
    for (;;) {
      const ok = await new Promise<boolean>((resolve) => { const s = net.connect(rfbPort, '127.0.0.1', () => { s.destroy(); resolve(true); }); s.on('error', () => resolve(false)); });
      if (ok) break;
      if (Date.now() > deadline || proc.exitCode !== null) throw new Error('Xvnc did not start');
      await new Promise((r) => setTimeout(r, 100));
    }
    sim = await startSimulator({ hosts: 1, vms: 4, consoleVnc: `127.0.0.1:${rfbPort}` });
  });
  afterAll(async () => {
    await sim?.close();
    if (proc && proc.exitCode === null) {
      const exited = new Promise((r) => proc!.once('exit', r));
      proc.kill('SIGTERM');
      await exited;
    }
  });

  it('pipes the CONNECT tunnel to Xvnc: handshake and one framebuffer update arrive', async () => {
    const session = await rpc<string>(sim.url, 'session.login_with_password', ['root', 'xenroot']);
    const con = [...sim.records('console').values()].find((c) => c.protocol === 'rfb')!;
    const { status, r, s } = await connectConsole(String(con.location), session);
    expect(status).toBe(200);
    const init = await handshake(r);
    expect(init).toMatchObject({ version: 'RFB 003.008\n', securityResult: 0, width: 640, height: 480 });
    expect(init.securityTypes).toContain(1);
    setEncodings(s, [0]);
    requestUpdate(s, false, 0, 0, 640, 480);
    let m = await readMessage(r, init.pixelFormat, 10_000);
    while (m.type !== 'update') m = await readMessage(r, init.pixelFormat, 10_000);
    const area = m.rects.reduce((a, x) => a + x.w * x.h, 0);
    expect(area).toBeGreaterThan(0);
    s.destroy();
  });
});
