// The RRDs of one pool (one Sim): every host's, made at start, and a VM's, made the first time it
// is asked for (most VMs of a large pool are never looked at). All share one timeline: a tick
// records every RRD at the same 5 s boundary, and a VM's RRD made later synthesises its history
// up to the previous boundary, then records the tick it was made on from the live state. A VM's
// history is synthesised only if it has a domain when its RRD is made; otherwise it is all NaN
// (it never ran here). RRDs are keyed by uuid, so they survive a host's pool.join (new ref, same
// uuid) and a VM's migration; a VM or host that is gone loses its RRD at the next tick.
import type { Sim } from '../sim';
import { Rrd, STEP } from './rrd';
import { hasDomain, hostSources, vmSources, type Source } from './sources';

export const DEFAULT_RRD_INTERVAL_MS = 5000;

interface Entry { cls: 'host' | 'VM'; ref: string; rrd: Rrd; cols: Map<string, number> }

export class RrdStore {
  /** The time of the last tick (seconds, a multiple of STEP); every RRD's lastupdate. */
  lastUpdate: number;
  readonly #entries = new Map<string, Entry>();
  /** Called at the start of each tick, before anything is recorded (perfmon.ts makes the RRDs it will read). */
  readonly beforeTick: Array<(at: number) => void> = [];

  constructor(private readonly sim: Sim, nowSeconds = Date.now() / 1000) {
    this.lastUpdate = Math.floor(nowSeconds / STEP) * STEP;
    this.#syncHosts();
  }

  /** The host's RRD (host uuid), made now if the host is new. */
  host(uuid: string): Rrd | undefined {
    const ref = this.sim.db.findByUuid('host', uuid);
    return ref ? this.#entry('host', ref, uuid).rrd : undefined;
  }

  /** The VM's RRD (VM uuid), made on first use; templates and snapshots have none. */
  vm(uuid: string): Rrd | undefined {
    const found = this.#entries.get(uuid);
    if (found?.cls === 'VM' && this.sim.db.get('VM', found.ref)) return found.rrd;
    const ref = this.sim.db.findByUuid('VM', uuid);
    const vm = ref ? this.sim.db.get('VM', ref) : undefined;
    if (!ref || !vm || vm.is_a_template) return undefined;
    return this.#entry('VM', ref, uuid).rrd;
  }

  /** Records every RRD at `at` (default: the wall clock's last 5 s boundary); no-op when not later
   * than the last tick. Returns the time of the last tick. */
  tick(at = Math.floor(Date.now() / 1000 / STEP) * STEP): number {
    if (at <= this.lastUpdate) return this.lastUpdate;
    if (at % STEP !== 0) throw new Error(`an RRD tick must be at a multiple of ${STEP} s`);
    const { db } = this.sim;
    for (const f of this.beforeTick) f(at);
    this.#syncHosts();
    for (const [uuid, e] of this.#entries) {
      if (!db.get(e.cls, e.ref)) {
        const ref = db.findByUuid(e.cls, uuid);
        if (!ref) { this.#entries.delete(uuid); continue; }
        e.ref = ref;
      }
      const sources = this.#sources(e.cls, e.ref);
      const readings = new Array<number>(e.rrd.dss.length).fill(NaN);
      for (const s of sources) {
        let col = e.cols.get(s.def.name);
        // A source that appeared (a new VIF, more vCPUs): a new column, NaN before now.
        if (col === undefined) { col = e.rrd.addDs(s.def); e.cols.set(s.def.name, col); readings.push(NaN); }
        readings[col] = s.read(at);
      }
      e.rrd.update(at, readings);
    }
    this.lastUpdate = at;
    return at;
  }

  /** RRDs held and the bytes of their recorded rows (memory figures). */
  stats(): { hosts: number; vms: number; bytes: number } {
    let hosts = 0, vms = 0, bytes = 0;
    for (const e of this.#entries.values()) { if (e.cls === 'host') hosts++; else vms++; bytes += e.rrd.bytes; }
    return { hosts, vms, bytes };
  }

  #sources(cls: 'host' | 'VM', ref: string): Source[] {
    return cls === 'host' ? hostSources(this.sim, ref) : vmSources(this.sim, ref);
  }

  #syncHosts(): void {
    for (const [ref, row] of this.sim.db.table('host')) this.#entry('host', ref, String(row.rec.uuid));
  }

  #entry(cls: 'host' | 'VM', ref: string, uuid: string): Entry {
    const found = this.#entries.get(uuid);
    if (found) { found.ref = ref; return found; }
    const sources = this.#sources(cls, ref);
    const synth = cls === 'host' || hasDomain(this.sim, this.sim.db.get('VM', ref)!);
    const rrd = new Rrd(this.lastUpdate - STEP, sources.map((s) => ({ def: s.def, history: synth ? s.history : undefined })));
    rrd.update(this.lastUpdate, sources.map((s) => s.read(this.lastUpdate)));
    const e: Entry = { cls, ref, rrd, cols: new Map(sources.map((s, i) => [s.def.name, i])) };
    this.#entries.set(uuid, e);
    return e;
  }
}

// Each pool's store, kept here rather than on Sim so that the state (sim.ts) imports nothing above it.
const stores = new WeakMap<Sim, RrdStore>();

/** The pool's store, once startRrd made it. */
export const rrdOf = (sim: Sim): RrdStore | undefined => stores.get(sim);

/** Makes the pool's store (rrdOf(sim)) and its timer: every rrdIntervalMs (default 5000, 0 = none:
 * tests tick by hand), aligned to the wall clock, unref'd, stopped with the simulator. */
export function startRrd(sim: Sim): RrdStore {
  const store = new RrdStore(sim);
  stores.set(sim, store);
  const ms = sim.config.rrdIntervalMs ?? DEFAULT_RRD_INTERVAL_MS;
  if (!(ms > 0)) return store;
  let timer: NodeJS.Timeout | undefined;
  const schedule = () => {
    // A few ms past the boundary, so the wall clock's 5 s boundary has been crossed.
    timer = setTimeout(() => {
      if (sim.shutdown.signal.aborted) return;
      store.tick();
      schedule();
    }, ms - (Date.now() % ms) + 20);
    timer.unref();
  };
  schedule();
  sim.shutdown.signal.addEventListener('abort', () => clearTimeout(timer), { once: true });
  return store;
}
