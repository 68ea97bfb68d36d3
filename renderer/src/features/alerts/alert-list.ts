// The Alerts view's list, kept up to date incrementally: at 10,000 messages a new one must not cost a
// rebuild, a re-sort and ten thousand alerts worked out again. Each message's alert is kept with what
// its words were made from (the object's record, the pool's name, for perfmon alarms the servers' and
// SRs' names); after a change only new messages and those whose inputs changed are worked out again,
// and they go into the sorted list by binary search.
import type { StoreView, XRecord } from '../../state/store';
import { serverName } from '../../framework/availability';
import { alertOf, isPool, uuidIndex, type Alert, type UuidIndex } from './alert-text';

/** One message's alert and the inputs its words came from. */
interface Entry {
  alert: Alert;
  rec: XRecord;
  /** Order of arrival: breaks ties of the timestamp (XAPI keeps it to the second), the later first. */
  seq: number;
  objRec: XRecord | undefined;
  pool: string;
  isPool: boolean;
  /** A perfmon alarm's words also name servers and SRs: their names when it was worked out. */
  alarmNames?: string;
  /** The update that last saw the message. */
  seen: number;
}

/** What names may show in one connection's alerts, worked out once per update and only when needed. */
interface Context { index: UuidIndex; pool: string; isPool: boolean; alarmNames?: string }

/** More changes than this at once (a load, a reset): sort the whole list instead of inserting each. */
const REBUILD_OVER = 256;

/** Newest first: by time, then the later arrival. */
const before = (a: Entry, b: Entry): boolean => a.alert.timestamp > b.alert.timestamp || (a.alert.timestamp === b.alert.timestamp && a.seq > b.seq);

export class AlertList {
  private readonly entries = new Map<string, Map<string, Entry>>();
  /** Sorted newest first, parallel to `rows`. */
  private sorted: Entry[] = [];
  private rows: Alert[] = [];
  private seq = 0;
  private pass = 0;
  /** Each connection's uuid index, kept while names stay the same: building it walks every VM. */
  private readonly indexes = new Map<string, { objects: unknown; index: UuidIndex; pass: number }>();

  /** The alerts now, newest first: the same array while nothing changed, a new one when something did. */
  update(s: StoreView, namesChanged: boolean): Alert[] {
    const pass = ++this.pass;
    if (namesChanged) this.indexes.clear();
    const fresh: Entry[] = [];
    const stale = new Set<Entry>();
    let kept = 0;
    for (const [connectionId, conn] of s.objects) {
      const messages = conn.get('message');
      if (!messages?.size) continue;
      let mine = this.entries.get(connectionId);
      if (!mine) this.entries.set(connectionId, (mine = new Map()));
      let ctx: Context | undefined;
      const context = (): Context => (ctx ??= { index: this.indexOf(s, connectionId, conn), pool: serverName(s, connectionId), isPool: isPool(s, connectionId) });
      for (const [ref, rec] of messages) {
        const had = mine.get(ref);
        if (had && had.rec === rec && (!namesChanged || this.sameInputs(had, s, connectionId, context()))) {
          had.seen = pass;
          kept++;
          continue;
        }
        if (had) stale.add(had);
        let c = context();
        // An object the kept index does not know yet (a class outside the tree's, which bumps no names): look again.
        if (typeof rec.obj_uuid === 'string' && !c.index.has(rec.obj_uuid) && this.indexes.get(connectionId)?.pass !== pass) {
          this.indexes.delete(connectionId);
          c = ctx = { ...c, index: this.indexOf(s, connectionId, conn) };
        }
        const alert = alertOf(s, connectionId, ref, rec, c.index);
        const entry: Entry = {
          alert, rec, seq: had?.seq ?? ++this.seq, seen: pass, pool: c.pool, isPool: c.isPool,
          objRec: typeof rec.obj_uuid === 'string' ? c.index.get(rec.obj_uuid)?.rec : undefined,
          alarmNames: alert.name === 'ALARM' ? alarmNames(s, connectionId, c) : undefined,
        };
        mine.set(ref, entry);
        fresh.push(entry);
      }
    }
    // Gone (dismissed, pruned, their server removed or reset): entries this pass did not see.
    let held = 0;
    for (const mine of this.entries.values()) held += mine.size;
    if (held > kept + fresh.length) {
      for (const [connectionId, mine] of this.entries) {
        for (const [ref, e] of mine) if (e.seen !== pass) { mine.delete(ref); stale.add(e); }
        if (mine.size === 0) this.entries.delete(connectionId);
      }
    }
    if (fresh.length === 0 && stale.size === 0) return this.rows;
    if (fresh.length + stale.size > REBUILD_OVER) {
      const all: Entry[] = [];
      for (const mine of this.entries.values()) for (const e of mine.values()) all.push(e);
      all.sort((a, b) => (before(a, b) ? -1 : before(b, a) ? 1 : 0));
      this.sorted = all;
    } else {
      const next = stale.size ? this.sorted.filter((e) => !stale.has(e)) : this.sorted.slice();
      for (const e of fresh) next.splice(insertionPoint(next, e), 0, e);
      this.sorted = next;
    }
    this.rows = this.sorted.map((e) => e.alert);
    return this.rows;
  }

  private indexOf(s: StoreView, connectionId: string, objects: unknown): UuidIndex {
    const kept = this.indexes.get(connectionId);
    if (kept && kept.objects === objects) return kept.index;
    const index = uuidIndex(s, connectionId);
    this.indexes.set(connectionId, { objects, index, pass: this.pass });
    return index;
  }

  /** Whether an alert (Alert.key) is in the list. */
  has(key: string): boolean {
    const cut = key.indexOf('\u0000');
    return this.entries.get(key.slice(0, cut))?.has(key.slice(cut + 1)) ?? false;
  }

  /** Whether the names a kept alert shows are still those its words were made from. */
  private sameInputs(e: Entry, s: StoreView, connectionId: string, c: Context): boolean {
    const obj = typeof e.rec.obj_uuid === 'string' ? c.index.get(e.rec.obj_uuid)?.rec : undefined;
    if (obj !== e.objRec || c.pool !== e.pool || c.isPool !== e.isPool) return false;
    return e.alarmNames === undefined || e.alarmNames === alarmNames(s, connectionId, c);
  }
}

/** The servers' and SRs' names of a connection, which an alarm's words may show. */
function alarmNames(s: StoreView, connectionId: string, c: Context): string {
  if (c.alarmNames !== undefined) return c.alarmNames;
  const conn = s.objects.get(connectionId);
  const parts: string[] = [];
  for (const cls of ['host', 'sr']) for (const [ref, r] of conn?.get(cls) ?? []) parts.push(`${ref}\u0000${String(r.uuid)}\u0000${String(r.name_label)}`);
  return (c.alarmNames = parts.join('\u0001'));
}

/** Where an entry goes in a list sorted newest first (binary search). */
function insertionPoint(list: readonly Entry[], e: Entry): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (before(list[mid], e)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
