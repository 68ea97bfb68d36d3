// Several rows selected at once, as XenCenter's tree does: Ctrl-click toggles a row, Shift-click and
// Shift+arrows select the rows from the anchor to the focus, in the order the tree shows them. What
// the rows stand for is the union of their objects, each once (an object may show under several tags).
// Pure: the ui store keeps the result (state/ui.ts), NavTree applies it.
import type { SelectedObject } from '../framework/command';
import type { FlatRow, TreeNode } from './build-tree';
import type { TreeIndex } from './keep-selection';
import { selectionOf } from './selection';

export interface RowsSelection {
  ids: string[];
  /** The row the focus, the tabs and the next Shift range's end follow. */
  primary: string;
  anchor: string | null;
  objects: SelectedObject[];
}

/** The objects of these nodes, each once, in the nodes' order. */
export function objectsOfNodes(nodes: readonly TreeNode[]): SelectedObject[] {
  const seen = new Set<string>();
  const out: SelectedObject[] = [];
  for (const n of nodes) {
    for (const o of selectionOf(n)) {
      const key = `${o.connectionId}|${o.cls}|${o.ref}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(o);
    }
  }
  return out;
}

/** Shift-click / Shift+arrow: the visible rows from the anchor to `to` (the anchor gone or hidden: `to` alone). */
export function rangeSelection(rows: readonly FlatRow[], anchor: string | null, to: number): RowsSelection | null {
  const target = rows[to];
  if (!target) return null;
  const from = anchor === null ? -1 : rows.findIndex((r) => r.node.id === anchor);
  const [lo, hi] = from < 0 ? [to, to] : from <= to ? [from, to] : [to, from];
  const picked = rows.slice(lo, hi + 1).map((r) => r.node);
  return { ids: picked.map((n) => n.id), primary: target.node.id, anchor: from < 0 ? target.node.id : anchor, objects: objectsOfNodes(picked) };
}

/**
 * Ctrl-click / Ctrl+Space: the row joins the selection, or leaves it (the last row stays: the tree
 * always has something selected once the user chose). The toggled row becomes the anchor.
 */
export function toggleSelection(rows: readonly FlatRow[], selected: ReadonlySet<string>, at: number, index: TreeIndex): RowsSelection | null {
  const row = rows[at];
  if (!row) return null;
  const id = row.node.id;
  const ids = selected.has(id) ? [...selected].filter((x) => x !== id) : [...selected, id];
  if (ids.length === 0) return { ids: [id], primary: id, anchor: id, objects: selectionOf(row.node) };
  const nodes = ids.map((x) => index.get(x)?.node).filter((n): n is TreeNode => !!n);
  const primary = ids.includes(id) ? id : ids[ids.length - 1];
  return { ids: nodes.map((n) => n.id), primary, anchor: id, objects: objectsOfNodes(nodes) };
}

/**
 * After the tree changed: the selected rows it still has. Undefined when nothing is to be done
 * (one row or none selected: keep-selection.ts decides; or every row is still there); otherwise
 * what is left (an empty `ids` leaves the primary's fate to keep-selection.ts).
 */
export function pruneSelection(index: TreeIndex, selected: ReadonlySet<string>, primary: string | null): RowsSelection | undefined {
  if (selected.size < 2) return undefined;
  const kept = [...selected].filter((id) => index.has(id));
  if (kept.length === selected.size) return undefined;
  const nodes = kept.map((id) => index.get(id)!.node);
  const p = primary !== null && kept.includes(primary) ? primary : kept[kept.length - 1] ?? '';
  return { ids: kept, primary: p, anchor: p || null, objects: objectsOfNodes(nodes) };
}
