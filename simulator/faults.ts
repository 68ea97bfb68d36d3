// Fault injection (docs/simulator.md "Fault injection"): what a client's event loop must survive.
// Driven in-process through Simulator.faults, or over HTTP at POST /_simulator/faults when the
// simulator was started with faultsEndpoint (CLI --faults-endpoint). Request-level faults (drops,
// delays, failures) act in front of dispatch, so an injected failure has no side effect.
import type http from 'node:http';
import type { CallEnv, RawReply } from './dispatch';
import { fenceAndRestart, hostBooted, hostLost } from './ha-failover';
import { setCpuLoad } from './metrics';
import { perfmonOf } from './perfmon';
import type { Listener, ListenerHooks } from './http-server';
import { sleep, type Sim } from './sim';
import { XapiError } from './xapi-error';
import { advanceClock } from './vmss-scheduler';

export type FailSpec =
  | { code: string; params?: (string | number)[]; count?: number }
  | { httpStatus: number; body?: string; count?: number };

export interface KillOptions {
  /** Host ref of the new coordinator (default: the first other host whose listener is up). */
  newCoordinator?: string;
  /** Time without any coordinator before the emergency transition (default 1000 ms). */
  delayMs?: number;
}

export interface FailHostOptions {
  /** Time HA takes to notice the host is gone before fencing it (default 1000 ms; a real pool waits
   * ha_configuration's timeout, 60 s or more). Ignored without HA. */
  detectMs?: number;
}

/** One request a fault acted on, and which client sent it (its User-Agent): proof that a given
 * client met the fault, not another one. */
export interface FaultHit {
  /** drop: socket destroyed unread; delay: held before dispatch; fail: an injected error or HTTP
   * status; host_is_slave: a former coordinator's answer. */
  fault: 'drop' | 'delay' | 'fail' | 'host_is_slave';
  /** The wire method (absent for a drop: the request was never read). */
  method?: string;
  /** The request's User-Agent header ('' when it sent none). */
  userAgent: string;
  /** The listener's address. */
  address: string;
  /** How long a delayed request was held, in ms. */
  heldMs?: number;
  /** Date.now() when the fault acted. */
  at: number;
}

/** A fault aimed at one client: only requests whose User-Agent starts with this. */
export interface ClientFilter { userAgent?: string }

const MAX_HITS = 10_000;

export interface FaultState {
  dropNext: number;
  /** The client the drops are aimed at (User-Agent prefix), null for any. */
  dropFor: string | null;
  delay: { ms: number; methods: string[] | null; userAgent: string | null } | null;
  failing: Record<string, { code?: string; params?: string[]; httpStatus?: number; remaining: number | 'Infinity' }>;
  /** expireTokens(): tokens below this database generation answer EVENTS_LOST (0: none refused). */
  tokenFloor: number;
  coordinator: string;
  coordinatorAddress: string;
  /** Listeners that answer every call with HOST_IS_SLAVE (former coordinators). */
  demoted: string[];
  /** Listeners that are down (restart window, killed coordinator, failed host). */
  down: string[];
  /** Hosts that failHost took down and recoverHost has not brought back. */
  failed: string[];
}

