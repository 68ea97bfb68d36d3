// event.from / event.inject (WIRE.md "Events", FORMATS.md 4.2) on top of the database's generation
// counter: a token is the generation last seen; rows with a later mtime are add/mod, tombstones
// with a later generation are del. One event per object, so changes coalesce.
import { classInfoCaseless } from '../shared/xapi/model';
import { TABLE_CLASSES } from './db';
import type { Rec } from './fields';
import { nowDatetime, sleep, type CallCtx, type Handler, type Sim } from './sim';
import { XapiError } from './xapi-error';
import { quickCalls, type MethodModule } from './method-module';

const BATCH_MS = 50;
const pad = (n: number) => String(n).padStart(20, '0');
/**
 * A token, as xapi's Token.to_string writes it (xapi_event.ml): the database generation last seen,
 * then the message generation. The simulator keeps messages in the database, so the second is 0.
 */
export const makeToken = (gen: number): string => `${pad(gen)},${pad(0)}`;

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** OCaml's Int64.of_string: optional sign, decimal or 0x/0o/0b, underscores allowed; undefined when it would fail. */
function ocamlInt64(text: string): bigint | undefined {
  const m = /^([-+]?)(0[xX][0-9a-fA-F][0-9a-fA-F_]*|0[oO][0-7][0-7_]*|0[bB][01][01_]*|[0-9][0-9_]*)$/.exec(text);
  if (!m) return undefined;
  const digits = m[2].replace(/_/g, '');
  let v: bigint;
  try { v = BigInt(/^0[oObB]/.test(digits) ? `0${digits[1].toLowerCase()}${digits.slice(2)}` : digits); } catch { return undefined; }
  // Decimal must fit an int64; 0x/0o/0b may use all 64 bits (read as two's complement).
  if (/^0[xXoObB]/.test(digits)) {
    if (v > 2n ** 64n - 1n) return undefined;
    if (v > INT64_MAX) v -= 2n ** 64n;
  }
  if (m[1] === '-') v = -v;
  return v >= INT64_MIN && v <= INT64_MAX ? v : undefined;
}

/**
 * The database generation a token stands for; -1 for "" (the first call: adds for what exists).
 * As xapi_event.ml's `from`: the only check is Token.of_string ("a,b", both Int64.of_string), and
 * anything else answers EVENT_FROM_TOKEN_PARSE_FAILURE [token]. A token is not tied to a server
 * incarnation: one from before a restart, from another database (a restored backup, a member that
 * became coordinator with an older copy) or from the future is compared with this database's
 * counters as it is (persisted with the database: db_xml.ml generation_count), so the client gets
 * the rows changed after that number here, and never the deletion of rows this database never
 * had. Only the client can tell that the server changed under it (its session is gone).
 */
function parseToken(token: unknown, floor: number): number {
  if (token === '') return -1;
  const parts = typeof token === 'string' ? token.split(',') : [];
  const nums = parts.length === 2 ? parts.map(ocamlInt64) : [];
  if (nums.length !== 2 || nums.some((n) => n === undefined)) throw new XapiError('EVENT_FROM_TOKEN_PARSE_FAILURE', [String(token)]);
  const gen = Number(nums[0]);
  // The expireTokens() fault, not xapi's behaviour: tokens from before it are refused.
  if (floor > 0 && gen < floor) throw new XapiError('EVENTS_LOST', []);
  return gen;
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
    const signals = [ctx.connection, ctx.sim.shutdown.signal, ctx.sim.tokensExpiredSignal];
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
    const signals = [ctx.connection, ctx.sim.shutdown.signal, ctx.sim.tokensExpiredSignal];
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

const eventHandlers: Record<string, Handler> = {
  ...legacyHandlers,
  'event.from': async (ctx, [classes, token, timeout]) => {
    const filter = parseClasses(classes);
    const since = parseToken(token, ctx.sim.tokenFloor);
    const deadline = Date.now() + Math.max(0, Number(timeout) || 0) * 1000;
    // The token returned is never below the one given (xapi's `last` starts from it): a token from
    // the future stays where it is until this database's generation passes it.
    const tokenNow = () => makeToken(Math.max(since, ctx.sim.db.gen));
    for (;;) {
      assertSession(ctx);
      // Tokens were expired while this call waited (injected fault): what it had is lost too.
      if (since >= 0 && since < ctx.sim.tokenFloor) throw new XapiError('EVENTS_LOST', []);
      const events = collect(ctx, filter, since);
      const next = tokenNow();
      if (events.length || since < 0) return { events, valid_ref_counts: validRefCounts(ctx), token: next };
      if (Date.now() >= deadline || ctx.connection.aborted || ctx.sim.shutdown.signal.aborted) {
        return { events: [], valid_ref_counts: validRefCounts(ctx), token: next };
      }
      await nextChange(ctx, deadline - Date.now());
      if (!ctx.connection.aborted && Date.now() < deadline) await sleep(BATCH_MS); // let a burst of changes arrive together
    }
  },
  'event.inject': (ctx, [cls, ref]) => {
    const info = classInfoCaseless(String(cls));
    if (!info || !ctx.sim.db.get(info.name, String(ref))) throw new XapiError('HANDLE_INVALID', [String(cls), String(ref)]);
    ctx.sim.db.touch(info.name, String(ref));
    return makeToken(ctx.sim.db.gen);
  },
  'event.get_current_id': (ctx) => ctx.sim.db.gen,
};

export const eventMethods: MethodModule = quickCalls(eventHandlers);
