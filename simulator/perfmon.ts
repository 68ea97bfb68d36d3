// xapi's perfmon daemon (xen-api scripts/perfmon) for one pool: every interval (perfmon's 300 s) it
// reads the rows the RRDs completed since its last pass at its step (perfmon's rrd_step, 60 s: the
// one-minute AVERAGE archive), and for each VM with a domain and each live host evaluates the
// variables of its other_config:perfmon (and, for a host, the sr_io_throughput_total_per_host variable
// of each SR it has a PBD for, as perfmon's HOSTMonitor does): the matching data sources consolidated
// per row (average, sum or max), a row on the wrong side of the trigger level takes the row's step off
// a counter that starts at alarm_trigger_period, reaching 0 raises an ALARM message (as
// message.create: priority alarm_priority, class VM/Host, the object's uuid, body "value: %f\nconfig:\n"
// and the variable as toprettyxml) unless one was raised less than alarm_auto_inhibit_period ago, and a
// good row restarts the counter. Variables keep their state while their XML is unchanged.
// Each server's perfmon caches every object's other_config:perfmon (update_all_xmlconfigs) and reads it
// again only every config_update_period (1800 s; perfmonConfigPeriodMs, on the pool's clock; 0 = every
// pass) or when told by the perfmon plugin's "refresh" (host.call_plugin), which also wakes its loop
// for a pass at once (here a pass of the whole pool, when the timer runs). Differences: the inhibit period runs on the RRD's timeline, not the wall
// clock; data sources the simulator does not keep (SR throughput, dom0 file systems) never alarm.
import { descendants, defaultOf, parseConfig, prettyXml, type MonitorType, type Node } from './perfmon-config';
import { nowDatetime, type Sim } from './sim';
import { ARCHIVES, STEP } from './rrd/rrd';
import { rrdOf } from './rrd/store';
import { hasDomain } from './rrd/sources';

export const DEFAULT_PERFMON_INTERVAL_MS = 300_000;
export const DEFAULT_PERFMON_STEP = 60;
/** perfmon's config_update_period: how long a server's perfmon keeps the configurations it read. */
export const DEFAULT_PERFMON_CONFIG_PERIOD_MS = 1_800_000;

/** One server's cache of other_config:perfmon by `<class>:<ref>`, read at `readAt` (pool clock, ms). */
interface ConfigCache { readAt: number; stale: boolean; xml: Map<string, string> }

const CONSOLIDATE: Record<string, (xs: number[]) => number> = {
  sum: (xs) => xs.reduce((a, b) => a + b, 0),
  average: (xs) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0),
  max: (xs) => Math.max(...xs),
};

interface Variable {
  name: string;
  /** The variable's XML: a variable is replaced (its state reset) only when this changes. */
  xml: string;
  regex: RegExp;
  consolidate: (xs: number[]) => number;
  level: number;
  low: boolean;
  period: number;
  inhibit: number;
  priority: number;
  counter: number;
  lastAlarm: number;
}

function variableOf(type: MonitorType, node: Node): Variable | undefined {
  const name = descendants(node, 'name')[0]?.attrs.find(([k]) => k === 'value')?.[1];
  if (!name) return undefined;
  const get = (tag: string) => descendants(node, tag)[0]?.attrs.find(([k]) => k === 'value')?.[1] ?? defaultOf(type, name, tag);
  const regex = get('rrd_regex'), fn = get('consolidation_fn'), level = Number(get('alarm_trigger_level'));
  const period = Number(get('alarm_trigger_period')), inhibit = Number(get('alarm_auto_inhibit_period'));
  // What perfmon refuses (XmlConfigException), or computes from dom0's own files (get_percent_*): no variable here.
  if (regex === undefined || !fn || !CONSOLIDATE[fn] || !Number.isFinite(level) || !Number.isInteger(period) || !Number.isInteger(inhibit)) return undefined;
  let re: RegExp;
  try { re = new RegExp(`^(?:${regex})$`); } catch { return undefined; }
  const xml = prettyXml(node);
  return {
    name, xml, regex: re, consolidate: CONSOLIDATE[fn], level, low: get('alarm_trigger_sense') !== 'high', period, inhibit,
    priority: Number(get('alarm_priority')) || 3, counter: period, lastAlarm: -Infinity,
  };
}