/** The public control (Simulator.faults). */
export interface SimulatorFaults {
  /** The next n JSON-RPC requests (any listener; with opts.userAgent only that client's) have their
   * socket destroyed without a reply. */
  dropNextConnections(n: number, opts?: ClientFilter): void;
  /** Holds every request (or only those of `methods`, wire names; with opts.userAgent only that
   * client's) for ms before it is dispatched; a held request whose connection closes is never dispatched. */
  delayResponses(ms: number, opts?: { methods?: string[] } & ClientFilter): void;
  /** Ends the delay; requests being held go ahead at once. */
  clearDelay(): void;
  /** The next `count` (default 1, Infinity allowed) calls of `method` (wire name, e.g. "event.from",
   * "Async.VM.start") fail: with a XAPI error {code, params} or an HTTP status with a text body. */
  failMethod(method: string, spec: FailSpec): void;
  /** Toolstack restart: every connection cut, every session gone (SESSION_INVALID), database kept
   * and with it its generation, so tokens from before go on working (xapi persists both: db_xml.ml);
   * with downMs nothing listens for that long. Resolves once it listens again. */
  restart(opts?: { downMs?: number }): Promise<void>;
  /** Every token issued so far is refused with EVENTS_LOST (the client must resync from ""). An
   * injected fault: xapi's event.from never answers EVENTS_LOST by itself (xapi_event.ml). */
  expireTokens(): void;
  /** Designated coordinator change (needs memberListeners): pool.master becomes hostRef, whose listener
   * now accepts logins; the old coordinator's connections are cut and every call there (login or
   * with a session) answers HOST_IS_SLAVE [new address]. Sessions stay valid on the new coordinator. */
  switchCoordinator(hostRef: string): void;
  /** The coordinator dies (needs memberListeners): its listener stops (connections cut, new ones
   * refused) and its host_metrics.live goes false; after delayMs another live host becomes coordinator
   * through an emergency transition, which restarts its toolstack (sessions gone).
   * Resolves with the new coordinator's ref. */
  killCoordinator(opts?: KillOptions): Promise<string>;
  /** A pool member (not the coordinator: see killCoordinator) loses power: its listener stops and its
   * host_metrics.live goes false at once; its VMs stay recorded Running there. With pool HA on, after
   * opts.detectMs the host is fenced and its VMs reset and restarted elsewhere (ha-failover.ts).
   * Resolves once that is done (at once without HA). Throws for the coordinator or a host that is down. */
  failHost(hostRef: string, opts?: FailHostOptions): Promise<void>;
  /** A failed host boots again: listener back, live, enabled; VMs still recorded on it are reset. */
  recoverHost(hostRef: string): Promise<void>;
  /** Ends drops, delays and method failures, finishes a pending emergency transition, recovers failed
   * hosts and brings back every listener that is down (a killed coordinator comes back as a member
   * answering HOST_IS_SLAVE). Does not undo a restart or a coordinator change. */
  clearFaults(): Promise<void>;
  state(): FaultState;
  /** The requests the faults acted on so far (the last 10000), oldest first, with the client of each. */
  hits(): FaultHit[];
}

interface Failing { spec: FailSpec; remaining: number }
/** A host failHost took down: its listener (if any), and the HA failover waiting or under way. */
interface FailedHost { listener?: Listener; failover?: Promise<void>; cancel?: () => void }

export class Faults implements SimulatorFaults {
  #dropNext = 0;
  #dropFor: string | undefined;
  #delay: { ms: number; methods: Set<string> | null; userAgent?: string; release: AbortController } | null = null;
  #hits: FaultHit[] = [];
  readonly #failing = new Map<string, Failing>();
  readonly #demoted = new Set<string>();
  readonly #down = new Set<Listener>();
  readonly #timers = new Set<NodeJS.Timeout>();
  readonly #failed = new Map<string, FailedHost>();
  #transition: { run: () => string; done: Promise<string>; settle?: (newRef: string) => void } | null = null;

  constructor(
    private readonly sim: Sim,
    private readonly listeners: Listener[],
    private readonly dropAll: () => void,
    private readonly memberListeners: boolean,
  ) {}

  /** Wires this control into every listener (and the endpoint when `endpoint` is on). */
  install(endpoint: boolean): void {
    const hooks: ListenerHooks = {
      dropRequest: (req) => this.#takeDrop(req),
      beforeCall: (method, env) => this.#beforeCall(method, env),
    };
    if (endpoint) hooks.control = (req, body) => this.#control(req, body);
    for (const l of this.listeners) l.hooks = hooks;
  }

  dropNextConnections(n: number, opts: ClientFilter = {}): void {
    this.#dropNext = checkCount(n, 'n');
    this.#dropFor = opts.userAgent || undefined;
  }

