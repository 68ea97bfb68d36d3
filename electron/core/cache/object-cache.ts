// The objects of one connection, as event.from reports them, keyed by class (lowercase, as events
// name it: 'vm', 'vm_metrics') and ref. Changes are also collected into one coalesced CacheDelta
// per flush interval so the renderer gets one message per frame-sized slice, not one per event.
// Records come from the server and are untrusted: they are stored as received, only ever looked
// up through Maps, and never merged into other objects.
import type { CacheDelta, ObjectChange } from '../../../shared/ipc/contract';
import { SUBTASK_OF_KEY } from '../../../shared/task-keys';
import { FIRST_LOAD_FIELDS, FIRST_LOAD_OMIT, FIRST_SLICE_DELAY_MS, STAGE_MIN_OBJECTS, SLICE_BYTES, SLICE_INTERVAL_MS, shortRecordsOf, type ShortRecords } from '../../../shared/first-load';

export type ObjectRecord = Record<string, unknown>;

/** The part of an event.from event the cache needs; anything else is ignored. */
export interface CacheEvent {
  class: string;
  operation: string;
  ref: string;
  snapshot?: unknown;
}

export interface ObjectCacheOptions {
  connectionId: string;
  /** Receives every coalesced delta. */
  onDelta?: (delta: CacheDelta) => void;
  /** The least time between two deltas (default 32 ms: at most one message every other frame). A change
   *  after a quiet spell goes out at once, with whatever else arrived in the same turn of the event loop. */
  flushIntervalMs?: number;
  /** Big loads go out in stages (shared/first-load.ts); off, every delta carries full records (default on). */
  staged?: boolean;
}

interface Pending {
  /** Whether the renderer had the object at the last flush (decides add vs mod vs nothing). */
  existedBefore: boolean;
  /** An add event was seen in this window: the renderer must treat it as a fresh object. */
  sawAdd: boolean;
  /** An add or mod was seen in this window (the renderer has not seen that state yet). */
  sawPut: boolean;
  /** The record as it was when a del removed it, if it had changed in this window. */
  last?: ObjectRecord;
}

/**
 * Classes whose final state the renderer needs even when the object was added and deleted within
 * one window: a task's last record (status, result, error_info) is what the Events panel keeps
 * after the server destroys it, and quick tasks (another client's, or ours destroyed right after
 * reading the result) routinely live shorter than a window. Other classes that came and went
 * unseen produce nothing, as the renderer never knew them.
 */
const KEEP_FINAL_STATE = new Set(['task']);

/** A small class's record without its long lists of big-class refs (FIRST_LOAD_OMIT), or undefined when it has none. */
function withoutLongLists(cls: string, record: ObjectRecord): ObjectRecord | undefined {
  const omit = FIRST_LOAD_OMIT[cls];
  if (!omit?.some((f) => Array.isArray(record[f]) && (record[f] as unknown[]).length > STAGE_MIN_OBJECTS / 4)) return undefined;
  const out = { ...record };
  for (const f of omit) delete out[f];
  return out;
}

const isRecord = (v: unknown): v is ObjectRecord => typeof v === 'object' && v !== null && !Array.isArray(v);

/** sameValue that never throws: a record nested deep enough to exhaust the stack counts as changed. */
function sameRecord(a: ObjectRecord, b: ObjectRecord): boolean {
  try {
    return sameValue(a, b);
  } catch {
    return false;
  }
}

/** Deep equality of JSON values (key order ignored), own keys only. */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return Number.isNaN(a) && Number.isNaN(b);
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) return a.length === (b as unknown[]).length && a.every((x, i) => sameValue(x, (b as unknown[])[i]));
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => Object.hasOwn(b, k) && sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

export class ObjectCache {
  readonly connectionId: string;
  private readonly store = new Map<string, Map<string, ObjectRecord>>();
  private pending = new Map<string, Map<string, Pending>>();
  /** Task ref → the client task it is a step of (markStep). */
  private readonly stepOf = new Map<string, string>();
  private resetPending = false;
  /** Set by a first load: the next delta is the whole store (each object an add), whatever `pending` says. */
  private wholeStore = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** When the last delta went out (Date.now(); the wait is clamped, so a clock step cannot stall deltas). */
  private lastFlushAt = -Infinity;
  /** Staged load: objects whose full record the renderer still waits for, by class; true when it holds the short form. */
  private deferred = new Map<string, Map<string, boolean>>();
  private sliceTimer: ReturnType<typeof setTimeout> | undefined;
  /** A first load came in two parts and the second has not (expectRest): the renderer's view is still loading. */
  private restDue = false;
  /** The second part arrived: the next delta says loading:false even when nothing in it is staged. */
  private announceLoaded = false;
  /** Callers of whenComplete() waiting for the rest of a first load. */
  private restWaiters: Array<() => void> = [];
  private readonly staged: boolean;
  private readonly flushIntervalMs: number;
  private readonly onDelta?: (delta: CacheDelta) => void;

