// Several rows of a list selected at once, as a Windows list view does (XenCenter's grids): a click
// selects one row, Ctrl-click toggles one, Shift-click selects from the anchor to the row; the arrows,
// Home and End move (Shift extends from the anchor, Ctrl moves the focus alone, Ctrl+Space toggles),
// Ctrl+A selects every row. Pure: `order` is the rows' ids as shown.

export interface ListSelection {
  /** Selected ids, in the list's order. */
  ids: string[];
  /** Where the next Shift range starts. */
  anchor: string | null;
  /** The row with the keyboard focus. */
  focus: string | null;
}

export const EMPTY_SELECTION: ListSelection = { ids: [], anchor: null, focus: null };

export interface Mods { ctrl: boolean; shift: boolean }

const inOrder = (order: readonly string[], ids: Iterable<string>): string[] => {
  const set = new Set(ids);
  return order.filter((id) => set.has(id));
};

function range(order: readonly string[], anchor: string | null, to: string): string[] {
  const a = anchor === null ? -1 : order.indexOf(anchor);
  const b = order.indexOf(to);
  if (b < 0) return [];
  if (a < 0) return [to];
  return order.slice(Math.min(a, b), Math.max(a, b) + 1);
}

/** A click on `id` with these modifiers. */
export function clickSelect(order: readonly string[], sel: ListSelection, id: string, mods: Mods): ListSelection {
  if (!order.includes(id)) return sel;
  if (mods.shift) {
    const anchor = sel.anchor !== null && order.includes(sel.anchor) ? sel.anchor : id;
    const picked = range(order, anchor, id);
    return { ids: mods.ctrl ? inOrder(order, [...sel.ids, ...picked]) : picked, anchor, focus: id };
  }
  if (mods.ctrl) {
    const ids = sel.ids.includes(id) ? sel.ids.filter((x) => x !== id) : inOrder(order, [...sel.ids, id]);
    return { ids, anchor: id, focus: id };
  }
  return { ids: [id], anchor: id, focus: id };
}

/** A key on the list; null when the key is not the list's (the caller lets it through). */
export function keySelect(order: readonly string[], sel: ListSelection, key: string, mods: Mods): ListSelection | null {
  if (order.length === 0) return null;
  const at = sel.focus === null ? -1 : order.indexOf(sel.focus);
  if (mods.ctrl && (key === 'a' || key === 'A')) return { ids: [...order], anchor: sel.anchor ?? order[0], focus: sel.focus ?? order[0] };
  if (key === ' ') {
    const id = order[Math.max(0, at)];
    return mods.ctrl ? clickSelect(order, sel, id, { ctrl: true, shift: false }) : clickSelect(order, sel, id, { ctrl: false, shift: mods.shift });
  }
  const next = key === 'ArrowDown' ? Math.min(order.length - 1, at + 1) : key === 'ArrowUp' ? Math.max(0, at - 1)
    : key === 'Home' ? 0 : key === 'End' ? order.length - 1 : -1;
  if (next < 0) return null;
  const id = order[next];
  if (mods.shift) return clickSelect(order, sel, id, { ctrl: false, shift: true });
  if (mods.ctrl) return { ...sel, focus: id };
  return { ids: [id], anchor: id, focus: id };
}

/** After the list changed: the selected rows it still has (the anchor and focus too, else none). */
export function keepPresent(order: readonly string[], sel: ListSelection): ListSelection {
  const ids = inOrder(order, sel.ids);
  const anchor = sel.anchor !== null && order.includes(sel.anchor) ? sel.anchor : null;
  const focus = sel.focus !== null && order.includes(sel.focus) ? sel.focus : null;
  return ids.length === sel.ids.length && anchor === sel.anchor && focus === sel.focus ? sel : { ids, anchor, focus };
}
