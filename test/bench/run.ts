// `npm run bench [-- suite...]`: medians of repeated runs, each reported beside a baseline
// measured in the same run, so the ratio means something on any machine.
//   load   initial load of a large simulated pool through Connection (event.from "") vs the
//          same objects fetched raw with get_all_records, per class, over the same HTTP.
//   events end-to-end latency of another client's change reaching the cache (vs a raw
//          round trip of the same setter).
//   cache  ObjectCache.apply + coalesced flush of many events vs plain Map writes.
//   tree   the first full tree of a 1,000-10,000 VM pool in Chromium vs the bare fetch (tree.ts).
//   live   live updates of a 5,000 VM pool under 500 changes/s in Chromium: server change -> row text
//          in the DOM vs a bare event.from client in the same run; long tasks; messages per frame (live.ts).
//   scroll frame rate of the 5,000-row tree scrolling and of ArrowDown through it (live.ts).
//   search what the Search tab works out on each change of a 1,000 and a 10,000 VM pool (the objects
//          searched, matching, grouping, sorting) vs the same answer from the raw records (search.ts).
//   console  RFB through the product path (AppCore console.open -> CONNECT tunnel -> the browser
//          host's /console WebSocket) vs a direct loopback TCP connection to the same RFB server
//          code (the simulator's RfbSession + ConsoleScreen): full-screen throughput and the
//          latency of a key press until the update showing it arrives.
//   alerts what a new message costs the Alerts list at 10,000 messages and 5,000 VMs (incremental vs
//          rebuilt) vs a sorted insert of a ready row (alerts.ts); then in Chromium, message.create -> its
//          row in the DOM vs a bare event.from client (alerts-live.ts).
import { performance } from 'node:perf_hooks';
import net from 'node:net';
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { RfbSession } from '../../simulator/rfb/server';
import { ConsoleScreen } from '../../simulator/rfb/screen';
import { AppCore } from '../../electron/core/app-core';
import { startWebHost } from '../../electron/web-host';
import { startSimulator } from '../../simulator/index';
import { Connection } from '../../electron/core/connection/connection';
import { ObjectCache } from '../../electron/core/cache/object-cache';
import { benchTree } from './tree';
import { median, rpc } from './common';
import { benchLive, benchScroll } from './live';
import { benchSearch } from './search';
import { benchAlerts } from './alerts';
import { benchAlertsLive } from './alerts-live';

const fmt = (ms: number) => `${ms.toFixed(1)} ms`;

async function waitFor(cond: () => boolean, timeoutMs = 60_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 2));
  }
}

async function benchLoad(): Promise<void> {
  const hosts = 16, vms = 2000, runs = 5;
  const sim = await startSimulator({ port: 0, hosts, vms, taskDurationMs: 0 });
  try {
    const session = (await rpc(sim.url, 'session.login_with_password', 'root', 'xenroot')) as string;
    const classes = ['pool', 'host', 'host_metrics', 'VM', 'VM_metrics', 'VBD', 'VDI', 'SR', 'PBD', 'VIF', 'network', 'PIF', 'console', 'task'];
    const expectedVms = sim.records('VM').size;
    const raw: number[] = [];
    const viaConn: number[] = [];
    for (let i = 0; i < runs; i++) {
      let t = performance.now();
      await Promise.all(classes.map((c) => rpc(sim.url, `${c}.get_all_records`, session)));
      raw.push(performance.now() - t);

      t = performance.now();
      const conn = new Connection({ id: `b${i}`, url: sim.url, user: 'root', password: 'xenroot', flushIntervalMs: 50 });
      await conn.connect();
      await waitFor(() => conn.cache.getAll('vm').size === expectedVms);
      viaConn.push(performance.now() - t);
      await conn.disconnect();
      conn.dispose();
    }
    const r = median(raw), c = median(viaConn);
    console.log(`load    ${hosts} hosts, ${expectedVms} VM records: connect+event.from("") ${fmt(c)}  vs raw get_all_records x${classes.length} ${fmt(r)}  ratio ${(c / r).toFixed(2)} (median of ${runs})`);
  } finally {
    await sim.close();
  }
}