  constructor(opts: ObjectCacheOptions) {
    this.connectionId = opts.connectionId;
    this.onDelta = opts.onDelta;
    this.flushIntervalMs = opts.flushIntervalMs ?? 32;
    this.staged = opts.staged ?? true;
  }

  /** Applies event.from events in order. Malformed events are skipped. */
  apply(events: readonly CacheEvent[]): void {
    // Untrusted server data: a non-array "events" (null, an object) threw "events is not iterable".
    if (!Array.isArray(events)) return;
    for (const ev of events) {
      if (!ev || typeof ev.class !== 'string' || typeof ev.ref !== 'string' || !ev.class || !ev.ref) continue;
      const cls = ev.class.toLowerCase();
      if (ev.operation === 'del') this.remove(cls, ev.ref);
      else if ((ev.operation === 'add' || ev.operation === 'mod') && isRecord(ev.snapshot)) this.put(cls, ev.ref, ev.snapshot, ev.operation === 'add');
    }
  }

  /**
   * A full load (event.from from token ""): what the server has now becomes the whole cache, or the
   * whole of `classes` when the load asked only for those (the others stay as they are). An empty
   * cache loads with a reset delta (the renderer starts clean). Otherwise the renderer gets the
   * difference in the next delta: a del for each object the load no longer has, an add for each new
   * one, a mod for each that changed; an unchanged object sends nothing. So a resync never shows an
   * empty tree, and objects of a server that came back different do not stay behind.
   */
  replaceAll(events: readonly CacheEvent[], classes?: ReadonlySet<string>): void {
    if (!Array.isArray(events)) return;
    const covers = (cls: string) => !classes || classes.has(cls);
    if (this.size() === 0) {
      // The first load (100,000 objects on a big pool): stored as is, every object an add of the
      // reset delta, with no per-object bookkeeping until that delta is out.
      this.reset();
      this.wholeStore = true;
      for (const ev of events) {
        if (!ev || typeof ev.class !== 'string' || typeof ev.ref !== 'string' || !ev.class || !ev.ref) continue;
        const cls = ev.class.toLowerCase();
        if (!covers(cls)) continue;
        if (ev.operation === 'del') this.remove(cls, ev.ref);
        else if ((ev.operation === 'add' || ev.operation === 'mod') && isRecord(ev.snapshot)) {
          if (cls === 'task') { this.put(cls, ev.ref, ev.snapshot, true); continue; }
          let objs = this.store.get(cls);
          if (!objs) { objs = new Map(); this.store.set(cls, objs); }
          objs.set(ev.ref, ev.snapshot);
        }
      }
      return;
    }
    const fresh = new Map<string, Map<string, ObjectRecord>>();
    for (const ev of events) {
      if (!ev || typeof ev.class !== 'string' || typeof ev.ref !== 'string' || !ev.class || !ev.ref) continue;
      const cls = ev.class.toLowerCase();
      if (!covers(cls)) continue;
      let objs = fresh.get(cls);
      if (!objs) { objs = new Map(); fresh.set(cls, objs); }
      if (ev.operation === 'del') objs.delete(ev.ref);
      else if ((ev.operation === 'add' || ev.operation === 'mod') && isRecord(ev.snapshot)) objs.set(ev.ref, ev.snapshot);
    }
    for (const [cls, objs] of [...this.store]) {
      if (covers(cls)) for (const ref of [...objs.keys()]) if (!fresh.get(cls)?.has(ref)) this.remove(cls, ref);
    }
    for (const [cls, objs] of fresh) {
      for (const [ref, record] of objs) {
        const old = this.store.get(cls)?.get(ref);
        if (old === undefined) this.put(cls, ref, record, true);
        else if (!sameRecord(old, record)) this.put(cls, ref, record, false);
      }
    }
  }

  /**
   * Whether the rest of a first load is still to come (after `replaceAll` of the tree's classes):
   * until it is, every delta says loading, so tabs wait instead of showing objects without their
   * metrics, VIFs or consoles.
   */
  expectRest(due: boolean): void {
    if (this.restDue && !due) { this.announceLoaded = true; this.schedule(); }
    this.restDue = due;
    if (!due) this.releaseWaiters();
  }

