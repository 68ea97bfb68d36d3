// Several rows of a list chosen as desktop lists do: a click chooses one row, Ctrl (Cmd) adds or removes
// one, Shift chooses the run from the anchor (the row clicked last without Shift). Pure.
export interface PickMods { toggle: boolean; range: boolean }
export interface Picked { selected: ReadonlySet<string>; anchor: string }

/** The selection after a click on `ref`, in the list's order `order`. */
export function pick(order: readonly string[], current: ReadonlySet<string>, anchor: string | null, ref: string, mods: PickMods): Picked {
  if (mods.range && anchor !== null && order.includes(anchor)) {
    const [a, b] = [order.indexOf(anchor), order.indexOf(ref)].sort((x, y) => x - y);
    const run = order.slice(a, b + 1);
    return { selected: new Set(mods.toggle ? [...current, ...run] : run), anchor };
  }
  if (mods.toggle) {
    const next = new Set(current);
    if (next.has(ref)) next.delete(ref); else next.add(ref);
    return { selected: next, anchor: ref };
  }
  return { selected: new Set([ref]), anchor: ref };
}

/** The modifiers of a mouse or keyboard event. */
export const modsOf = (e: { ctrlKey: boolean; metaKey: boolean; shiftKey: boolean }): PickMods => ({ toggle: e.ctrlKey || e.metaKey, range: e.shiftKey });