  delayResponses(ms: number, opts: { methods?: string[] } & ClientFilter = {}): void {
    if (!(ms >= 0)) throw new Error('delayResponses: ms must be a non-negative number');
    this.clearDelay();
    this.#delay = { ms, methods: opts.methods?.length ? new Set(opts.methods) : null, userAgent: opts.userAgent || undefined, release: new AbortController() };
  }

  hits(): FaultHit[] {
    return this.#hits.map((h) => ({ ...h }));
  }

  #hit(h: Omit<FaultHit, 'at'>): void {
    this.#hits.push({ ...h, at: Date.now() });
    if (this.#hits.length > MAX_HITS) this.#hits.splice(0, this.#hits.length - MAX_HITS);
  }

  clearDelay(): void {
    this.#delay?.release.abort();
    this.#delay = null;
  }

  failMethod(method: string, spec: FailSpec): void {
    const count = spec.count ?? 1;
    if (!(count === Infinity || (Number.isInteger(count) && count >= 0))) throw new Error('failMethod: count must be a non-negative integer or Infinity');
    if ('httpStatus' in spec) {
      if (!Number.isInteger(spec.httpStatus) || spec.httpStatus < 400 || spec.httpStatus > 599) throw new Error('failMethod: httpStatus must be 400..599');
    } else if (typeof spec.code !== 'string' || !spec.code) throw new Error('failMethod: needs a code or an httpStatus');
    if (count === 0) this.#failing.delete(method);
    else this.#failing.set(method, { spec, remaining: count });
  }