  /**
   * Resolves once the cache holds every class: at once, or when the rest of a first load is in (or
   * the cache is reset, e.g. on disconnect). Main's own checks that read the rest's classes (VIFs
   * for a MAC in use, consoles, PIFs) wait for it instead of deciding on a partial cache.
   */
  whenComplete(): Promise<void> {
    if (!this.restDue) return Promise.resolve();
    return new Promise((resolve) => this.restWaiters.push(resolve));
  }

  private releaseWaiters(): void {
    const waiting = this.restWaiters;
    this.restWaiters = [];
    for (const resolve of waiting) resolve();
  }

  /** Still loading: full records are on their way in slices, or the rest of the first load is. */
  private get loadingNow(): boolean {
    return this.deferred.size > 0 || this.restDue;
  }

  /** Forgets everything (a resync follows): the next delta says reset:true. */
  reset(): void {
    this.restDue = false;
    this.releaseWaiters();
    this.announceLoaded = false;
    this.wholeStore = false;
    this.store.clear();
    this.pending.clear();
    this.stopSlices();
    this.resetPending = true;
    this.schedule();
  }

  get(cls: string, ref: string): ObjectRecord | undefined {
    return this.store.get(cls.toLowerCase())?.get(ref);
  }

  /** The objects of one class (a live view: do not mutate). */
  getAll(cls: string): ReadonlyMap<string, ObjectRecord> {
    return this.store.get(cls.toLowerCase()) ?? new Map();
  }

  classes(): string[] {
    return [...this.store.keys()];
  }

  size(): number {
    let n = 0;
    for (const m of this.store.values()) n += m.size;
    return n;
  }

  /**
   * Everything as one reset delta (what a freshly started renderer needs). Staged when big: the
   * big classes' short forms now, their full records in the slices that follow (to every renderer).
   */
  toDelta(): CacheDelta {
    const changes: ObjectChange[] = [];
    for (const [cls, objs] of this.store) for (const [ref, record] of objs) changes.push({ cls, ref, op: 'add', record });
    const delta = this.stage({ connectionId: this.connectionId, reset: true, changes });
    return this.restDue ? { ...delta, loading: true } : delta;
  }

  /** Emits the pending delta now (if there is one). Returns it, for tests. */
  flush(): CacheDelta | undefined {
    if (this.timer !== undefined) { clearTimeout(this.timer); this.timer = undefined; }
    if (!this.resetPending && this.pending.size === 0 && !this.announceLoaded) return undefined;
    this.lastFlushAt = Date.now();
    const changes: ObjectChange[] = [];
    if (this.wholeStore) {
      this.wholeStore = false;
      // A task that came and went since: its final state (KEEP_FINAL_STATE).
      for (const [cls, refs] of this.pending) {
        if (!KEEP_FINAL_STATE.has(cls)) continue;
        for (const [ref, p] of refs) if (p.last && !this.store.get(cls)?.has(ref)) changes.push({ cls, ref, op: 'del', record: p.last });
      }
      this.pending = new Map();
      const staged = this.stageWhole(changes);
      if (staged) {
        this.resetPending = false;
        this.announceLoaded = false;
        this.onDelta?.(staged);
        return staged;
      }
      for (const [cls, objs] of this.store) for (const [ref, record] of objs) changes.push({ cls, ref, op: 'add', record });
    }
    for (const [cls, refs] of this.pending) {
      const objs = this.store.get(cls);
      for (const [ref, p] of refs) {
        const record = objs?.get(ref);
        if (record === undefined) {
          // A del carries the final record when the object changed in this window, so the
          // renderer learns how it ended (a task finished then destroyed) before it disappears.
          if (p.existedBefore || (p.last && KEEP_FINAL_STATE.has(cls))) changes.push(p.last ? { cls, ref, op: 'del', record: p.last } : { cls, ref, op: 'del' });
        } else {
          changes.push({ cls, ref, op: p.sawAdd || !p.existedBefore ? 'add' : 'mod', record });
        }
      }
    }
    const delta = this.withLoading(this.stage({ connectionId: this.connectionId, reset: this.resetPending, changes }));
    this.pending = new Map();
    this.resetPending = false;
    this.onDelta?.(delta);
    return delta;
  }

