// Public entry: start a XAPI simulator (generated demo pool or a loaded database dump) on
// 127.0.0.1, optionally with TLS and with listeners for pool members on 127.0.0.2, ...
import { readFileSync } from 'node:fs';
import type { Socket } from 'node:net';
import { generate } from 'selfsigned';
import { ConsoleService } from './consoles';
import { isNullRef, TABLE_CLASSES } from './db';
import { buildDemoPool } from './demo-pool';
import { installHandlers } from './dispatch';
import { dbFromDump } from './dump-loader';
import { Faults, type SimulatorFaults } from './faults';
import { Listener, type Tls } from './http-server';
import { Sim, type SimUser } from './sim';
import { createSubjects } from './methods/session';
import { startMetrics } from './metrics';

export { loadDump } from './dump-loader';

export interface SimulatorOptions {
  port?: number;
  tls?: boolean;
  hosts?: number;
  vms?: number;
  dbFile?: string;
  user?: string;
  password?: string;
  taskDurationMs?: number;
  memberListeners?: boolean;
  /** "HOST:PORT" of a real VNC server: every console CONNECT is piped to it instead of the built-in RFB screen. */
  consoleVnc?: string;
  /** Serve POST /_simulator/faults (fault control over HTTP, root credentials required). Off by default. */
  faultsEndpoint?: boolean;
  /** Extra users with one XAPI role each: their sessions are checked by RBAC (SEMANTICS.md 11.2). */
  users?: SimUser[];
  /** Legacy event.next: events a registered session may have queued before it gets EVENTS_LOST (default 10000). */
  eventQueueLimit?: number;
  /** Interval of the running-VM metrics timer in ms (default 5000; 0 turns it off). */
  metricsIntervalMs?: number;
}

export interface Simulator {
  url: string;
  port: number;
  /** PEM of the self-signed certificate when tls is on. */
  certificatePem?: string;
  close(): Promise<void>;
  dropAllConnections(): void;
  /** Fault injection (simulator/faults.ts, docs/simulator.md). */
  faults: SimulatorFaults;
  /** Every class that has a table (records(cls) works for each), in the model's spelling. */
  classes(): string[];
  records(cls: string): Map<string, Record<string, unknown>>;
  /** Text typed so far on a VM's built-in rfb console (lines joined by "\n"; '' before any client connected). */
  consoleText(vmRef: string): string;
}

async function makeCert(): Promise<Tls> {
  const pems = await generate([{ name: 'commonName', value: 'localhost' }], {
    keyType: 'ec', algorithm: 'sha256', notAfterDate: new Date(Date.now() + 365 * 24 * 3600 * 1000),
    extensions: [{ name: 'subjectAltName', altNames: [{ type: 2, value: 'localhost' }, { type: 7, ip: '127.0.0.1' }] }],
  });
  return { key: pems.private, cert: pems.cert };
}

export async function startSimulator(opts: SimulatorOptions = {}): Promise<Simulator> {
  const db = opts.dbFile
    ? dbFromDump(readFileSync(opts.dbFile, 'utf8'))
    : buildDemoPool({ hosts: opts.hosts ?? 3, vms: opts.vms ?? 20, memberListeners: !!opts.memberListeners });
  const sim = new Sim(db, { user: opts.user ?? 'root', password: opts.password ?? 'xenroot', taskDurationMs: opts.taskDurationMs ?? 2000, users: opts.users ?? [],
    eventQueueLimit: opts.eventQueueLimit, metricsIntervalMs: opts.metricsIntervalMs });
  installHandlers(sim);
  createSubjects(sim);
  const consoles = new ConsoleService(sim, { vnc: opts.consoleVnc });
  const tls = opts.tls ? await makeCert() : undefined;
  const sockets = new Set<Socket>();
  const main = new Listener(sim, '127.0.0.1', sockets, tls, consoles);
  const port = await main.listen(opts.port ?? 0);
  const listeners = [main];
  if (opts.memberListeners) {
    const coord = sim.coordinator();
    for (const [ref, row] of db.table('host')) {
      const addr = String(row.rec.address);
      if (ref === coord || !/^127\.\d+\.\d+\.\d+$/.test(addr) || addr === '127.0.0.1') continue;
      const l = new Listener(sim, addr, sockets, tls, consoles);
      await l.listen(port);
      listeners.push(l);
    }
  }
  const addresses = new Set(listeners.map((l) => l.address));
  sim.listenAddresses = addresses;
  sim.consoleOrigin = (a) => `${tls ? 'https' : 'http'}://${addresses.has(a) ? a : '127.0.0.1'}:${port}`;
  fixConsoles(sim);
  const dropAll = () => { consoles.dropAll(); for (const s of sockets) s.destroy(); };
  const faults = new Faults(sim, listeners, dropAll, !!opts.memberListeners);
  faults.install(!!opts.faultsEndpoint);
  sim.hooks.restartToolstack = () => { void faults.restart(); };
  sim.hooks.coordinatorChanged = (host, emergency) => faults.coordinatorChanged(host, emergency);
  startMetrics(sim);
  return {
    url: `${tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    port,
    certificatePem: tls?.cert,
    dropAllConnections: dropAll,
    faults,
    classes: () => [...TABLE_CLASSES],
    async close() {
      sim.shutdown.abort();
      faults.dispose();
      consoles.close();
      const closing = Promise.all(listeners.map((l) => l.close()));
      dropAll();
      await closing;
    },
    records(cls: string) {
      const t = db.tables.get(cls);
      return new Map(t ? [...t].map(([ref, row]) => [ref, row.rec]) : []);
    },
    consoleText: (vmRef) => consoles.textOf(vmRef),
  };
}

/** Points every console location at this simulator (rewritten in place, no new generation) and
 * gives each host's control domain an rfb console if it has none. */
function fixConsoles(sim: Sim): void {
  const { db } = sim;
  const hostOf = (vmRef: unknown): string => {
    const h = db.get('VM', String(vmRef))?.resident_on;
    return isNullRef(h) ? sim.coordinator() : String(h);
  };
  for (const row of db.table('console').values()) row.rec.location = sim.consoleLocation(hostOf(row.rec.VM), String(row.rec.uuid));
  for (const [hostRef, row] of db.table('host')) {
    const dom0 = String(row.rec.control_domain);
    const vm = db.get('VM', dom0);
    if (!vm) continue;
    const has = ((vm.consoles as string[]) ?? []).some((c) => db.get('console', c)?.protocol === 'rfb');
    if (has) continue;
    const c = db.create('console', { protocol: 'rfb', VM: dom0, other_config: {} });
    db.update('console', c, { location: sim.consoleLocation(hostRef, String(db.get('console', c)!.uuid)) });
  }
}