export class Perfmon {
  /** Rows ending after this were not read yet (seconds). Starts at the RRDs' last update: history before the daemon ran is not judged. */
  #since: number;
  readonly #vars = new Map<string, Variable[]>();
  readonly #archive: number;
  /** Each server's cached configurations (by host ref). */
  readonly #caches = new Map<string, ConfigCache>();
  /** Set when the timer runs: a refresh wakes the loop for a pass at once. */
  wake?: () => void;

  constructor(private readonly sim: Sim, private readonly step = DEFAULT_PERFMON_STEP, private readonly configPeriodMs = DEFAULT_PERFMON_CONFIG_PERIOD_MS) {
    this.#archive = ARCHIVES.findIndex((a) => a.pdp * STEP === step);
    if (this.#archive < 0) throw new Error(`perfmon step ${step} s: an RRD archive has rows of ${ARCHIVES.map((a) => a.pdp * STEP).join(', ')} s`);
    const store = rrdOf(sim);
    this.#since = store?.lastUpdate ?? 0;
    // xcp-rrdd records every domain; the store makes a VM's RRD on first use. A monitored VM's is made
    // before the tick, so the rows perfmon reads are recorded, not synthesised history.
    store?.beforeTick.push(() => {
      for (const [, { rec: vm }] of sim.db.table('VM')) {
        if (!vm.is_a_template && typeof (vm.other_config as Record<string, unknown> | undefined)?.perfmon === 'string' && hasDomain(sim, vm)) store.vm(String(vm.uuid));
      }
    });
  }

  /** The plugin's "refresh" on that server: its configurations are read again at its next pass, which runs at once. */
  refresh(hostRef: string): void {
    const cache = this.#caches.get(hostRef);
    if (cache) cache.stale = true;
    this.wake?.();
  }

  /** The server's cached other_config:perfmon of an object, re-read (all objects, as update_all_xmlconfigs) when due. */
  #cachedXml(hostRef: string, cls: 'VM' | 'host' | 'SR', ref: string): string | undefined {
    const now = this.sim.now();
    let cache = this.#caches.get(hostRef);
    if (!cache || cache.stale || now - cache.readAt >= this.configPeriodMs) {
      cache = { readAt: now, stale: false, xml: new Map() };
      for (const c of ['VM', 'host', 'SR'] as const) {
        for (const [r, { rec }] of this.sim.db.table(c)) {
          const v = (rec.other_config as Record<string, unknown> | undefined)?.perfmon;
          if (typeof v === 'string') cache.xml.set(`${c}:${r}`, v);
        }
      }
      this.#caches.set(hostRef, cache);
    }
    return cache.xml.get(`${cls}:${ref}`);
  }

