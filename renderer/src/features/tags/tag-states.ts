// Edit Tags… on several objects, as XenCenter's multi-object tag dialog: every tag any of them has,
// checked when all have it, indeterminate when some do, unchecked once the user clears it. OK sends,
// per object, only what changed for it: a tag checked is added where missing, a tag cleared removed
// where present, an indeterminate tag left alone (each object keeps it or not, as it was). Pure:
// the store is read, never written.
import type { SelectedObject } from '../../framework/command';
import type { StoreView } from '../../state/store';
import { str } from '../../xapi-model/format';
import { tagList } from './tag-edit';

export type TagState = 'all' | 'some' | 'none';

export interface TaggedObject { target: SelectedObject; name: string; tags: readonly string[] }

/** One row of the dialog: the tag, what the objects had when it opened, what it is now. */
export interface TagRow { tag: string; initial: TagState; state: TagState }

export interface ObjectTagEdit { object: TaggedObject; add: string[]; remove: string[] }

/** Every tag of the objects, sorted: 'all' when every object has it, else 'some'. */
export function tagRows(objects: readonly TaggedObject[]): TagRow[] {
  const counts = new Map<string, number>();
  for (const o of objects) for (const t of new Set(o.tags)) counts.set(t, (counts.get(t) ?? 0) + 1);
  return [...counts].sort(([a], [b]) => a.localeCompare(b))
    .map(([tag, n]) => { const initial: TagState = n === objects.length ? 'all' : 'some'; return { tag, initial, state: initial }; });
}

/**
 * A click on a row's box: checked and unchecked alternate; a tag only some objects had goes
 * indeterminate → checked → unchecked → indeterminate again, so "leave it as it is" stays reachable.
 */
export function nextState(row: TagRow): TagState {
  if (row.initial !== 'some') return row.state === 'all' ? 'none' : 'all';
  return row.state === 'some' ? 'all' : row.state === 'all' ? 'none' : 'some';
}

/** Sets one row's state (a click, via nextState). */
export const setState = (rows: readonly TagRow[], tag: string, state: TagState): TagRow[] => rows.map((r) => (r.tag === tag ? { ...r, state } : r));

/** A tag typed in the box: a new row checked for all, or an existing row checked. */
export function addTag(rows: readonly TagRow[], tag: string): TagRow[] {
  if (!tag) return [...rows];
  if (rows.some((r) => r.tag === tag)) return setState(rows, tag, 'all');
  const row: TagRow = { tag, initial: 'none', state: 'all' };
  return [...rows, row].sort((a, b) => a.tag.localeCompare(b.tag));
}

/** What each object gets: only the objects for which something changes, each with its own adds and removes. */
export function tagEdits(objects: readonly TaggedObject[], rows: readonly TagRow[]): ObjectTagEdit[] {
  const out: ObjectTagEdit[] = [];
  for (const object of objects) {
    const has = new Set(object.tags);
    const add = rows.filter((r) => r.state === 'all' && !has.has(r.tag)).map((r) => r.tag);
    const remove = rows.filter((r) => r.state === 'none' && has.has(r.tag)).map((r) => r.tag);
    if (add.length + remove.length > 0) out.push({ object, add, remove });
  }
  return out;
}

/** The selected objects with their names and tags as the cache has them now (objects gone are left out). */
export function taggedObjects(store: Pick<StoreView, 'objects'>, targets: readonly SelectedObject[]): TaggedObject[] {
  return targets.flatMap((target) => {
    const rec = store.objects.get(target.connectionId)?.get(target.cls)?.get(target.ref);
    return rec ? [{ target, name: str(rec.name_label) || target.ref, tags: tagList(rec.tags) }] : [];
  });
}
