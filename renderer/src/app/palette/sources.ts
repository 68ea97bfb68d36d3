// What the command palette lists, read from the registered contributions as the menus are: the entries that
// apply to the selection (its context menu, the menus, the toolbar) and, for one object, its context menu's
// commands and its tabs. Each entry carries its state (availability.ts): greyed with its reason.
// Pure: the features, the store and the UI state come in as arguments.
import { commandState } from '../../framework/availability';
import { isAction, type MenuEntry, type Selection } from '../../framework/command';
import type { Feature } from '../../framework/feature';
import { contextSlots } from '../../framework/menu-model';
import { tabsFor } from '../../framework/tabs';
import type { StoreView } from '../../state/store';
import type { UiState } from '../../state/ui';
import type { TreeNode } from '../../tree/tree-node';
import { normalize } from './match';
import { objectIndex, type PaletteEntry, type PaletteObject, type PaletteSources, type PaletteTab } from './model';

/** The palette's own entry, left out of its list. */
export const PALETTE_ID = 'palette';

export type Entry = PaletteEntry<MenuEntry>;

function entryState(entry: MenuEntry, selection: Selection, store: StoreView, ui: UiState): Entry {
  if (isAction(entry)) {
    const reason = entry.disabledReason?.(ui);
    return { entry, label: entry.label, shortcut: entry.shortcut, enabled: !reason, reason, checked: entry.checked?.(ui) };
  }
  const st = commandState(entry, selection, store);
  return { entry, label: entry.label, shortcut: entry.shortcut, enabled: st.enabled, reason: st.reason };
}

/** The entries placed in a slot `accept` takes, once each, in registration order. */
function placed(features: readonly Feature[], accept: (slot: string) => boolean): MenuEntry[] {
  const out = new Set<MenuEntry>();
  for (const f of features) for (const p of f.commands ?? []) if (p.places.some((pl) => accept(pl.slot))) out.add(p.entry);
  // A submenu's parent does nothing by itself: its choices are in its drop-down.
  return [...out].filter((e) => isAction(e) || !e.submenu);
}

/** One row per label (the Properties of a VM, server, pool… share theirs): the first that can run, else the first. */
function onePerLabel(items: readonly Entry[]): Entry[] {
  const by = new Map<string, Entry>();
  for (const it of items) {
    const k = normalize(it.label);
    const had = by.get(k);
    if (!had || (!had.enabled && it.enabled)) by.set(k, it);
  }
  return [...by.values()];
}

/** The entries that apply to the selection: its context menu's first (they are for its kind, so their reason
 * is the one that fits), then the menus' and the toolbar's, less those whose context menus are for other kinds
 * and that cannot run on it (a server's Enter Maintenance Mode… while a VM is selected: noise, not a reason). */
export function selectionEntries(features: readonly Feature[], selection: Selection, store: StoreView, ui: UiState): Entry[] {
  const ctx = new Set<string>(contextSlots(selection, store));
  const ours = placed(features, (s) => ctx.has(s));
  const otherKinds = new Set(placed(features, (s) => s.startsWith('context:') && !ctx.has(s)));
  const states = [...ours, ...placed(features, (s) => s.startsWith('menu:') || s === 'toolbar')]
    .filter((e) => e.id !== PALETTE_ID)
    .map((e) => entryState(e, selection, store, ui))
    .filter((st) => st.enabled || ours.includes(st.entry) || !otherKinds.has(st.entry) || (!isAction(st.entry) && st.entry.global));
  return onePerLabel(states);
}

/** The commands of one object's context menu (the ones for its kind), in their state for it. */
export function objectEntries(features: readonly Feature[], obj: PaletteObject, store: StoreView, ui: UiState): Entry[] {
  const sel = [obj.target];
  const ctx = new Set<string>(contextSlots(sel, store));
  return onePerLabel(placed(features, (s) => ctx.has(s)).filter((e) => !isAction(e)).map((e) => entryState(e, sel, store, ui)));
}

/** The tabs of an object's kind, as the tab bar shows them. */
export function objectTabs(features: readonly Feature[], obj: PaletteObject, store: StoreView): PaletteTab[] {
  return tabsFor(obj.kind, features, { target: { ...obj.target, kind: obj.kind }, store }).map((t) => ({ id: t.id, title: t.title }));
}

/** The selection in words: its one object's name, or how many. */
function selectionWords(objects: readonly PaletteObject[], selection: Selection): string | undefined {
  if (selection.length > 1) return `${selection.length} objects`;
  const s = selection[0];
  return s ? objects.find((o) => o.key === `${s.connectionId}|${s.cls}|${s.ref}`)?.name : undefined;
}

/** Everything the palette searches, for one opening: the object index is built here, once, from the tree. */
export function paletteSources(features: readonly Feature[], tree: readonly TreeNode[], selection: Selection, store: StoreView, ui: UiState): PaletteSources<MenuEntry> {
  const verbs = new Set<string>();
  for (const f of features) {
    for (const p of f.commands ?? []) if (!isAction(p.entry) && p.places.some((pl) => pl.slot.startsWith('context:'))) verbs.add(normalize(p.entry.label));
    for (const t of f.tabs ?? []) verbs.add(normalize(t.tab.title));
  }
  const objects = objectIndex(tree);
  const target = selectionWords(objects, selection);
  const on = new Map<string, Entry[]>();
  return {
    entries: selectionEntries(features, selection, store, ui).map((e) => (target && !isAction(e.entry) && !e.entry.global ? { ...e, target } : e)),
    objects,
    verbs: [...verbs],
    entriesOn: (obj) => {
      let e = on.get(obj.key);
      if (!e) { e = objectEntries(features, obj, store, ui); on.set(obj.key, e); }
      return e;
    },
    tabsOf: (obj) => objectTabs(features, obj, store),
  };
}
