// One model for the menu bar, the toolbar and the context menu: what is placed in a slot, in groups.
import type { AppState } from '../state/store';
import type { ContextId, MenuEntry, Place, Selection, Slot } from './command';
import type { Feature } from './feature';

export interface PlacedEntry { entry: MenuEntry; place: Place }

/** The entries placed in any of the slots, grouped by group number (ascending); inside a group by order, then
 * by registration order. Slots are merged: a server's context menu is 'context:server' plus 'context:host'. */
export function slotGroups(features: readonly Feature[], slots: readonly Slot[]): PlacedEntry[][] {
  const placed: Array<PlacedEntry & { seq: number }> = [];
  let seq = 0;
  for (const f of features) {
    for (const { entry, places } of f.commands ?? []) {
      for (const place of places) if (slots.includes(place.slot)) placed.push({ entry, place, seq: seq++ });
    }
  }
  placed.sort((a, b) => a.place.group - b.place.group || (a.place.order ?? 0) - (b.place.order ?? 0) || a.seq - b.seq);
  const groups: PlacedEntry[][] = [];
  let last: number | undefined;
  for (const { entry, place } of placed) {
    if (place.group !== last) groups.push([]);
    groups[groups.length - 1].push({ entry, place });
    last = place.group;
  }
  return groups;
}

/** One selected snapshot (a VM record with is_a_snapshot). */
export function isSnapshotSelection(selection: Selection, store: Pick<AppState, 'objects'>): boolean {
  if (selection.length !== 1 || selection[0].cls !== 'vm') return false;
  return store.objects.get(selection[0].connectionId)?.get('vm')?.get(selection[0].ref)?.is_a_snapshot === true;
}

/** One selected template proper (a VM record with is_a_template, not a snapshot). */
export function isTemplateSelection(selection: Selection, store: Pick<AppState, 'objects'>): boolean {
  if (selection.length !== 1 || selection[0].cls !== 'vm') return false;
  const vm = store.objects.get(selection[0].connectionId)?.get('vm')?.get(selection[0].ref);
  return vm?.is_a_template === true && vm.is_a_snapshot !== true;
}

const ORGANISED = ['vm', 'host', 'pool', 'sr', 'network'];

/** The slots of a row that stands for no object (its id: tree/org-views.ts): a tag, a folder, the Folders root. */
function rowSlots(rowId: string | null | undefined): Slot[] {
  if (rowId === 'group|folders') return ['context:folders'];
  if (rowId?.startsWith('group|tag|')) return ['context:tag'];
  if (rowId?.startsWith('group|folder|')) return ['context:folder'];
  if (rowId?.startsWith('group|vapp|')) return ['context:vapp'];
  return [];
}

/**
 * The context-menu slots a selection gets: VMs 'vm' (one snapshot 'snapshot', one template 'template' instead); pools, hosts and
 * server nodes 'server', with 'pool' when all are pools and 'host' when all are hosts; SRs 'sr'; and any one object
 * 'any' (the reference's operations on it); objects that go in folders 'organize', and under a tag 'tagged'. `rowId` is the
 * row the menu is for: a tag or folder row selects no object, and gets its row's slots.
 */
export function contextSlots(selection: Selection, store?: Pick<AppState, 'objects'>, rowId?: string | null): Slot[] {
  if (selection.length === 0) return rowSlots(rowId);
  const ids: ContextId[] = [];
  const all = (...cls: string[]) => selection.every((s) => cls.includes(s.cls));
  if (store && isSnapshotSelection(selection, store)) ids.push('snapshot');
  else if (store && isTemplateSelection(selection, store)) ids.push('template');
  else if (all('vm')) ids.push('vm');
  else if (all('connection', 'pool', 'host')) {
    ids.push('server');
    if (all('pool')) ids.push('pool');
    if (all('host')) ids.push('host');
  } else if (all('sr')) ids.push('sr');
  if (selection.length === 1) ids.push('any');
  if (all(...ORGANISED) && !ids.includes('snapshot')) ids.push('organize');
  if (rowId?.includes('|tag:')) ids.push('tagged');
  return ids.map((id) => `context:${id}` as const);
}
