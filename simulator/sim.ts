// Shared state of one running simulator: the database, its configuration, the handler table and
// the running tasks. Method modules receive a CallCtx built from it.
import type { Db } from './db';
import type { AdDomain } from './ad-domain';
import { XapiError } from './xapi-error';

export type UserRole = 'pool-admin' | 'pool-operator' | 'vm-power-admin' | 'vm-admin' | 'vm-operator' | 'read-only';
export interface SimUser { user: string; password: string; role: UserRole }

export interface SimConfig {
  user: string;
  password: string;
  taskDurationMs: number;
  /** Extra (non-superuser) users with one XAPI role each (RBAC, SEMANTICS.md 11.2). */
  users?: SimUser[];
  /** The Active Directory domain external authentication joins (default: ad-domain.ts DEFAULT_DOMAIN). */
  domain?: AdDomain;
  /** Legacy event.next queue bound per session; beyond it the session gets EVENTS_LOST (default 10000). */
  eventQueueLimit?: number;
  /** Interval of the running-VM metrics timer in ms (default 5000; 0 = off). */
  metricsIntervalMs?: number;
  /** Interval of the RRD timer in ms (default 5000; 0 = off, ticks only by hand: rrd/store.ts). */
  rrdIntervalMs?: number;
  /** Interval of the perfmon daemon's passes in ms (default 300000, perfmon's; 0 = off, passes only by hand: perfmon.ts). */
  perfmonIntervalMs?: number;
  /** How long each server's perfmon keeps the configurations it read, in ms (default 1800000; 0 = every pass). */
  perfmonConfigPeriodMs?: number;
  /** The RRD rows perfmon reads, in seconds: 60 (perfmon's rrd_step, the default) or 5. */
  perfmonStep?: number;
  /** The servers' time zone as minutes east of UTC (default 0: UTC, as XenServer installs): what
   * host.get_server_localtime reads and the hour and minute of a snapshot schedule mean. */
  utcOffsetMinutes?: number;
}

export interface CallCtx {
  sim: Sim;
  session: string;
  method: string;
  /** Task executing this call (Async calls and sync calls of messages with an async form). */
  task?: string;
  async: boolean;
  /** Aborted when the client connection goes away (event.from stops waiting). */
  connection: AbortSignal;
  /** Aborted when the task is cancelled. */
  cancel?: AbortSignal;
  /** Address of the host the request arrived on (member listeners answer HOST_IS_SLAVE). */
  hostAddress: string;
}

export type Handler = (ctx: CallCtx, args: unknown[]) => unknown;

/** What a pool's calls see of the process's simulated network (SimNetwork in pool-network.ts, which
 * sits above the server: declared here so that the state imports nothing above it). */
export interface PoolNetwork {
  /** The one port every listener of this process uses. */
  readonly port: number;
  /** Whether `address` names this process's port (no port given counts as ours). */
  isOurs(address: string): boolean;
  /** Whether `address` is a pool of another process. */
  isElsewhere(address: string): boolean;
  poolAt(address: string): Sim | undefined;
  login(address: string, user: string, password: string): Sim;
  moveHost(address: string, to: Sim): void;
  bootStandalone(address: string, db: Db, from: Sim): void;
  /** Cuts the connections of every listener serving `sim` (a toolstack restarting). */
  dropConnectionsOf(sim: Sim): void;
}

export const sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done() { clearTimeout(t); signal?.removeEventListener('abort', done); resolve(); }
    signal?.addEventListener('abort', done, { once: true });
  });

export function nowDatetime(d = new Date()): string {
  return d.toISOString().replace(/-/g, '').replace(/\.\d+Z$/, 'Z');
}

