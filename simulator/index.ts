// Public entry: start a XAPI simulator (generated demo pool or a loaded database dump) on
// 127.0.0.1, optionally with TLS and with listeners for pool members on 127.0.0.2, ...
import { readFileSync } from 'node:fs';
import type { Socket } from 'node:net';
import { generate } from 'selfsigned';
import { startChurn } from './churn';
import { ConsoleService } from './consoles';
import { isNullRef, TABLE_CLASSES } from './db';
import { buildDemoPool } from './demo-pool';
import { installHandlers } from './dispatch';
import { dbFromDump } from './dump-loader';
import { refreshDevicesOf } from './methods/storage';
import { Faults, type SimulatorFaults } from './faults';
import { Listener, type Tls } from './http-server';
import { SimNetwork, type PoolNode } from './pool-network';
import type { Db } from './db';
import { Sim, type SimUser } from './sim';
import { createSubjects } from './methods/session';
import { directoryOf } from './methods/auth';
import type { AdDomain } from './ad-domain';
import { setCpuLoad, startMetrics } from './metrics';
import { perfmonOf, startPerfmon } from './perfmon';
import { rrdOf, startRrd } from './rrd/store';
import { watchHaPlan } from './ha-plan';
import { watchApplianceOps } from './methods/vm-appliance';
import { advanceClock, startVmssScheduler } from './vmss-scheduler';

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
  /** The Active Directory domain pool.enable_external_auth joins (default DEFAULT_DOMAIN, simulator/ad-domain.ts). */
  domain?: AdDomain;
  /** Legacy event.next: events a registered session may have queued before it gets EVENTS_LOST (default 10000). */
  eventQueueLimit?: number;
  /** Interval of the running-VM metrics timer in ms (default 5000; 0 turns it off). */
  metricsIntervalMs?: number;
  /** Interval of the RRD timer in ms (default 5000; 0 = off): each tick records every RRD at the wall
   * clock's last 5 s boundary. With 0, tests record by hand with Simulator.rrdUpdate(). */
  rrdIntervalMs?: number;
  /** Standalone hosts (pools of one host, all VMs Halted, local storage only) on the loopback
   * addresses after the pool's hosts, same port: something to pool.join, or to migrate to across pools. */
  standaloneHosts?: number;
  /** Embedded in the app (the demo pool): every listener refuses Host names other than its own
   * address:port and requests from browsers, and no answer carries `Access-Control-Allow-Origin`. */
  localOnly?: boolean;
  /** Churn load (simulator/churn.ts, docs/simulator.md): guest-VM changes per second (names, pause and
   * unpause, VM_metrics) on the pool; default 0, off. Simulator.setChurn changes it at run time. */
  churn?: number;
  /** Interval of the perfmon daemon (simulator/perfmon.ts) in ms: default 300000 as perfmon's; 0 = off, tests run Simulator.perfmonCheck(). */
  perfmonIntervalMs?: number;
  /** The RRD rows perfmon judges, in seconds: 60 (perfmon's rrd_step, default) or 5 (short tests). */
  perfmonStep?: number;
  /** How long each server's perfmon keeps the alert configurations it read, in ms (perfmon's config_update_period, default 1800000; 0 = read on every pass); the perfmon plugin's "refresh" makes it read them at once. */
  perfmonConfigPeriodMs?: number;
  /** Tick of the snapshot scheduler in ms (default 60000; 0: schedules run only on advanceClock). */
  vmssTickMs?: number;
  /** The servers' time zone, minutes east of UTC (default 0): host.get_server_localtime, the snapshot schedules' hours. */
  utcOffsetMinutes?: number;
}

/** A standalone host served beside the pool (SimulatorOptions.standaloneHosts). */
export interface StandaloneHost {
  address: string;
  url: string;
  /** Records of the pool now answering at this address: the standalone pool, or the pool it joined. */
  records(cls: string): Map<string, Record<string, unknown>>;
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
  /** The AD domain's machine accounts, as its domain controller sees them: host name (lower case) → enabled.
   * A join makes them; leaving with credentials disables them; leaving without leaves them enabled. */
  adMachineAccounts(): Record<string, boolean>;
  /** Text typed so far on a VM's built-in rfb console (lines joined by "\n"; '' before any client connected). */
  consoleText(vmRef: string): string;
  standalone: StandaloneHost[];
  /** Records every RRD of the pool at `atSeconds` (default: 5 s after the last update; a later
   * multiple of 5) from the current state, as the RRD timer does. Returns the update's time. */
  rrdUpdate(atSeconds?: number): number;
  /** The pool's RRDs: how many and the bytes of their recorded rows. */
  rrdStats(): { hosts: number; vms: number; bytes: number; lastUpdate: number };
  /** The churn's rate in changes per second from now on (0 stops it): SimulatorOptions.churn. */
  setChurn(perSecond: number): void;
  /** Changes the churn made so far. */
  churnCount(): number;
  /** Pins every vCPU of a VM (ref or uuid) at `load` (0..1), as a busy guest; null lets it move again. */
  setVmCpuLoad(vm: string, load: number | null): void;
  /** One pass of the perfmon daemon over the RRD rows completed since its last: the refs of the ALARM messages it raised. */
  perfmonCheck(): string[];
  /** Moves the pool's clock `ms` ahead (snapshot schedules see it; vmss-scheduler.ts) and runs the
   * schedules that fell due; resolves with their refs once their snapshots are taken. */
  advanceClock(ms: number): Promise<string[]>;
}