  /**
   * The first load's reset delta straight from the store, staged as stage() would (the same delta
   * for 100,000 objects without an intermediate change each), or undefined when nothing is big.
   */
  private stageWhole(extra: ObjectChange[]): CacheDelta | undefined {
    if (!this.staged || !this.onDelta) return undefined;
    const big = [...this.store].filter(([, objs]) => objs.size > STAGE_MIN_OBJECTS).map(([cls]) => cls);
    if (big.length === 0) return undefined;
    this.deferred.clear();
    const changes: ObjectChange[] = [...extra];
    const short: ShortRecords[] = [];
    for (const [cls, objs] of this.store) {
      if (big.includes(cls)) {
        const table = this.deferBig(cls, objs);
        if (table) short.push(table);
      } else for (const [ref, record] of objs) changes.push(this.smallAdd({ cls, ref, op: 'add', record }));
    }
    this.scheduleSlice();
    return { connectionId: this.connectionId, reset: true, changes, short, loading: true };
  }

  /** A delta as the rest of a first load makes it: loading while the rest is due, and once more (false, unless slices follow) when it came. */
  private withLoading(delta: CacheDelta): CacheDelta {
    if (this.restDue) return { ...delta, loading: true };
    if (!this.announceLoaded) return delta;
    this.announceLoaded = false;
    return { ...delta, loading: this.loadingNow };
  }

  private defer(cls: string, ref: string, holds: boolean): void {
    let d = this.deferred.get(cls);
    if (!d) { d = new Map(); this.deferred.set(cls, d); }
    d.set(ref, holds);
  }

  /** Defers every object of a big class for the slices; returns its short-form table, if the class has one. */
  private deferBig(cls: string, records: Iterable<[string, ObjectRecord]>): ShortRecords | undefined {
    const fields = FIRST_LOAD_FIELDS[cls];
    for (const [ref] of records) this.defer(cls, ref, fields !== undefined);
    return fields ? shortRecordsOf(cls, fields, records) : undefined;
  }

  /** A small class's add in a staged load: without its long ref lists (the whole record deferred), or as it is. */
  private smallAdd(ch: ObjectChange): ObjectChange {
    const trimmed = ch.record ? withoutLongLists(ch.cls, ch.record) : undefined;
    if (!trimmed) return ch;
    this.defer(ch.cls, ch.ref, true);
    return { ...ch, record: trimmed };
  }

  /**
   * Stages a delta (shared/first-load.ts): the adds of each class with more than STAGE_MIN_OBJECTS
   * of them go as short-form tables (or not yet), the small classes' records without their long
   * lists of big-class refs, all remembered as deferred for the slices, which send the full records.
   * A later change to a deferred object goes out whole, which settles it.
   */
  private stage(delta: CacheDelta): CacheDelta {
    if (!this.staged || !this.onDelta) return delta;
    const adds = new Map<string, number>();
    for (const ch of delta.changes) if (ch.op === 'add') adds.set(ch.cls, (adds.get(ch.cls) ?? 0) + 1);
    const big = new Set([...adds].filter(([, n]) => n > STAGE_MIN_OBJECTS).map(([cls]) => cls));
    if (delta.reset) this.deferred.clear();
    if (big.size === 0 && this.deferred.size === 0) return delta;
    const bigAdds = new Map<string, Array<[string, ObjectRecord]>>();
    const changes: ObjectChange[] = [];
    for (const ch of delta.changes) {
      if (big.size && ch.op === 'add' && ch.record) {
        if (big.has(ch.cls)) {
          let t = bigAdds.get(ch.cls);
          if (!t) { t = []; bigAdds.set(ch.cls, t); }
          t.push([ch.ref, ch.record]);
          continue;
        }
        const small = this.smallAdd(ch);
        if (small !== ch) { changes.push(small); continue; }
      }
      const waiting = this.deferred.get(ch.cls);
      if (waiting?.has(ch.ref)) {
        // Sent whole now: an object the renderer never had is an add to it.
        const holds = waiting.get(ch.ref)!;
        waiting.delete(ch.ref);
        if (waiting.size === 0) this.deferred.delete(ch.cls);
        if (ch.op === 'mod' && !holds) { changes.push({ ...ch, op: 'add' }); continue; }
      }
      changes.push(ch);
    }
    const short = [...bigAdds].map(([cls, recs]) => this.deferBig(cls, recs)).filter((t): t is ShortRecords => t !== undefined);
    const loading = this.deferred.size > 0;
    if (loading) this.scheduleSlice();
    return { ...delta, changes, ...(short.length ? { short } : {}), ...(loading || big.size ? { loading } : {}) };
  }