async function benchEvents(): Promise<void> {
  const runs = 30;
  const sim = await startSimulator({ port: 0, hosts: 3, vms: 50, taskDurationMs: 0 });
  const conn = new Connection({ id: 'ev', url: sim.url, user: 'root', password: 'xenroot', flushIntervalMs: 50 });
  try {
    await conn.connect();
    await waitFor(() => conn.cache.getAll('vm').size > 0);
    const session = (await rpc(sim.url, 'session.login_with_password', 'root', 'xenroot')) as string;
    const vm = [...conn.cache.getAll('vm').entries()].find(([, v]) => !v.is_control_domain)![0];
    const rtt: number[] = [];
    const seen: number[] = [];
    for (let i = 0; i < runs; i++) {
      const name = `bench-${i}`;
      const t = performance.now();
      await rpc(sim.url, 'VM.set_name_label', session, vm, name);
      rtt.push(performance.now() - t);
      await waitFor(() => conn.cache.get('vm', vm)?.name_label === name);
      seen.push(performance.now() - t);
    }
    console.log(`events  another client's change visible in the cache after ${fmt(median(seen))}  vs the setter's own round trip ${fmt(median(rtt))} (median of ${runs}; includes the server's ~50 ms batching)`);
  } finally {
    await conn.disconnect();
    conn.dispose();
    await sim.close();
  }
}

function benchCache(): void {
  const n = 50_000, runs = 7;
  const events = Array.from({ length: n }, (_, i) => ({ class: 'vm', operation: 'add', ref: `OpaqueRef:${i}`, snapshot: { uuid: String(i), name_label: `VM ${i}`, power_state: 'Running' } }));
  const mods = events.map((e) => ({ ...e, operation: 'mod', snapshot: { ...e.snapshot, power_state: 'Halted' } }));
  const viaCache: number[] = [];
  const plain: number[] = [];
  for (let i = 0; i < runs; i++) {
    let t = performance.now();
    const cache = new ObjectCache({ connectionId: 'c', flushIntervalMs: 1e9 });
    cache.apply(events);
    cache.apply(mods);
    const delta = cache.flush();
    viaCache.push(performance.now() - t);
    if (!delta || delta.changes.length !== n) throw new Error('coalescing lost changes');
    cache.dispose();

    t = performance.now();
    const m = new Map<string, Map<string, unknown>>();
    for (const e of [...events, ...mods]) {
      let c = m.get(e.class);
      if (!c) m.set(e.class, (c = new Map()));
      c.set(e.ref, e.snapshot);
    }
    plain.push(performance.now() - t);
  }
  const c = median(viaCache), p = median(plain);
  console.log(`cache   ${2 * n} events coalesced into ${n} changes: ${fmt(c)}  vs plain Map writes ${fmt(p)}  ratio ${(c / p).toFixed(2)} (median of ${runs})`);
}

/** A byte pipe to an RFB server: a TCP socket, or the browser host's console WebSocket. */
interface Pipe { write(b: Buffer): void; onData(cb: (d: Buffer) => void): void; close(): void }

const EMPTY = Buffer.alloc(0);

/**
 * A counting RFB 3.8 client (security None, Raw, 32 bpp): parses message framing without copying
 * pixel data, so the client's own cost stays small and equal on both paths.
 */
class BenchRfbClient {
  private buf: Buffer = EMPTY;
  private skip = 0;
  private skipIsRect = false;
  private rectsLeft = 0;
  private inUpdate = false;
  private phase: 'version' | 'security' | 'result' | 'init' | 'name' | 'msgs' = 'version';
  private nameLen = 0;
  width = 0;
  height = 0;
  updateBytes = 0;
  private onUpdate: ((bytes: number) => void) | null = null;
  private onReady!: () => void;
  readonly ready = new Promise<void>((r) => { this.onReady = r; });

  constructor(readonly pipe: Pipe) {
    pipe.onData((d) => this.feed(d));
  }

  /** Resolves when the next complete FramebufferUpdate has arrived, with its size in bytes. */
  nextUpdate(): Promise<number> {
    return new Promise((resolve) => { this.onUpdate = resolve; });
  }

  request(incremental: boolean): void {
    const b = Buffer.alloc(10);
    b[0] = 3; b[1] = incremental ? 1 : 0;
    b.writeUInt16BE(this.width, 6); b.writeUInt16BE(this.height, 8);
    this.pipe.write(b);
  }

