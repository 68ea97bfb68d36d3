// event.from / event.inject (WIRE.md "Events", FORMATS.md 4.2) on top of the database's generation
// counter: a token is the generation last seen; rows with a later mtime are add/mod, tombstones
// with a later generation are del. One event per object, so changes coalesce.
import { classInfoCaseless } from '../shared/xapi/model';
import { TABLE_CLASSES } from './db';
import type { Rec } from './fields';
import { nowDatetime, sleep, type CallCtx, type Handler, type Sim } from './sim';
import { XapiError } from './xapi-error';

const BATCH_MS = 50;
const pad = (n: number) => String(n).padStart(20, '0');
/** A token: the generation last seen, then the token epoch (0 until a simulated restart or expireTokens()). */
export const makeToken = (gen: number, epoch = 0): string => `${pad(gen)},${pad(epoch)}`;

function parseToken(token: unknown, epoch: number): number {
  if (token === '') return -1;
  const m = typeof token === 'string' ? /^(\d+),(\d+)$/.exec(token) : null;
  if (!m) throw new XapiError('EVENT_FROM_TOKEN_PARSE_FAILURE', [String(token)]);
  // A token from before a toolstack restart (or expired by the fault control) cannot be honoured:
  // the client has to start over with "" (what a real host answers for a lost event queue).
  if (Number(m[2]) !== epoch) throw new XapiError('EVENTS_LOST', []);
  return Number(m[1]);
}

interface Filter { all: boolean; classes: Set<string>; objects: Map<string, Set<string>> }

function parseClasses(classes: unknown): Filter {
  const f: Filter = { all: false, classes: new Set(), objects: new Map() };
  for (const c of Array.isArray(classes) ? classes : []) {
    const s = String(c);
    if (s === '*') { f.all = true; continue; }
    const slash = s.indexOf('/');
    const info = classInfoCaseless(slash >= 0 ? s.slice(0, slash) : s);
    if (!info || !TABLE_CLASSES.includes(info.name)) continue;
    if (slash >= 0) {
      const set = f.objects.get(info.name) ?? new Set();
      set.add(s.slice(slash + 1));
      f.objects.set(info.name, set);
    } else f.classes.add(info.name);
  }
  return f;
}

interface Event { id: string; timestamp: string; class: string; operation: 'add' | 'mod' | 'del'; ref: string; snapshot?: unknown }

function collect(ctx: CallCtx, filter: Filter, since: number): Event[] {
  const { db } = ctx.sim;
  const events: Event[] = [];
  for (const cls of TABLE_CLASSES) {
    const whole = filter.all || filter.classes.has(cls);
    const only = filter.objects.get(cls);
    if (!whole && !only) continue;
    const want = (ref: string) => whole || !!only?.has(ref);
    const lc = cls.toLowerCase();
    for (const [ref, row] of db.table(cls)) {
      if (row.mtime <= since || !want(ref)) continue;
      events.push({ id: String(row.mtime), timestamp: '0.0', class: lc, operation: row.ctime > since ? 'add' : 'mod', ref, snapshot: row.rec });
    }
    if (since < 0) continue; // first call: adds for what exists, no history
    for (const [ref, t] of db.tombstones.get(cls) ?? []) {
      if (t.gen > since && want(ref)) events.push({ id: String(t.gen), timestamp: '0.0', class: lc, operation: 'del', ref });
    }
  }
  return events;
}

function validRefCounts(ctx: CallCtx): Record<string, number> {
  return Object.fromEntries(TABLE_CLASSES.map((c) => [c.toLowerCase(), ctx.sim.db.table(c).size]));
}

function assertSession(ctx: CallCtx): void {
  if (!ctx.sim.db.get('session', ctx.session)) throw new XapiError('SESSION_INVALID', [ctx.session]);
}

/** Resolves on the next DB change, the deadline, a dropped connection or simulator shutdown. */
function nextChange(ctx: CallCtx, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const signals = [ctx.connection, ctx.sim.shutdown.signal, ctx.sim.epochSignal];
    const done = () => { clearTimeout(timer); off(); for (const s of signals) s.removeEventListener('abort', done); resolve(); };
    const timer = setTimeout(done, Math.max(0, ms));
    const off = ctx.sim.db.onChange(done);
    for (const s of signals) s.addEventListener('abort', done, { once: true });
  });
}

// ---- legacy events: event.register / event.next / event.unregister (WIRE.md "Legacy") ----
// Each registered session has its own queue, fed by every row change of a registered class (no
// coalescing: one record per change, like xapi's event queue). A reader that lets more than
// `eventQueueLimit` events pile up loses them: the next event.next answers EVENTS_LOST and the
// registration is dropped, so the client re-registers and resynchronises.
interface LegacyEvent { id: number; timestamp: string; class: string; operation: 'add' | 'mod' | 'del'; ref: string; obj_uuid: string; snapshot?: Rec }
interface Subscription { classes: Set<string>; queue: LegacyEvent[]; lost: boolean; wake: Set<() => void> }
interface LegacyState { subs: Map<string, Subscription>; off: () => void }
const legacy = new WeakMap<Sim, LegacyState>();
export const DEFAULT_EVENT_QUEUE_LIMIT = 10000;