  async restart(opts: { downMs?: number } = {}): Promise<void> {
    this.#restartToolstack();
    const downMs = opts.downMs ?? 0;
    if (downMs <= 0) return;
    const up = this.listeners.filter((l) => l.listening);
    for (const l of up) this.#down.add(l);
    await Promise.all(up.map((l) => l.stop()));
    await this.#wait(downMs);
    await Promise.all(up.filter((l) => this.#down.has(l)).map((l) => this.#bringUp(l)));
  }

  expireTokens(): void {
    this.sim.expireTokens();
  }

  switchCoordinator(hostRef: string): void {
    const next = this.#listenerOfHost(hostRef, 'switchCoordinator');
    const old = this.sim.coordinatorAddress();
    if (next.address === old) return;
    this.#setMaster(hostRef);
    this.#demoted.delete(next.address);
    this.#demoted.add(old);
    for (const l of this.listeners) if (l.address === old) l.dropConnections();
  }

  killCoordinator(opts: KillOptions = {}): Promise<string> {
    if (!this.memberListeners) throw new Error('killCoordinator needs a simulator started with memberListeners');
    if (this.#transition) throw new Error('killCoordinator: a transition is already pending');
    const oldRef = this.sim.coordinator();
    const oldAddr = this.sim.coordinatorAddress();
    const pick = (): Listener => {
      if (opts.newCoordinator) return this.#listenerOfHost(opts.newCoordinator, 'killCoordinator');
      const l = this.listeners.find((x) => x.address !== oldAddr && x.listening && this.#hostAt(x.address));
      if (!l) throw new Error('killCoordinator: no other live host with a listener');
      return l;
    };
    const target = pick(); // fail now, not later, when there is nobody to take over
    const dead = this.listeners.filter((l) => l.address === oldAddr);
    for (const l of dead) this.#down.add(l);
    void Promise.all(dead.map((l) => l.stop()));
    const metrics = String(this.sim.db.get('host', oldRef)?.metrics ?? '');
    if (this.sim.db.get('host_metrics', metrics)) this.sim.db.update('host_metrics', metrics, { live: false });
    let resolveDone!: (ref: string) => void;
    const done = new Promise<string>((r) => { resolveDone = r; });
    const run = (): string => {
      this.#transition = null;
      clearTimeout(timer);
      this.#timers.delete(timer);
      const newRef = this.#hostAt(target.address)!;
      this.#setMaster(newRef);
      this.#demoted.delete(target.address);
      this.#demoted.add(oldAddr); // if it ever comes back, it is a member
      this.#restartToolstack(); // the emergency transition restarts xapi on the new coordinator
      resolveDone(newRef);
      return newRef;
    };
    const timer = setTimeout(run, opts.delayMs ?? 1000);
    this.#timers.add(timer);
    this.#transition = {
      run, done,
      settle: (newRef) => { this.#transition = null; clearTimeout(timer); this.#timers.delete(timer); resolveDone(newRef); },
    };
    return done;
  }

  /** pool.designate_new_master / emergency_transition_to_master (methods/pool.ts): pool.master becomes
   * hostRef; when that host has a listener, the old coordinator's listener is demoted as in
   * switchCoordinator (cut a moment later, so that the call's own reply gets out); an emergency
   * transition also restarts the toolstack, and settles a pending killCoordinator transition. */
  coordinatorChanged(hostRef: string, emergency: boolean): void {
    const addr = String(this.sim.db.get('host', hostRef)?.address ?? '');
    const old = this.sim.coordinatorAddress();
    // A transition done by hand settles a pending killCoordinator (its timer must not pick another host).
    if (emergency) this.#transition?.settle?.(hostRef);
    this.#setMaster(hostRef);
    if (this.memberListeners && addr !== old && this.listeners.some((l) => l.address === addr)) {
      this.#demoted.delete(addr);
      this.#demoted.add(old);
      this.#later(() => { for (const l of this.listeners) if (l.address === old) l.dropConnections(); });
    }
    if (emergency) this.#later(() => this.#restartToolstack());
  }

  failHost(hostRef: string, opts: FailHostOptions = {}): Promise<void> {
    this.#checkFailHost(hostRef, opts);
    const address = this.sim.db.get('host', hostRef)!.address;
    const listener = this.listeners.find((l) => l.address === address);
    const entry: FailedHost = { listener };
    this.#failed.set(hostRef, entry);
    if (listener) this.#down.add(listener);
    const stopped = listener ? listener.stop() : Promise.resolve();
    hostLost(this.sim, hostRef);
    if (!this.#haEnabled()) return stopped;
    entry.failover = new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        this.#timers.delete(timer);
        entry.cancel = undefined;
        // HA may have been disabled meanwhile; then nobody fences.
        if (!this.#haEnabled() || this.sim.shutdown.signal.aborted) return resolve();
        fenceAndRestart(this.sim, hostRef).catch((e: unknown) => console.error('simulator: HA failover failed', e)).finally(resolve);
      }, opts.detectMs ?? 1000);
      this.#timers.add(timer);
      entry.cancel = () => { clearTimeout(timer); this.#timers.delete(timer); resolve(); };
    });
    return Promise.all([stopped, entry.failover]).then(() => undefined);
  }

  async recoverHost(hostRef: string): Promise<void> {
    const entry = this.#failed.get(hostRef);
    if (!entry) throw new Error(`recoverHost: host ${hostRef} has not failed (failHost)`);
    entry.cancel?.(); // back before HA noticed: nothing is fenced
    await entry.failover; // a failover under way finishes first
    if (this.#failed.get(hostRef) !== entry) return; // recovered meanwhile by another call
    this.#failed.delete(hostRef);
    if (entry.listener) await this.#bringUp(entry.listener);
    hostBooted(this.sim, hostRef);
  }

  async clearFaults(): Promise<void> {
    this.#dropNext = 0;
    this.#dropFor = undefined;
    this.clearDelay();
    this.#failing.clear();
    this.#transition?.run();
    await Promise.all([...this.#failed.keys()].map((h) => this.recoverHost(h)));
    const revive = [...this.#down];
    await Promise.all(revive.map((l) => this.#bringUp(l)));
  }

  state(): FaultState {
    return {
      dropNext: this.#dropNext,
      dropFor: this.#dropFor ?? null,
      delay: this.#delay ? { ms: this.#delay.ms, methods: this.#delay.methods ? [...this.#delay.methods] : null, userAgent: this.#delay.userAgent ?? null } : null,
      failing: Object.fromEntries([...this.#failing].map(([m, f]) => [m, {
        ...('httpStatus' in f.spec ? { httpStatus: f.spec.httpStatus } : { code: f.spec.code, params: (f.spec.params ?? []).map(String) }),
        remaining: f.remaining === Infinity ? 'Infinity' as const : f.remaining,
      }])),
      tokenFloor: this.sim.tokenFloor,
      coordinator: this.sim.coordinator(),
      coordinatorAddress: this.sim.coordinatorAddress(),
      demoted: [...this.#demoted],
      down: [...this.#down].map((l) => l.address),
      failed: [...this.#failed.keys()],
    };
  }

  /** Stops timers (simulator close). */
  dispose(): void {
    for (const t of this.#timers) clearTimeout(t);
    this.#timers.clear();
    this.#delay?.release.abort();
  }

  #takeDrop(req: { userAgent: string; address: string }): boolean {
    if (this.#dropNext <= 0 || (this.#dropFor !== undefined && !req.userAgent.startsWith(this.#dropFor))) return false;
    this.#dropNext--;
    this.#hit({ fault: 'drop', userAgent: req.userAgent, address: req.address });
    return true;
  }

  async #beforeCall(method: string, env: CallEnv): Promise<RawReply | undefined> {
    const delay = this.#delay;
    const userAgent = env.userAgent ?? '';
    const who = { method, userAgent, address: env.hostAddress };
    if (delay && (!delay.methods || delay.methods.has(method)) && (delay.userAgent === undefined || userAgent.startsWith(delay.userAgent))) {
      const t0 = Date.now();
      await sleep(delay.ms, AbortSignal.any([delay.release.signal, env.connection, this.sim.shutdown.signal]));
      this.#hit({ fault: 'delay', ...who, heldMs: Date.now() - t0 });
      // The client gave up while we held it: never run it (nobody would see the answer).
      if (env.connection.aborted) return { status: 503, text: 'client went away\n' };
    }
    if (this.#demoted.has(env.hostAddress)) {
      this.#hit({ fault: 'host_is_slave', ...who });
      throw new XapiError('HOST_IS_SLAVE', [this.sim.coordinatorAddress()]);
    }
    const f = this.#failing.get(method);
    if (f) {
      if (--f.remaining <= 0) this.#failing.delete(method);
      this.#hit({ fault: 'fail', ...who });
      if ('httpStatus' in f.spec) return { status: f.spec.httpStatus, text: f.spec.body ?? `${f.spec.httpStatus} injected by the simulator\n` };
      throw new XapiError(f.spec.code, f.spec.params ?? []);
    }
    return undefined;
  }

  /** Faults that cut connections run a moment after the endpoint answered (or the answer would be cut too). */
  #later(fn: () => void): void {
    const t = setTimeout(() => {
      this.#timers.delete(t);
      try { fn(); } catch (e) { console.error('simulator: fault failed', e); }
    }, 20);
    this.#timers.add(t);
  }

  #restartToolstack(): void {
    for (const ref of [...this.sim.db.table('session').keys()]) this.sim.db.delete('session', ref);
    this.dropAll();
  }

  async #bringUp(l: Listener): Promise<void> {
    this.#down.delete(l);
    try {
      await l.resume();
    } catch (e) {
      console.error(`simulator: could not listen on ${l.address} again`, e);
    }
  }

  #wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(() => { this.#timers.delete(t); resolve(); }, ms);
      this.#timers.add(t);
    });
  }

  #hostAt(address: string): string | undefined {
    for (const [ref, row] of this.sim.db.table('host')) if (row.rec.address === address) return ref;
    return undefined;
  }

  #listenerOfHost(hostRef: string, what: string): Listener {
    if (!this.memberListeners) throw new Error(`${what} needs a simulator started with memberListeners`);
    const host = this.sim.db.get('host', hostRef);
    if (!host) throw new Error(`${what}: no host ${hostRef}`);
    if (this.#failed.has(hostRef)) throw new Error(`${what}: host ${hostRef} has failed (failHost); recoverHost first`);
    const l = this.listeners.find((x) => x.address === host.address);
    if (!l) throw new Error(`${what}: host ${hostRef} (${String(host.address)}) has no listener`);
    return l;
  }

  /** failHost's preconditions, checked before anything happens (also by the endpoint, before it answers). */
  #checkFailHost(hostRef: string, opts: FailHostOptions): void {
    if (!this.sim.db.get('host', hostRef)) throw new Error(`failHost: no host ${hostRef}`);
    if (hostRef === this.sim.coordinator()) throw new Error(`failHost: ${hostRef} is the pool coordinator; use killCoordinator for the coordinator's death`);
    if (this.#failed.has(hostRef)) throw new Error(`failHost: host ${hostRef} has already failed (recoverHost brings it back)`);
    if (this.sim.db.get('host_metrics', String(this.sim.db.get('host', hostRef)!.metrics))?.live === false) throw new Error(`failHost: host ${hostRef} is not live`);
    if (opts.detectMs !== undefined && !(opts.detectMs >= 0)) throw new Error('failHost: detectMs must be a non-negative number');
  }

  #haEnabled(): boolean {
    return [...this.sim.db.table('pool').values()][0]?.rec.ha_enabled === true;
  }

  #setMaster(hostRef: string): void {
    const [poolRef] = [...this.sim.db.table('pool').keys()];
    if (poolRef) this.sim.db.update('pool', poolRef, { master: hostRef });
    const metrics = String(this.sim.db.get('host', hostRef)?.metrics ?? '');
    const m = this.sim.db.get('host_metrics', metrics);
    if (m && m.live !== true) this.sim.db.update('host_metrics', metrics, { live: true });
  }

  // ---- POST /_simulator/faults ----

  async #control(req: http.IncomingMessage, body: string): Promise<{ status: number; json: unknown; headers?: Record<string, string> }> {
    if (!this.#authorised(req)) {
      return { status: 401, json: { ok: false, error: 'credentials required: Authorization: Basic (root user) or X-XAPI-Session: <session ref>' }, headers: { 'WWW-Authenticate': 'Basic realm="xapi-simulator"' } };
    }
    let cmd: Record<string, unknown>;
    try {
      const parsed: unknown = JSON.parse(body);
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('the body must be a JSON object');
      cmd = parsed as Record<string, unknown>;
    } catch (e) {
      return { status: 400, json: { ok: false, error: (e as Error).message } };
    }
    try {
      const result = await this.#run(cmd);
      return { status: 200, json: { ok: true, ...(result !== undefined ? { result } : {}), state: this.state() } };
    } catch (e) {
      return { status: 400, json: { ok: false, error: (e as Error).message } };
    }
  }