async function makeCert(): Promise<Tls> {
  const pems = await generate([{ name: 'commonName', value: 'localhost' }], {
    keyType: 'ec', algorithm: 'sha256', notAfterDate: new Date(Date.now() + 365 * 24 * 3600 * 1000),
    extensions: [{ name: 'subjectAltName', altNames: [{ type: 2, value: 'localhost' }, { type: 7, ip: '127.0.0.1' }] }],
  });
  return { key: pems.private, cert: pems.cert };
}

export async function startSimulator(opts: SimulatorOptions = {}): Promise<Simulator> {
  // Checked before anything listens (startChurn would throw only after the listeners are up).
  if (opts.churn !== undefined && !(Number.isFinite(opts.churn) && opts.churn >= 0)) throw new Error(`churn: ${opts.churn} is not a rate (changes per second, 0 = off)`);
  const db = opts.dbFile
    ? dbFromDump(readFileSync(opts.dbFile, 'utf8'))
    : buildDemoPool({ hosts: opts.hosts ?? 3, vms: opts.vms ?? 20, memberListeners: !!opts.memberListeners });
  const tls = opts.tls ? await makeCert() : undefined;
  let port = 0;
  // Every pool of this process (the main one, standalone hosts, hosts ejected later) boots the same way.
  const boot = (poolDb: Db): PoolNode => {
    const sim = new Sim(poolDb, { user: opts.user ?? 'root', password: opts.password ?? 'xenroot', taskDurationMs: opts.taskDurationMs ?? 2000, users: opts.users ?? [], domain: opts.domain,
      eventQueueLimit: opts.eventQueueLimit, metricsIntervalMs: opts.metricsIntervalMs, rrdIntervalMs: opts.rrdIntervalMs,
      perfmonIntervalMs: opts.perfmonIntervalMs, perfmonStep: opts.perfmonStep, utcOffsetMinutes: opts.utcOffsetMinutes,
      perfmonConfigPeriodMs: opts.perfmonConfigPeriodMs });
    installHandlers(sim);
    createSubjects(sim);
    // A generated pool's VBDs and VDIs get their allowed_operations (SEMANTICS 8.5, 9.2) as the
    // server lists them ("Halted CD empty -> [attach, insert]"); a dump keeps the server's own.
    if (!opts.dbFile || poolDb !== db) for (const vm of poolDb.table('VM').keys()) refreshDevicesOf(sim, vm);
    const consoles = new ConsoleService(sim, { vnc: opts.consoleVnc });
    const addresses = sim.listenAddresses;
    sim.consoleOrigin = (a) => `${tls ? 'https' : 'http'}://${addresses.has(a) ? a : '127.0.0.1'}:${port}`;
    startMetrics(sim);
    startRrd(sim);
    startPerfmon(sim);
    startVmssScheduler(sim, opts.vmssTickMs);
    watchHaPlan(sim);
    watchApplianceOps(sim);
    return { sim, consoles, stop: () => { sim.shutdown.abort(); consoles.close(); } };
  };
  const network = new SimNetwork((poolDb) => { const n = boot(poolDb); fixConsoles(n.sim); return n; });
  const node = boot(db);
  const { sim, consoles } = node;
  sim.network = network;
  const sockets = new Set<Socket>();
  const main = new Listener(node, '127.0.0.1', sockets, tls, !!opts.localOnly);
  port = await main.listen(opts.port ?? 0);
  network.port = port;
  const listeners = [main];
  let standalone: Awaited<ReturnType<typeof startStandaloneHosts>>;
  try {
    if (opts.memberListeners) listeners.push(...await memberListeners(node, sockets, tls, port, !!opts.localOnly));
    for (const l of listeners) { sim.listenAddresses.add(l.address); network.add(l); }
    fixConsoles(sim);
    standalone = await startStandaloneHosts(opts, db, boot, network, sockets, tls, port);
  } catch (e) {
    // An address that cannot be bound: nothing of this simulator may keep listening or ticking.
    node.stop();
    network.stopAll();
    await Promise.all(listeners.map((l) => l.close()));
    throw e;
  }
  const dropAll = () => { for (const n of network.nodes()) n.consoles?.dropAll(); for (const s of sockets) s.destroy(); };
  const faults = new Faults(sim, listeners, dropAll, !!opts.memberListeners);
  faults.install(!!opts.faultsEndpoint);
  sim.hooks.restartToolstack = () => { void faults.restart(); };
  sim.hooks.coordinatorChanged = (host, emergency) => faults.coordinatorChanged(host, emergency);
  const churn = startChurn(sim, opts.churn ?? 0);
  return {
    url: `${tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    port,
    certificatePem: tls?.cert,
    dropAllConnections: dropAll,
    faults,
    classes: () => [...TABLE_CLASSES],
    standalone,
    async close() {
      churn.stop();
      network.stopAll();
      faults.dispose();
      const closing = Promise.all([...listeners, ...standalone.map((s) => s.listener)].map((l) => l.close()));
      dropAll();
      await closing;
    },
    records(cls: string) {
      const t = db.tables.get(cls);
      return new Map(t ? [...t].map(([ref, row]) => [ref, row.rec]) : []);
    },
    adMachineAccounts: () => Object.fromEntries([...directoryOf(sim).machines].map(([name, m]) => [name, m.enabled])),
    consoleText: (vmRef) => consoles.textOf(vmRef),
    advanceClock: (ms) => advanceClock(sim, ms),
    rrdUpdate(atSeconds) {
      const store = rrdOf(sim)!;
      const at = atSeconds ?? store.lastUpdate + 5;
      if (!(at > store.lastUpdate) || at % 5 !== 0) throw new Error(`rrdUpdate: ${at} is not a multiple of 5 after ${store.lastUpdate}`);
      return store.tick(at);
    },
    rrdStats: () => { const store = rrdOf(sim)!; return { ...store.stats(), lastUpdate: store.lastUpdate }; },
    setChurn: (perSecond) => churn.set(perSecond),
    churnCount: () => churn.count(),
    setVmCpuLoad: (vm, load) => setCpuLoad(sim, sim.db.get('VM', vm) ? vm : sim.db.findByUuid('VM', vm) ?? vm, load),
    perfmonCheck: () => perfmonOf(sim)!.check(),
  };
}

/** A listener per non-coordinator host with a 127.x address, on the pool's port (closed again if one cannot bind). */
async function memberListeners(node: PoolNode, sockets: Set<Socket>, tls: Tls | undefined, port: number, localOnly: boolean): Promise<Listener[]> {
  const { sim } = node;
  const out: Listener[] = [];
  const coord = sim.coordinator();
  for (const [ref, row] of sim.db.table('host')) {
    const addr = String(row.rec.address);
    if (ref === coord || !/^127\.\d+\.\d+\.\d+$/.test(addr) || addr === '127.0.0.1') continue;
    const l = new Listener(node, addr, sockets, tls, localOnly);
    try { await l.listen(port); } catch (e) { await Promise.all(out.map((x) => x.close())); throw e; }
    out.push(l);
  }
  return out;
}

/** Standalone hosts on the addresses after the pool's highest 127.0.0.x host, on the pool's port. */
async function startStandaloneHosts(opts: SimulatorOptions, poolDb: Db, boot: (db: Db) => PoolNode, network: SimNetwork,
  sockets: Set<Socket>, tls: Tls | undefined, port: number): Promise<(StandaloneHost & { listener: Listener })[]> {
  const used = [...poolDb.table('host').values()].map((r) => /^127\.0\.0\.(\d+)$/.exec(String(r.rec.address))?.[1]).filter(Boolean).map(Number);
  let next = Math.max(1, ...used) + 1;
  const out: (StandaloneHost & { listener: Listener })[] = [];
  for (let i = 0; i < (opts.standaloneHosts ?? 0); i++, next++) {
    const db = buildDemoPool({ hosts: 1, vms: 0, memberListeners: true, firstAddress: next, standalone: { vmNames: STANDALONE_VMS.map((n) => `${n}-${String(next).padStart(2, '0')}`) } });
    const node = boot(db);
    node.sim.network = network;
    const address = `127.0.0.${next}`;
    const listener = new Listener(node, address, sockets, tls, !!opts.localOnly);
    try {
      await listener.listen(port);
    } catch (e) {
      node.stop();
      await Promise.all(out.map((h) => h.listener.close()));
      throw e;
    }
    node.sim.listenAddresses.add(address);
    network.add(listener);
    fixConsoles(node.sim);
    out.push({
      address, listener, url: `${tls ? 'https' : 'http'}://${address}:${port}`,
      records(cls) {
        const t = listener.target.sim.db.tables.get(cls);
        return new Map(t ? [...t].map(([ref, row]) => [ref, row.rec]) : []);
      },
    });
  }
  return out;
}

const STANDALONE_VMS = ['lab-router', 'lab-ci-runner', 'lab-sandbox'];

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
