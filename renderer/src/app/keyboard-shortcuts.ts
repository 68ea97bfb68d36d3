// Help > Keyboard Shortcuts: every registered entry with a shortcut, grouped by the menu it sits in (in the
// menu bar's order), read from the contributions as the menus are. Pure: the features come in as an argument.
import type { MenuEntry } from '../framework/command';
import type { Feature } from '../framework/feature';
import { slotGroups } from '../framework/menu-model';
import { parseMnemonic } from '../ui/mnemonics';
import { MENUS } from './menu-titles';

export interface ShortcutRow { label: string; shortcut: string }
export interface ShortcutSection { menu: string; rows: ShortcutRow[] }

/** Entries with a shortcut, one row per label and shortcut (a menu may hold several Properties, one per class). */
function rowsOf(entries: readonly MenuEntry[]): ShortcutRow[] {
  const seen = new Set<string>();
  const rows: ShortcutRow[] = [];
  for (const { label, shortcut } of entries) {
    const key = `${label}\n${shortcut}`;
    if (!shortcut || seen.has(key)) continue;
    seen.add(key);
    rows.push({ label, shortcut });
  }
  return rows;
}

/** Each menu's entries with a shortcut; then those placed in no menu: the context menus' own (a template's or a
 * network's Properties), and any other under "Other". */
export function shortcutSections(features: readonly Feature[]): ShortcutSection[] {
  const inMenus = new Set<MenuEntry>();
  const sections = MENUS.map((m) => {
    const entries = slotGroups(features, [`menu:${m.id}`]).flat().map((p) => p.entry);
    for (const e of entries) inMenus.add(e);
    return { menu: parseMnemonic(m.label).text, rows: rowsOf(entries) };
  });
  const elsewhere = features.flatMap((f) => f.commands ?? []).filter((c) => !inMenus.has(c.entry));
  const inContext = (places: ReadonlyArray<{ slot: string }>) => places.some((p) => p.slot.startsWith('context:'));
  sections.push({ menu: 'Context menus', rows: rowsOf(elsewhere.filter((c) => inContext(c.places)).map((c) => c.entry)) });
  sections.push({ menu: 'Other', rows: rowsOf(elsewhere.filter((c) => !inContext(c.places)).map((c) => c.entry)) });
  return sections.filter((s) => s.rows.length > 0);
}