  #authorised(req: http.IncomingMessage): boolean {
    const session = req.headers['x-xapi-session'];
    if (typeof session === 'string' && session && this.sim.db.get('session', session)) return true;
    const m = /^Basic\s+(\S+)$/i.exec(req.headers.authorization ?? '');
    if (!m) return false;
    const text = Buffer.from(m[1], 'base64').toString('utf8');
    const colon = text.indexOf(':');
    return colon >= 0 && text.slice(0, colon) === this.sim.config.user && text.slice(colon + 1) === this.sim.config.password;
  }

  async #run(cmd: Record<string, unknown>): Promise<unknown> {
    const str = (k: string): string => {
      if (typeof cmd[k] !== 'string' || !cmd[k]) throw new Error(`${String(cmd.action)}: "${k}" must be a non-empty string`);
      return cmd[k] as string;
    };
    const num = (k: string, dflt?: number): number => {
      const v = cmd[k] ?? dflt;
      if (v === 'Infinity') return Infinity;
      if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`${String(cmd.action)}: "${k}" must be a number`);
      return v;
    };
    switch (cmd.action) {
      case 'dropNextConnections': return this.dropNextConnections(num('count'), clientFilter(cmd));
      case 'dropAllConnections': return this.#later(() => this.dropAll());
      case 'delayResponses': {
        const methods = cmd.methods;
        if (methods !== undefined && !(Array.isArray(methods) && methods.every((m) => typeof m === 'string'))) throw new Error('delayResponses: "methods" must be an array of strings');
        return this.delayResponses(num('ms'), { methods: methods as string[] | undefined, ...clientFilter(cmd) });
      }
      case 'clearDelay': return this.clearDelay();
      case 'failMethod': {
        const method = str('method');
        const count = num('count', 1);
        if (cmd.httpStatus !== undefined) return this.failMethod(method, { httpStatus: num('httpStatus'), count, ...(typeof cmd.body === 'string' ? { body: cmd.body } : {}) });
        const params = cmd.params ?? [];
        if (!Array.isArray(params)) throw new Error('failMethod: "params" must be an array');
        return this.failMethod(method, { code: str('code'), params: params.map(String), count });
      }
      case 'restart': {
        const downMs = cmd.downMs === undefined ? 0 : num('downMs');
        this.#later(() => { void this.restart({ downMs }); });
        return undefined;
      }
      case 'expireTokens': return this.expireTokens();
      case 'switchCoordinator': {
        const host = str('host');
        this.#listenerOfHost(host, 'switchCoordinator');
        this.#later(() => this.switchCoordinator(host));
        return undefined;
      }
      case 'killCoordinator': {
        const opts: KillOptions = {};
        if (cmd.newCoordinator !== undefined) opts.newCoordinator = str('newCoordinator');
        if (cmd.delayMs !== undefined) opts.delayMs = num('delayMs');
        if (!this.memberListeners) throw new Error('killCoordinator needs a simulator started with memberListeners');
        if (opts.newCoordinator) this.#listenerOfHost(opts.newCoordinator, 'killCoordinator');
        this.#later(() => { this.killCoordinator(opts).catch(() => undefined); });
        return undefined;
      }
      case 'failHost': {
        const host = str('host');
        const opts: FailHostOptions = cmd.detectMs === undefined ? {} : { detectMs: num('detectMs') };
        this.#checkFailHost(host, opts);
        this.#later(() => { this.failHost(host, opts).catch(() => undefined); });
        return undefined;
      }
      case 'recoverHost': return this.recoverHost(str('host'));
      case 'clearFaults': return this.clearFaults();
      // Not faults but load: a busy guest for the perfmon daemon, and one pass of it (docs/simulator.md "Performance alarms").
      case 'setCpuLoad': {
        const vm = str('vm');
        const ref = this.sim.db.get('VM', vm) ? vm : this.sim.db.findByUuid('VM', vm);
        if (!ref) throw new Error(`setCpuLoad: no VM ${vm}`);
        setCpuLoad(this.sim, ref, cmd.load === null ? null : num('load'));
        return undefined;
      }
      case 'perfmonCheck': return perfmonOf(this.sim)?.check() ?? [];
      case 'advanceClock': return { ran: await advanceClock(this.sim, num('ms')), now: new Date(this.sim.now()).toISOString() };
      case 'state': return undefined;
      default: throw new Error(`unknown action ${JSON.stringify(cmd.action)} (dropNextConnections, dropAllConnections, delayResponses, clearDelay, failMethod, restart, expireTokens, switchCoordinator, killCoordinator, failHost, recoverHost, clearFaults, setCpuLoad, perfmonCheck, advanceClock, state)`);
    }
  }
}

/** The control endpoint's optional "userAgent": a fault aimed at one client. */
function clientFilter(cmd: Record<string, unknown>): ClientFilter {
  if (cmd.userAgent === undefined) return {};
  if (typeof cmd.userAgent !== 'string') throw new Error('"userAgent" must be a string');
  return { userAgent: cmd.userAgent };
}

function checkCount(n: number, what: string): number {
  if (!Number.isInteger(n) || n < 0) throw new Error(`${what} must be a non-negative integer`);
  return n;
}