  private scheduleSlice(first = true): void {
    if (this.sliceTimer !== undefined || !this.onDelta) return;
    this.sliceTimer = setTimeout(() => { this.sliceTimer = undefined; this.sendSlice(); }, first ? FIRST_SLICE_DELAY_MS : SLICE_INTERVAL_MS);
    (this.sliceTimer as { unref?: () => void }).unref?.();
  }

  /** The next SLICE_BYTES or so of deferred full records, as they are now (a class's size judged by its first record). */
  private sendSlice(): void {
    const changes: ObjectChange[] = [];
    let bytes = 0;
    for (const [cls, waiting] of this.deferred) {
      const objs = this.store.get(cls);
      let each = 0;
      for (const [ref, holds] of waiting) {
        if (bytes >= SLICE_BYTES) break;
        waiting.delete(ref);
        const record = objs?.get(ref);
        if (!record) continue;
        if (!each) each = JSON.stringify(record).length + 80;
        bytes += each;
        changes.push({ cls, ref, op: holds ? 'mod' : 'add', record });
      }
      if (waiting.size === 0) this.deferred.delete(cls);
      if (bytes >= SLICE_BYTES) break;
    }
    this.onDelta?.({ connectionId: this.connectionId, reset: false, changes, loading: this.loadingNow });
    if (this.deferred.size > 0) this.scheduleSlice(false);
  }

  private stopSlices(): void {
    if (this.sliceTimer !== undefined) clearTimeout(this.sliceTimer);
    this.sliceTimer = undefined;
    this.deferred.clear();
  }

  /** Stops the flush timer and drops pending changes (the connection is going away). */
  dispose(): void {
    this.stopSlices();
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.pending.clear();
    this.resetPending = false;
  }

  /**
   * A task main started as a step of one of its own client tasks (ClientTask.runAsync): its records
   * carry the step mark (other_config SUBTASK_OF_KEY) from the moment main knows the ref, not only
   * once task.add_to_other_config has reached the server and come back, so the Events panel never
   * shows the step as a row of its own in between.
   */
  markStep(taskRef: string, parentRef: string): void {
    this.stepOf.set(taskRef, parentRef);
    const now = this.store.get('task')?.get(taskRef);
    if (now) this.put('task', taskRef, now, false);
  }

  private put(cls: string, ref: string, record: ObjectRecord, isAdd: boolean): void {
    const parent = cls === 'task' ? this.stepOf.get(ref) : undefined;
    if (parent !== undefined) {
      const oc = isRecord(record.other_config) ? record.other_config : {};
      record = { ...record, other_config: { ...oc, [SUBTASK_OF_KEY]: parent } };
    }
    let objs = this.store.get(cls);
    if (!objs) { objs = new Map(); this.store.set(cls, objs); }
    const p = this.track(cls, ref, objs.has(ref));
    if (isAdd) p.sawAdd = true;
    p.sawPut = true;
    objs.set(ref, record);
  }

  private remove(cls: string, ref: string): void {
    if (cls === 'task') this.stepOf.delete(ref);
    this.deferred.get(cls)?.delete(ref);
    const objs = this.store.get(cls);
    const existed = objs?.has(ref) ?? false;
    const p = this.track(cls, ref, existed);
    // Only a put in this window can have set what is stored now (a del in between removed the older one).
    if (existed && p.sawPut) p.last = objs?.get(ref);
    if (objs) {
      objs.delete(ref);
      if (objs.size === 0) this.store.delete(cls);
    }
  }

  private track(cls: string, ref: string, existsNow: boolean): Pending {
    let refs = this.pending.get(cls);
    if (!refs) { refs = new Map(); this.pending.set(cls, refs); }
    let p = refs.get(ref);
    if (!p) { p = { existedBefore: existsNow, sawAdd: false, sawPut: false }; refs.set(ref, p); }
    this.schedule();
    return p;
  }

  private schedule(): void {
    if (this.timer !== undefined || !this.onDelta) return;
    // Leading edge: a lone change waits for nothing but the rest of its event.from batch (the
    // timeout runs after the current callback); under a stream, deltas are spaced by the interval.
    const wait = Math.min(this.flushIntervalMs, Math.max(0, this.lastFlushAt + this.flushIntervalMs - Date.now()));
    this.timer = setTimeout(() => { this.timer = undefined; this.flush(); }, wait);
    // A pending flush must not keep a test process or a closing app alive.
    (this.timer as { unref?: () => void }).unref?.();
  }
}