  /** One pass: evaluates the rows completed since the last one; returns the refs of the ALARM messages raised. */
  check(): string[] {
    const store = rrdOf(this.sim);
    if (!store) return [];
    const { db } = this.sim;
    const period = this.step;
    const end = Math.floor(store.lastUpdate / period) * period;
    const raised: string[] = [];
    const seen = new Set<string>();
    const monitor = (type: MonitorType, uuid: string, configs: Array<[string, Node | undefined]>, rrd: ReturnType<typeof store.host>) => {
      const key = `${type}:${uuid}`;
      seen.add(key);
      const vars = this.#refresh(key, type, configs);
      if (!rrd || vars.length === 0) return;
      const names = rrd.dss.map((d) => d.name);
      for (const v of vars) {
        const cols = names.flatMap((n, i) => (v.regex.test(n) ? [i] : []));
        for (let t = Math.floor(this.#since / period) * period + period; t <= end; t += period) {
          const value = v.consolidate(cols.map((c) => rrd.value(this.#archive, t, c)));
          const bad = v.low ? value < v.level : value > v.level;
          if (!bad) { v.counter = v.period; continue; }
          v.counter -= period;
          if (v.counter > 0) continue;
          v.counter = v.period;
          if (t - v.lastAlarm < v.inhibit) continue;
          v.lastAlarm = t;
          raised.push(db.create('message', {
            name: 'ALARM', priority: v.priority, cls: type, obj_uuid: uuid, body: `value: ${value.toFixed(6)}\nconfig:\n${v.xml}`, timestamp: nowDatetime(),
          }));
        }
      }
    };
    // Each server's perfmon monitors the VMs running there, itself and its SRs, from its own cache.
    for (const [vmRef, { rec: vm }] of db.table('VM')) {
      if (vm.is_a_template || !hasDomain(this.sim, vm)) continue;
      const xml = this.#cachedXml(String(vm.resident_on), 'VM', vmRef);
      if (xml === undefined) continue;
      monitor('VM', String(vm.uuid), this.#configs(xml), store.vm(String(vm.uuid)));
    }
    for (const [hostRef, { rec: host }] of db.table('host')) {
      if (db.get('host_metrics', String(host.metrics))?.live === false) continue;
      const own = this.#cachedXml(hostRef, 'host', hostRef);
      const configs: Array<[string, Node | undefined]> = own === undefined ? [] : this.#configs(own);
      const ownNames = new Set(configs.map(([, n]) => (n ? descendants(n, 'name')[0]?.attrs.find(([k]) => k === 'value')?.[1] : undefined)));
      // An SR's sr_io_throughput_total_per_host becomes sr_io_throughput_total_<SR uuid's first 8> on each of its hosts, unless the host configures that name itself.
      for (const [srRef, { rec: sr }] of db.table('SR')) {
        const xml = this.#cachedXml(hostRef, 'SR', srRef);
        if (xml === undefined || !((sr.PBDs as string[]) ?? []).some((p) => db.get('PBD', p)?.host === hostRef)) continue;
        for (const [, n] of this.#configs(xml)) {
          const nameEl = n ? descendants(n, 'name')[0] : undefined;
          if (!n || !nameEl || nameEl.attrs.find(([k]) => k === 'value')?.[1] !== 'sr_io_throughput_total_per_host' || descendants(n, 'rrd_regex').length) continue;
          const name = `sr_io_throughput_total_${String(sr.uuid).slice(0, 8)}`;
          if (ownNames.has(name)) continue;
          const copy: Node = { ...n, kids: [...n.kids.map((k) => (k === nameEl ? { ...k, attrs: [['value', name] as [string, string]] } : k)),
            { tag: 'configured_on', attrs: [['class', 'SR'], ['uuid', String(sr.uuid)]], kids: [] }] };
          configs.push([prettyXml(copy), copy]);
          break;
        }
      }
      if (configs.length) monitor('Host', String(host.uuid), configs, store.host(String(host.uuid)));
    }
    for (const k of [...this.#vars.keys()]) if (!seen.has(k)) this.#vars.delete(k);
    this.#since = Math.max(this.#since, end);
    return raised;
  }

  /** The <variable> nodes of a config (keyed by their XML); none when it is not well-formed (perfmon logs an ExpatError). */
  #configs(xml: string): Array<[string, Node | undefined]> {
    const root = parseConfig(xml);
    if (root instanceof Error) return [];
    return descendants(root, 'variable').map((n) => [prettyXml(n), n]);
  }

  /** The object's variables, each kept (with its state) while its XML is unchanged, as perfmon's __parse_xmlconfig. */
  #refresh(key: string, type: MonitorType, configs: Array<[string, Node | undefined]>): Variable[] {
    const old = this.#vars.get(key) ?? [];
    const out: Variable[] = [];
    for (const [xml, node] of configs) {
      const kept = old.find((v) => v.xml === xml);
      const v = kept ?? (node ? variableOf(type, node) : undefined);
      if (v && !out.some((o) => o.name === v.name)) out.push(v);
    }
    this.#vars.set(key, out);
    return out;
  }
}

// Each pool's daemon, kept here rather than on Sim (sim.ts imports nothing above it).
const daemons = new WeakMap<Sim, Perfmon>();
export const perfmonOf = (sim: Sim): Perfmon | undefined => daemons.get(sim);

/** Starts the pool's daemon (perfmonOf(sim)) and its timer: every perfmonIntervalMs (default 300000; 0 = none, tests run check() by hand). */
export function startPerfmon(sim: Sim): Perfmon {
  const daemon = new Perfmon(sim, sim.config.perfmonStep ?? DEFAULT_PERFMON_STEP, sim.config.perfmonConfigPeriodMs ?? DEFAULT_PERFMON_CONFIG_PERIOD_MS);
  daemons.set(sim, daemon);
  const ms = sim.config.perfmonIntervalMs ?? DEFAULT_PERFMON_INTERVAL_MS;
  if (ms > 0) {
    const pass = () => { if (!sim.shutdown.signal.aborted) daemon.check(); };
    const timer = setInterval(pass, ms);
    timer.unref();
    daemon.wake = () => { setImmediate(pass).unref(); };
    sim.shutdown.signal.addEventListener('abort', () => clearInterval(timer), { once: true });
  }
  return daemon;
}
