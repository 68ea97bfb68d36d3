// The simulated network of one simulator process: which pool answers at each loopback address.
// The main pool and any standalone hosts (pools of one host) each listen on their hosts' 127.0.0.x
// addresses, all on one port. pool.join re-targets the joiner's listener to the pool it joined,
// pool.eject boots a fresh standalone pool on the ejected host's address, and a cross-pool migration
// finds its destination pool by address. An address (or port) not served here is a pool of another
// simulator process, reached over HTTP on loopback only (remote-pool-http.ts, remote-join.ts).
import type { ConsoleService } from './consoles';
import type { Db } from './db';
import type { Listener, ListenerTarget } from './http-server';
import type { PoolNetwork, Sim } from './sim';
import { XapiError } from './xapi-error';
import { hostPart, portPart } from './address';

export interface PoolNode extends ListenerTarget {
  consoles: ConsoleService;
  /** Stops the pool's timers and its consoles (its database stays readable). */
  stop(): void;
}

export type PoolBooter = (db: Db, address: string) => PoolNode;

export class SimNetwork implements PoolNetwork {
  readonly #listeners = new Map<string, Listener>();
  readonly #nodes = new Set<PoolNode>();

  /** The one port every listener of this process uses (set by index.ts once listening). */
  port = 0;

  constructor(private readonly boot: PoolBooter) {}

  /** Whether `address` ("http://127.0.0.1:4711/", "127.0.0.4") names this process's port: no port
   * given (a dump's address) counts as ours; another port is another process. */
  isOurs(address: string): boolean {
    const port = portPart(address);
    return port === undefined || this.port === 0 || port === this.port;
  }

  add(listener: Listener): void {
    this.#listeners.set(listener.address, listener);
    this.#nodes.add(listener.target as PoolNode);
  }

  /** The pool answering at `address` ("127.0.0.4", "127.0.0.4:443" or a URL), if a listener here serves it. */
  poolAt(address: string): Sim | undefined {
    if (!this.isOurs(address)) return undefined;
    return this.#listeners.get(hostPart(address))?.target.sim;
  }

  /** xapi's login on a remote pool for pool.join / migrate checks: the coordinator's address must be given
   * (a member answers HOST_IS_SLAVE), credentials as the remote pool's superuser. */
  login(address: string, user: string, password: string): Sim {
    const pool = this.poolAt(address);
    if (!pool) throw new XapiError('JOINING_HOST_CONNECTION_FAILED', []);
    if (pool.coordinatorAddress() !== hostPart(address) && !(hostPart(address) === '127.0.0.1' && !pool.listenAddresses.has(pool.coordinatorAddress()))) {
      throw new XapiError('HOST_IS_SLAVE', [pool.coordinatorAddress()]);
    }
    if (user !== pool.config.user || password !== pool.config.password) throw new XapiError('SESSION_AUTHENTICATION_FAILED', [user, 'Authentication failure']);
    return pool;
  }

  /** The host at `address` restarts as a member of `to`: its listener serves that pool from now on
   * (its connections are cut, as a restarting toolstack's are) and the pool it left stops. */
  moveHost(address: string, to: Sim): void {
    const l = this.#listeners.get(address);
    const target = [...this.#nodes].find((n) => n.sim === to);
    if (!l || !target) return;
    const old = l.target as PoolNode;
    l.target = target;
    to.listenAddresses.add(address);
    l.dropConnections();
    if (![...this.#listeners.values()].some((x) => x.target === old)) { old.stop(); this.#nodes.delete(old); }
  }

  /** An ejected host at `address` boots as a fresh standalone pool built from `db`. */
  bootStandalone(address: string, db: Db, from: Sim): void {
    const l = this.#listeners.get(address);
    if (!l) return;
    from.listenAddresses.delete(address);
    const node = this.boot(db, address);
    node.sim.network = this;
    node.sim.listenAddresses.add(address);
    this.#nodes.add(node);
    l.target = node;
    l.dropConnections();
  }

  /** Cuts the connections of every listener serving `sim` (a toolstack restarting). */
  dropConnectionsOf(sim: Sim): void {
    for (const l of this.#listeners.values()) if (l.target.sim === sim) l.dropConnections();
  }

  /** Whether `address` is a pool of another process: a port not ours, or (same port) an address nothing here serves. */
  isElsewhere(address: string): boolean {
    return !this.isOurs(address) || !this.#listeners.has(hostPart(address));
  }

  /** Every pool node still running (the main pool first). */
  nodes(): PoolNode[] { return [...this.#nodes]; }

  stopAll(): void { for (const n of this.#nodes) n.stop(); }
}