export class Sim {
  readonly handlers = new Map<string, Handler>();
  readonly taskCancels = new Map<string, AbortController>();
  /** Aborted by close(): every sleeping task wakes and stops. */
  readonly shutdown = new AbortController();
  domid = 1;
  /** Scheme, address and port of console locations for a host address (set once listening). */
  consoleOrigin: (hostAddress: string) => string = (a) => `https://${a}`;
  /** expireTokens() (an injected fault, faults.ts): event.from refuses a token below this generation
   * with EVENTS_LOST. 0: every token is honoured, as xapi does (events.ts). */
  tokenFloor = 0;
  /** How far the pool's clock runs ahead of the wall clock (advanceClock, vmss-scheduler.ts): what
   * the snapshot schedules see as now. */
  clockOffsetMs = 0;
  #tokensExpired = new AbortController();
  /** Addresses this simulator listens on (set by index.ts): when the coordinator's address is one of
   * them, 127.0.0.1 is an ordinary host and a login there follows the HOST_IS_SLAVE rule too. */
  listenAddresses = new Set<string>();
  /** Set by index.ts from faults.ts (methods/host.ts, methods/pool.ts): a toolstack restart, and a
   * coordinator change that also moves the listeners' roles (HOST_IS_SLAVE) when there are member listeners. */
  /** The process's simulated network (other pools, standalone hosts), set by index.ts. */
  network?: PoolNetwork;
  /** Set when this standalone host joined a pool of another process (remote-join.ts): the
   * coordinator's address; every login here answers HOST_IS_SLAVE with it. */
  memberOf?: string;
  hooks: { restartToolstack?: () => void; coordinatorChanged?: (host: string, emergency: boolean) => void } = {};
  constructor(readonly db: Db, readonly config: SimConfig) {}

  /** The pool's clock in ms: the wall clock plus clockOffsetMs. */
  now(): number { return Date.now() + this.clockOffsetMs; }

  /** The servers' time zone in ms east of UTC (SimConfig.utcOffsetMinutes). */
  get utcOffsetMs(): number { return (this.config.utcOffsetMinutes ?? 0) * 60_000; }

  /** `location` of a console of a domain resident on `host` (WIRE.md "Consoles"). */
  consoleLocation(host: string, uuid: string): string {
    const address = String(this.db.get('host', host)?.address ?? '127.0.0.1');
    return `${this.consoleOrigin(address)}/console?uuid=${uuid}`;
  }

  /** Aborted by expireTokens() (blocked event.from calls wake and answer EVENTS_LOST). */
  get tokensExpiredSignal(): AbortSignal { return this.#tokensExpired.signal; }

  /** Every token issued so far is refused from now on; tokens issued after this are honoured
   * (the generation moves on, so a new token is never below the floor). */
  expireTokens(): void {
    this.tokenFloor = ++this.db.gen;
    const old = this.#tokensExpired;
    this.#tokensExpired = new AbortController();
    old.abort();
  }

  coordinator(): string {
    const pool = [...this.db.table('pool').values()][0];
    return String(pool?.rec.master ?? 'OpaqueRef:NULL');
  }

  coordinatorAddress(): string {
    return String(this.db.get('host', this.coordinator())?.address ?? '127.0.0.1');
  }

  /** Duration of one simulated operation: full for Async calls, a quarter for sync ones. */
  durationMs(ctx: CallCtx): number {
    return ctx.async ? this.config.taskDurationMs : Math.round(this.config.taskDurationMs / 4);
  }

  /** Spends `ms` in a few steps, raising task progress from `from` to `to`; honours cancellation. */
  async work(ctx: CallCtx, ms: number, from = 0, to = 0.99): Promise<void> {
    const steps = ms >= 200 ? 5 : ms > 0 ? 1 : 0;
    for (let i = 1; i <= steps; i++) {
      this.checkCancelled(ctx);
      await sleep(ms / steps, anySignal(ctx.cancel, this.shutdown.signal));
      this.checkCancelled(ctx);
      if (this.shutdown.signal.aborted) throw new XapiError('INTERNAL_ERROR', ['simulator shutting down']);
      if (ctx.task && this.db.get('task', ctx.task)) {
        this.db.update('task', ctx.task, { progress: Math.round((from + ((to - from) * i) / steps) * 100) / 100 });
      }
    }
  }

  checkCancelled(ctx: CallCtx): void {
    if (ctx.cancel?.aborted && ctx.task) throw new XapiError('TASK_CANCELLED', [ctx.task]);
  }
}

function anySignal(...signals: (AbortSignal | undefined)[]): AbortSignal {
  return AbortSignal.any(signals.filter((s): s is AbortSignal => !!s));
}