  key(keysym: number): void {
    const b = Buffer.alloc(16);
    b[0] = 4; b[1] = 1; b.writeUInt32BE(keysym, 4);
    b[8] = 4; b[9] = 0; b.writeUInt32BE(keysym, 12);
    this.pipe.write(b);
  }

  private feed(d: Buffer): void {
    while (d.length) {
      if (this.skip > 0 && this.buf.length === 0) {
        const n = Math.min(this.skip, d.length);
        this.skip -= n;
        if (this.skipIsRect) this.updateBytes += n;
        d = d.subarray(n);
        if (this.skip === 0) this.skipped();
        continue;
      }
      this.buf = this.buf.length ? Buffer.concat([this.buf, d]) : d;
      d = this.parse();
    }
  }

  private skipped(): void {
    if (this.skipIsRect && this.rectsLeft === 0) this.updateDone();
  }

  private updateDone(): void {
    this.inUpdate = false;
    const cb = this.onUpdate;
    this.onUpdate = null;
    cb?.(this.updateBytes);
  }

  /** Consumes headers from this.buf; returns bytes to skip through the fast path (or EMPTY when more are needed). */
  private parse(): Buffer {
    for (;;) {
      const b = this.buf;
      if (this.skip > 0) { this.buf = EMPTY; return b; }
      const take = (n: number): Buffer | null => {
        if (b.length < n) return null;
        this.buf = b.subarray(n);
        return b.subarray(0, n);
      };
      switch (this.phase) {
        case 'version': { if (!take(12)) return EMPTY; this.pipe.write(Buffer.from('RFB 003.008\n')); this.phase = 'security'; break; }
        case 'security': {
          if (b.length < 1 || b.length < 1 + b[0]) return EMPTY;
          take(1 + b[0]); this.pipe.write(Buffer.from([1])); this.phase = 'result'; break;
        }
        case 'result': { if (!take(4)) return EMPTY; this.pipe.write(Buffer.from([1])); this.phase = 'init'; break; }
        case 'init': {
          const h = take(24); if (!h) return EMPTY;
          this.width = h.readUInt16BE(0); this.height = h.readUInt16BE(2); this.nameLen = h.readUInt32BE(20);
          if (h[4] !== 32) throw new Error(`bench client expects 32 bpp, got ${h[4]}`);
          this.phase = 'name'; break;
        }
        case 'name': {
          if (!take(this.nameLen)) return EMPTY;
          const enc = Buffer.alloc(8); enc[0] = 2; enc.writeUInt16BE(1, 2); enc.writeInt32BE(0, 4); // SetEncodings [Raw]
          this.pipe.write(enc);
          this.phase = 'msgs'; this.onReady(); break;
        }
        case 'msgs': {
          if (this.inUpdate) {
            const h = take(12); if (!h) return EMPTY;
            this.rectsLeft--;
            const w = h.readUInt16BE(4), hh = h.readUInt16BE(6), encoding = h.readInt32BE(8);
            if (encoding !== 0 && w * hh) throw new Error(`unexpected encoding ${encoding}`);
            this.updateBytes += 12;
            this.skip = encoding === 0 ? w * hh * 4 : 0;
            this.skipIsRect = true;
            if (this.skip === 0 && this.rectsLeft === 0) this.updateDone();
            break;
          }
          if (b.length < 1) return EMPTY;
          if (b[0] === 0) {
            const h = take(4); if (!h) return EMPTY;
            this.rectsLeft = h.readUInt16BE(2); this.updateBytes = 4; this.inUpdate = true;
            if (this.rectsLeft === 0) this.updateDone();
          } else if (b[0] === 2) {
            take(1);
          } else if (b[0] === 3) {
            const h = take(8); if (!h) return EMPTY;
            this.skip = h.readUInt32BE(4); this.skipIsRect = false;
          } else throw new Error(`unexpected server message ${b[0]}`);
          break;
        }
      }
    }
  }
}

interface ConsoleFigures { mbPerS: number; frames: number; latencyMs: number[] }

