// The in-memory database: class -> ref -> record, one global generation counter, ctime/mtime per
// row and tombstones for deleted rows, which is all event.from needs (WIRE.md, FORMATS.md 1.6).
import { randomUUID } from 'node:crypto';
import { allClasses } from '../shared/xapi/model';
import { fullRecord, NULL_REF, type Rec } from './fields';
import { relationsOfChild, RELATIONS } from './relations';

export interface Row { rec: Rec; ctime: number; mtime: number }
export interface Tombstone { gen: number; ctime: number }

/** Classes that have no table (not stored objects). */
const NOT_TABLES = new Set(['event', 'sr_stat', 'probe_result', 'vdi_nbd_server_info', 'data_source']);
export const TABLE_CLASSES = allClasses().map((c) => c.name).filter((n) => !NOT_TABLES.has(n));

export const newRef = (): string => `OpaqueRef:${randomUUID()}`;
export const isNullRef = (r: unknown): boolean => r === NULL_REF || r === '' || r === undefined || r === null;

export class Db {
  gen = 0;
  readonly tables = new Map<string, Map<string, Row>>();
  readonly tombstones = new Map<string, Map<string, Tombstone>>();
  private listeners = new Set<() => void>();
  /** Per-row change listeners (legacy event queues): called with the row's class, ref, operation and generation. */
  private rowListeners = new Set<(cls: string, ref: string, op: 'add' | 'mod' | 'del', gen: number, rec?: Rec) => void>();

  constructor() {
    for (const c of TABLE_CLASSES) { this.tables.set(c, new Map()); this.tombstones.set(c, new Map()); }
  }

  table(cls: string): Map<string, Row> {
    const t = this.tables.get(cls);
    if (!t) throw new Error(`no table ${cls}`);
    return t;
  }

  onChange(fn: () => void): () => void { this.listeners.add(fn); return () => this.listeners.delete(fn); }
  private changed(): void { for (const fn of [...this.listeners]) fn(); }
  onRowChange(fn: (cls: string, ref: string, op: 'add' | 'mod' | 'del', gen: number, rec?: Rec) => void): () => void {
    this.rowListeners.add(fn);
    return () => this.rowListeners.delete(fn);
  }
  private rowChanged(cls: string, ref: string, op: 'add' | 'mod' | 'del', gen: number, rec?: Rec): void {
    if (this.rowListeners.size) for (const fn of [...this.rowListeners]) fn(cls, ref, op, gen, rec);
  }

  get(cls: string, ref: string): Rec | undefined { return this.tables.get(cls)?.get(ref)?.rec; }

  /** Inserts a record (filled to every model field); keeps derived parent sets in step. */
  create(cls: string, values: Rec, ref = newRef(), gen?: { ctime: number; mtime: number }): string {
    // An undefined value must not shadow the model default: XAPI never serves a missing field.
    const given = Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined));
    const rec = fullRecord(cls, { uuid: randomUUID(), ...given });
    const g = gen ? undefined : ++this.gen;
    this.table(cls).set(ref, { rec, ctime: gen?.ctime ?? g!, mtime: gen?.mtime ?? g! });
    this.tombstones.get(cls)?.delete(ref);
    if (!gen) {
      this.rowChanged(cls, ref, 'add', g!);
      for (const r of relationsOfChild(cls)) this.link(r.parent, r.set, rec[r.field], ref, true);
      this.changed();
    }
    return ref;
  }

  /** Changes fields of one row; bumps its mtime once and notifies waiters. */
  update(cls: string, ref: string, patch: Rec): void {
    const row = this.table(cls).get(ref);
    if (!row) throw new Error(`no ${cls} ${ref}`);
    const g = ++this.gen;
    for (const [k, v] of Object.entries(patch)) {
      const rel = relationsOfChild(cls).find((r) => r.field === k);
      if (rel && row.rec[k] !== v) {
        this.link(rel.parent, rel.set, row.rec[k], ref, false);
        this.link(rel.parent, rel.set, v, ref, true);
      }
      row.rec[k] = v;
    }
    row.mtime = g;
    this.rowChanged(cls, ref, 'mod', g);
    this.changed();
  }

  delete(cls: string, ref: string): void {
    const row = this.table(cls).get(ref);
    if (!row) return;
    for (const r of relationsOfChild(cls)) this.link(r.parent, r.set, row.rec[r.field], ref, false);
    this.table(cls).delete(ref);
    this.tombstones.get(cls)?.set(ref, { gen: ++this.gen, ctime: row.ctime });
    this.rowChanged(cls, ref, 'del', this.gen, row.rec);
    this.changed();
  }

  /** Bumps a row's mtime without changing it (event.inject). */
  touch(cls: string, ref: string): void {
    const row = this.table(cls).get(ref);
    if (row) { row.mtime = ++this.gen; this.rowChanged(cls, ref, 'mod', row.mtime); this.changed(); }
  }

  private link(parentCls: string, set: string, parentRef: unknown, childRef: string, add: boolean): void {
    if (typeof parentRef !== 'string' || isNullRef(parentRef)) return;
    const row = this.tables.get(parentCls)?.get(parentRef);
    if (!row) return; // dangling refs are tolerated (FORMATS.md 1.7)
    const cur = (row.rec[set] as string[] | undefined) ?? [];
    const has = cur.includes(childRef);
    if (add === has) return;
    row.rec[set] = add ? [...cur, childRef] : cur.filter((r) => r !== childRef);
    row.mtime = ++this.gen;
    this.rowChanged(parentCls, parentRef, 'mod', row.mtime);
  }

  /** Rebuilds every derived set from the child side (after a bulk load). */
  rebuildRelations(): void {
    for (const r of RELATIONS) for (const row of this.table(r.parent).values()) row.rec[r.set] = [];
    for (const r of RELATIONS) {
      for (const [ref, row] of this.table(r.child)) {
        const p = row.rec[r.field];
        if (typeof p !== 'string' || isNullRef(p)) continue;
        const parent = this.table(r.parent).get(p);
        if (parent) (parent.rec[r.set] as string[]).push(ref);
      }
    }
  }

  findByUuid(cls: string, uuid: string): string | undefined {
    for (const [ref, row] of this.table(cls)) if (row.rec.uuid === uuid) return ref;
    return undefined;
  }
}
