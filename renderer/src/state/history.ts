// The History tab's record: what changed on each object since connecting, from the deltas the store
// applies. XAPI events say nothing of who changed a field, so a change is attributed only to a task
// that was working on that object when it arrived (its ref in the object's current_operations, or a
// task of ours started on that object); otherwise its author stays unknown.
// Bounded: the last PER_OBJECT changes of each object, and at most TOTAL changes in all (the objects
// changed least recently lose their history first), so a pool of 5,000 churning VMs cannot grow the page.

type Rec = Record<string, unknown>;

/** One field's change on one object. Values are the record's own (immutable) values, put in words by the tab. */
export interface HistoryEntry {
  /** Date.now() when the change reached the page. */
  at: number;
  /** The field, or "other_config:key" for one key of a map of settings. */
  field: string;
  old: unknown;
  new: unknown;
  /** The task (its ref) working on the object when the change arrived, when one was; else unknown. */
  task?: string;
  /**
   * Without a task: the tasks running when the change arrived. A task of ours on this object that the
   * page learns of later (its request's answer can come after the change's event) then claims it.
   */
  running?: readonly string[];
}

export const PER_OBJECT = 200;
export const TOTAL = 50_000;

/** The classes whose objects have a History: those the tree shows and their devices. */
export const HISTORY_CLASSES: ReadonlySet<string> = new Set([
  'vm', 'host', 'sr', 'network', 'pool', 'vdi', 'vbd', 'vif', 'pif', 'pbd', 'vm_appliance', 'vmss', 'bond', 'vlan',
]);

/** Fields that change without anyone doing anything a user cares about, or that repeat another field. */
const SKIPPED: ReadonlySet<string> = new Set([
  'allowed_operations', 'last_booted_record', 'recommendations', 'blobs', 'bios_strings',
  // The server's own bookkeeping: counters and heartbeats that move on their own.
  'memory_overhead', 'physical_utilisation', 'virtual_allocation', 'last_software_update', 'logging',
  'guest_metrics', 'metrics', 'snapshot_time', 'other_config:last_shutdown_time', 'other_config:last_shutdown_initiator',
]);

/** Maps whose keys are settings in their own right: each key is a field of its own. */
const KEYED_MAPS: ReadonlySet<string> = new Set(['other_config', 'platform', 'gui_config', 'xenstore_data', 'sm_config']);

// Refs are unique across a server's classes, so the class is not part of the key (a late claim knows the ref alone).
const objectKey = (connectionId: string, ref: string): string => `${connectionId}\u0000${ref}`;

function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a as Rec);
  const kb = Object.keys(b as Rec);
  if (ka.length !== kb.length) return false;
  for (const k of ka) if (!same((a as Rec)[k], (b as Rec)[k])) return false;
  return true;
}

/** The fields that differ between two full records of an object (fields absent from either are not compared). */
export function changedFields(prev: Rec, next: Rec): Array<{ field: string; old: unknown; new: unknown }> {
  const out: Array<{ field: string; old: unknown; new: unknown }> = [];
  for (const field of Object.keys(next)) {
    if (SKIPPED.has(field) || !(field in prev)) continue;
    const a = prev[field];
    const b = next[field];
    if (a === b) continue;
    if (KEYED_MAPS.has(field) && a && b && typeof a === 'object' && typeof b === 'object') {
      for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
        const name = `${field}:${k}`;
        const x = (a as Rec)[k];
        const y = (b as Rec)[k];
        if (!SKIPPED.has(name) && !same(x, y)) out.push({ field: name, old: x, new: y });
      }
    } else if (!same(a, b)) out.push({ field, old: a, new: b });
  }
  return out;
}

/** What the recorder asks of the store to attribute a change: the tasks that were working on the object. */
export interface Attribution {
  /** Whether the task was running when the change arrived (the same delta may bring its end; one of ours may have ended just before: OWN_TASK_GRACE_MS). */
  isPending(taskRef: string): boolean;
  /** Our own tasks started on this object (by ref), newest last. */
  ownTasksOn(ref: string): readonly string[];
  /** The connection's tasks running when the change arrived. */
  running(): readonly string[];
}