async function measureRfb(pipe: Pipe, seconds: number, samples: number): Promise<ConsoleFigures> {
  const c = new BenchRfbClient(pipe);
  await c.ready;
  // Warm-up, then back-to-back non-incremental full-screen updates for `seconds`.
  for (let i = 0; i < 10; i++) { const p = c.nextUpdate(); c.request(false); await p; }
  let bytes = 0, frames = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < seconds * 1000) {
    const p = c.nextUpdate();
    c.request(false);
    bytes += await p;
    frames++;
  }
  const mbPerS = bytes / 1e6 / ((performance.now() - t0) / 1000);
  // Latency: a key press + release, then an incremental request; until the update showing it arrives.
  const latencyMs: number[] = [];
  for (let i = 0; i < samples + 5; i++) {
    const p = c.nextUpdate();
    const t = performance.now();
    c.key(i % 2 === 0 ? 0x61 : 0xff08); // 'a', then BackSpace: the text line never grows
    c.request(true);
    await p;
    if (i >= 5) latencyMs.push(performance.now() - t);
  }
  pipe.close();
  return { mbPerS, frames, latencyMs };
}

function tcpPipe(port: number): Promise<Pipe> {
  return new Promise((resolve, reject) => {
    const s = net.connect({ port, host: '127.0.0.1', noDelay: true }, () => resolve({
      write: (b) => { s.write(b); }, onData: (cb) => { s.on('data', cb); }, close: () => s.destroy(),
    }));
    s.once('error', reject);
  });
}

/** The RFB servers in this process (everything on one event loop) or in a child process. */
async function consoleServers(outOfProcess: boolean): Promise<{ directPort: number; simUrl: string; stop(): Promise<void> }> {
  if (outOfProcess) {
    const child = spawn(join('node_modules', '.bin', 'tsx'), [join('test', 'bench', 'console-servers.ts')], { stdio: ['pipe', 'pipe', 'inherit'] });
    const line = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (d: Buffer) => { out += d.toString(); const i = out.indexOf('\n'); if (i >= 0) resolve(out.slice(0, i)); });
      child.once('exit', (code) => reject(new Error(`console-servers exited with ${code}`)));
    });
    const { directPort, simUrl } = JSON.parse(line) as { directPort: number; simUrl: string };
    return { directPort, simUrl, stop: () => new Promise<void>((r) => { child.once('exit', () => r()); child.stdin.end(); }) };
  }
  const screens: ConsoleScreen[] = [];
  const direct = net.createServer((sock) => {
    sock.setNoDelay(true);
    sock.on('error', () => sock.destroy());
    const screen = new ConsoleScreen('bench');
    screens.push(screen);
    new RfbSession(sock, screen);
  });
  await new Promise<void>((r) => direct.listen(0, '127.0.0.1', r));
  const sim = await startSimulator({ port: 0, hosts: 1, vms: 4, taskDurationMs: 0 });
  return {
    directPort: (direct.address() as net.AddressInfo).port,
    simUrl: sim.url,
    async stop() { for (const s of screens) s.close(); direct.close(); await sim.close(); },
  };
}