function legacyState(sim: Sim): LegacyState {
  let st = legacy.get(sim);
  if (st) return st;
  const subs = new Map<string, Subscription>();
  const off = sim.db.onRowChange((cls, ref, op, gen, gone) => {
    if (subs.size === 0) return;
    if (cls === 'session' && op === 'del') subs.delete(ref);
    const lc = cls.toLowerCase();
    const rec = gone ?? sim.db.get(cls, ref);
    if (cls === 'message' && op === 'mod') return; // messages only get add and del (SEMANTICS.md 10.3)
    const limit = sim.config.eventQueueLimit ?? DEFAULT_EVENT_QUEUE_LIMIT;
    let ev: LegacyEvent | undefined;
    for (const sub of subs.values()) {
      if (sub.lost || !(sub.classes.has('*') || sub.classes.has(lc))) continue;
      ev ??= { id: gen, timestamp: nowDatetime(), class: lc, operation: op, ref, obj_uuid: String(rec?.uuid ?? ''), snapshot: rec ? structuredClone(rec) : undefined };
      if (sub.queue.length >= limit) { sub.lost = true; sub.queue = []; } else sub.queue.push(ev);
      for (const w of [...sub.wake]) w();
    }
  });
  st = { subs, off };
  legacy.set(sim, st);
  return st;
}

function legacyClasses(classes: unknown): string[] {
  const out: string[] = [];
  for (const c of Array.isArray(classes) ? classes : []) {
    const s = String(c);
    if (s === '*') { out.push('*'); continue; }
    const info = classInfoCaseless(s);
    if (info && TABLE_CLASSES.includes(info.name)) out.push(info.name.toLowerCase());
  }
  return out;
}

/** Resolves when the subscription gets an event, the session goes, the connection drops or the simulator stops. */
function waitLegacy(ctx: CallCtx, sub: Subscription): Promise<void> {
  return new Promise((resolve) => {
    const signals = [ctx.connection, ctx.sim.shutdown.signal, ctx.sim.epochSignal];
    const done = () => { sub.wake.delete(done); off(); for (const s of signals) s.removeEventListener('abort', done); resolve(); };
    sub.wake.add(done);
    // session deletion (logout, restart) is a DB change too
    const off = ctx.sim.db.onChange(() => { if (!ctx.sim.db.get('session', ctx.session)) done(); });
    for (const s of signals) s.addEventListener('abort', done, { once: true });
  });
}

const legacyHandlers: Record<string, Handler> = {
  'event.register': (ctx, [classes]) => {
    const { subs } = legacyState(ctx.sim);
    const sub = subs.get(ctx.session) ?? { classes: new Set<string>(), queue: [], lost: false, wake: new Set() };
    for (const c of legacyClasses(classes)) sub.classes.add(c);
    subs.set(ctx.session, sub);
    return '';
  },
  'event.unregister': (ctx, [classes]) => {
    const sub = legacyState(ctx.sim).subs.get(ctx.session);
    if (!sub) return '';
    for (const c of legacyClasses(classes)) sub.classes.delete(c);
    sub.queue = sub.queue.filter((e) => sub.classes.has('*') || sub.classes.has(e.class));
    return '';
  },
  'event.next': async (ctx) => {
    const { subs } = legacyState(ctx.sim);
    for (;;) {
      assertSession(ctx);
      const sub = subs.get(ctx.session);
      if (!sub || sub.classes.size === 0) throw new XapiError('SESSION_NOT_REGISTERED', [ctx.session]);
      if (sub.lost) { subs.delete(ctx.session); throw new XapiError('EVENTS_LOST', []); }
      if (sub.queue.length) {
        await sleep(BATCH_MS); // let a burst arrive together
        if (sub.lost) { subs.delete(ctx.session); throw new XapiError('EVENTS_LOST', []); }
        const out = sub.queue;
        sub.queue = [];
        return out;
      }
      if (ctx.connection.aborted || ctx.sim.shutdown.signal.aborted) return [];
      await waitLegacy(ctx, sub);
    }
  },
};

export const eventHandlers: Record<string, Handler> = {
  ...legacyHandlers,
  'event.from': async (ctx, [classes, token, timeout]) => {
    const filter = parseClasses(classes);
    const epoch = ctx.sim.tokenEpoch;
    const since = parseToken(token, epoch);
    const deadline = Date.now() + Math.max(0, Number(timeout) || 0) * 1000;
    for (;;) {
      assertSession(ctx);
      // Tokens were expired while this call waited: what it had is lost too.
      if (ctx.sim.tokenEpoch !== epoch) throw new XapiError('EVENTS_LOST', []);
      const gen = ctx.sim.db.gen;
      const events = collect(ctx, filter, since);
      if (events.length || since < 0) return { events, valid_ref_counts: validRefCounts(ctx), token: makeToken(gen, epoch) };
      if (Date.now() >= deadline || ctx.connection.aborted || ctx.sim.shutdown.signal.aborted) {
        return { events: [], valid_ref_counts: validRefCounts(ctx), token: makeToken(gen, epoch) };
      }
      await nextChange(ctx, deadline - Date.now());
      if (!ctx.connection.aborted && Date.now() < deadline) await sleep(BATCH_MS); // let a burst of changes arrive together
    }
  },
  'event.inject': (ctx, [cls, ref]) => {
    const info = classInfoCaseless(String(cls));
    if (!info || !ctx.sim.db.get(info.name, String(ref))) throw new XapiError('HANDLE_INVALID', [String(cls), String(ref)]);
    ctx.sim.db.touch(info.name, String(ref));
    return makeToken(ctx.sim.db.gen, ctx.sim.tokenEpoch);
  },
  'event.get_current_id': (ctx) => ctx.sim.db.gen,
};