/** The task working on the object: one in its current_operations (before or after), else one of ours on it. */
export function attribute(prev: Rec, next: Rec, ref: string, who: Attribution): string | undefined {
  for (const ops of [next.current_operations, prev.current_operations]) {
    if (!ops || typeof ops !== 'object') continue;
    const refs = Object.keys(ops);
    // Only one task at a time can be named honestly.
    if (refs.length === 1) return refs[0];
    if (refs.length > 1) return undefined;
  }
  const own = who.ownTasksOn(ref).filter((t) => who.isPending(t));
  return own.length === 1 ? own[0] : undefined;
}

export class ObjectHistory {
  /** Insertion order is the order of last change: the first object is the one changed least recently. */
  readonly #rings = new Map<string, HistoryEntry[]>();
  #total = 0;
  /** Bumped on each recorded change, so the tab can re-read. */
  revision = 0;

  constructor(private readonly perObject = PER_OBJECT, private readonly total = TOTAL) {}

  /** Records the changes between an object's previous and new record; returns how many were recorded. */
  record(connectionId: string, cls: string, ref: string, prev: Rec, next: Rec, who: Attribution, at = Date.now()): number {
    if (!HISTORY_CLASSES.has(cls) || prev === next) return 0;
    const changes = changedFields(prev, next);
    if (changes.length === 0) return 0;
    const task = attribute(prev, next, ref, who);
    const key = objectKey(connectionId, ref);
    const running = task ? undefined : who.running();
    const ring = this.#rings.get(key) ?? [];
    this.#rings.delete(key);
    this.#rings.set(key, ring);
    for (const c of changes) ring.push(task ? { at, ...c, task } : running?.length ? { at, ...c, running } : { at, ...c });
    this.#total += changes.length;
    if (ring.length > this.perObject) {
      const drop = ring.length - this.perObject;
      ring.splice(0, drop);
      this.#total -= drop;
    }
    while (this.#total > this.total) {
      const [oldestKey, oldest] = this.#rings.entries().next().value as [string, HistoryEntry[]];
      if (oldestKey === key) {
        // This object alone exceeds the total: drop its oldest beyond it.
        const drop = this.#total - this.total;
        oldest.splice(0, drop);
        this.#total -= drop;
      } else {
        this.#rings.delete(oldestKey);
        this.#total -= oldest.length;
      }
    }
    this.revision++;
    return changes.length;
  }

  /** An object's changes, oldest first (a copy). */
  entries(connectionId: string, _cls: string, ref: string): HistoryEntry[] {
    return [...(this.#rings.get(objectKey(connectionId, ref)) ?? [])];
  }

  /**
   * A task of ours started on object `ref`, learnt of after some of its changes arrived: the changes
   * without a task that arrived while it was running (or after its request was sent, `since`: its
   * task's first event may come after them), and while no other task of ours was running, are its own.
   */
  claim(connectionId: string, ref: string, taskRef: string, ours: (taskRef: string) => boolean, since?: number): boolean {
    let claimed = false;
    for (const e of this.#rings.get(objectKey(connectionId, ref)) ?? []) {
      if (e.task || !(e.running?.includes(taskRef) || (since !== undefined && e.at >= since))) continue;
      // Another of our tasks also running then: which one made it cannot be told.
      if (e.running?.some((t) => t !== taskRef && ours(t))) continue;
      e.task = taskRef;
      claimed = true;
    }
    if (claimed) this.revision++;
    return claimed;
  }

  /** Forgets a connection's objects (it was removed). */
  forgetConnection(connectionId: string): void {
    const prefix = `${connectionId}\u0000`;
    for (const [key, ring] of this.#rings) {
      if (key.startsWith(prefix)) { this.#rings.delete(key); this.#total -= ring.length; }
    }
    this.revision++;
  }

  get size(): number { return this.#total; }
}