async function benchConsoleOnce(outOfProcess: boolean): Promise<void> {
  const seconds = 3, samples = 60;
  // (a) direct: a plain TCP server running the simulator's RFB session on its own screen.
  // (b) product: simulator console (same RFB code) -> CONNECT tunnel -> AppCore stream -> browser host WebSocket.
  const servers = await consoleServers(outOfProcess);
  const directPort = servers.directPort;
  const core = new AppCore({ flushIntervalMs: 20 });
  const staticDir = mkdtempSync(join(tmpdir(), 'xc-bench-'));
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html>');
  const host = await startWebHost({ port: 0, staticDir, core });
  try {
    const added = await core.request('servers.add', { address: servers.simUrl, user: 'root', password: 'xenroot' });
    if (!added.ok) throw new Error(added.error.message);
    const connectionId = (added.result as { connectionId: string }).connectionId;
    const conn = core.connection(connectionId)!;
    const running = () => [...conn.cache.getAll('console')].filter(([, c]) => c.protocol === 'rfb' && conn.cache.get('vm', String(c.VM))?.power_state === 'Running' && !conn.cache.get('vm', String(c.VM))?.is_control_domain);
    await waitFor(() => running().length > 0, 10_000);
    const consoleRef = running()[0][0];

    const openTime: number[] = [];
    const productPipe = async (): Promise<Pipe> => {
      const t = performance.now();
      const r = await core.request('console.open', { connectionId, consoleRef });
      if (!r.ok) throw new Error(r.error.message);
      const streamId = (r.result as { streamId: string }).streamId;
      const ws = new WebSocket(`ws://127.0.0.1:${host.port}/console?token=${host.token}&stream=${streamId}`, { headers: { origin: `http://127.0.0.1:${host.port}` }, perMessageDeflate: false });
      const early: Buffer[] = [];
      let sink: ((d: Buffer) => void) | null = null;
      ws.on('message', (d: Buffer) => { if (sink) sink(d); else early.push(d); });
      await new Promise((ok, fail) => { ws.once('open', ok); ws.once('error', fail); });
      openTime.push(performance.now() - t);
      return {
        write: (b) => ws.send(b), close: () => ws.close(),
        onData: (cb) => { sink = cb; for (const d of early.splice(0)) cb(d); },
      };
    };
    // The CONNECT tunnel alone (no WebSocket hop), to show where any cost comes from.
    const tunnelPipe = async (): Promise<Pipe> => {
      const rec = conn.cache.get('console', consoleRef)!;
      const s = await conn.openConsoleTunnel(String(rec.location));
      return { write: (b) => { s.write(b); }, onData: (cb) => { s.on('data', cb); s.resume(); }, close: () => s.destroy() };
    };

    const runs: Record<string, ConsoleFigures[]> = { direct: [], tunnel: [], product: [] };
    for (let round = 0; round < 3; round++) {
      runs.direct.push(await measureRfb(await tcpPipe(directPort), seconds, samples));
      runs.tunnel.push(await measureRfb(await tunnelPipe(), seconds, samples));
      runs.product.push(await measureRfb(await productPipe(), seconds, samples));
    }
    const best = (k: string) => median(runs[k].map((r) => r.mbPerS));
    const lat = (k: string) => median(runs[k].flatMap((r) => r.latencyMs));
    const d = best('direct'), tn = best('tunnel'), p = best('product');
    const ld = lat('direct'), lt = lat('tunnel'), lp = lat('product');
    const f3 = (ms: number) => `${ms.toFixed(3)} ms`;
    const frameMb = (800 * 600 * 4) / 1e6;
    console.log(`console, RFB servers ${outOfProcess ? 'in a child process (as a remote host would be)' : 'in the bench process (one event loop for everything)'}`);
    console.log(`  throughput (full-screen 800x600x32bpp Raw updates, ${frameMb.toFixed(2)} MB each, back-to-back for ${seconds} s, median of 3 interleaved rounds):`);
    console.log(`          direct TCP ${d.toFixed(0)} MB/s | CONNECT tunnel only ${tn.toFixed(0)} MB/s (${((tn / d) * 100).toFixed(0)}%) | product path (console.open + /console WebSocket) ${p.toFixed(0)} MB/s (${((p / d) * 100).toFixed(0)}% of direct)`);
    console.log(`  latency (key press+release + incremental request -> update, median of ${3 * samples}):`);
    const signed = (d: number) => `${d >= 0 ? '+' : '−'}${f3(Math.abs(d))}`;
    console.log(`          direct TCP ${f3(ld)} | CONNECT tunnel only ${f3(lt)} (${signed(lt - ld)}) | product path ${f3(lp)} (${signed(lp - ld)} vs direct)`);
    console.log(`          console.open + WebSocket attach: median ${fmt(median(openTime))}`);
  } finally {
    await core.dispose();
    await host.close();
    await servers.stop();
  }
}

async function benchConsole(): Promise<void> {
  await benchConsoleOnce(true);
  await benchConsoleOnce(false);
}


const suites: Record<string, () => Promise<void> | void> = { load: benchLoad, events: benchEvents, cache: benchCache, console: benchConsole, tree: benchTree, live: benchLive, scroll: benchScroll, search: benchSearch, alerts: async () => { await benchAlerts(); await benchAlertsLive(); } };
const wanted = process.argv.slice(2).filter((a) => a !== '--');
for (const name of wanted.length ? wanted : Object.keys(suites)) {
  const fn = suites[name];
  if (!fn) { console.error(`unknown suite ${name}; suites: ${Object.keys(suites).join(', ')}`); process.exit(2); }
  await fn();
}
process.exit(0);
