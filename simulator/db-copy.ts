// Copies a set of records from one pool's database into another's, as pool.join and a cross-pool
// migration do: every copied object gets a new ref in the destination (refs are per database; uuids
// stay), references among the copied objects follow, references to objects mapped in `fixed` (a
// joiner's network → the pool's network with the same device) point at the mapped object, and
// references to anything the destination lacks become OpaqueRef:NULL (dropped from sets and maps).
import { newRef, type Db } from './db';
import { NULL_REF, type Rec } from './fields';

export type ObjectRef = readonly [cls: string, ref: string];

/** Copies `objects` from `src` into `dst`; returns the map old ref → new ref (including `fixed`). */
export function copyObjects(src: Db, dst: Db, objects: readonly ObjectRef[], fixed: ReadonlyMap<string, string> = new Map()): Map<string, string> {
  const refs = new Map(fixed);
  for (const [, ref] of objects) if (!refs.has(ref)) refs.set(ref, newRef());
  const existing = new Set<string>();
  for (const t of dst.tables.values()) for (const r of t.keys()) existing.add(r);
  const resolve = (v: string): string | undefined => refs.get(v) ?? (existing.has(v) ? v : undefined);
  const swap = (v: unknown): unknown => {
    if (typeof v === 'string') return v.startsWith('OpaqueRef:') ? resolve(v) ?? NULL_REF : v;
    if (Array.isArray(v)) return v.flatMap((x) => (typeof x === 'string' && x.startsWith('OpaqueRef:') ? (resolve(x) ? [resolve(x)] : []) : [swap(x)]));
    if (v && typeof v === 'object') {
      const out: Rec = {};
      for (const [k, x] of Object.entries(v as Rec)) {
        const key = k.startsWith('OpaqueRef:') ? resolve(k) : k;
        const val = swap(x);
        if (key === undefined || (typeof x === 'string' && x.startsWith('OpaqueRef:') && val === NULL_REF)) continue;
        out[key] = val;
      }
      return out;
    }
    return v;
  };
  for (const [cls, ref] of objects) {
    const rec = src.get(cls, ref);
    if (!rec || dst.get(cls, refs.get(ref)!)) continue;
    const copy: Rec = {};
    for (const [k, v] of Object.entries(rec)) copy[k] = swap(v);
    dst.create(cls, copy, refs.get(ref)!);
  }
  return refs;
}
