// The command palette's model, pure: the objects it can find (from the tree, so it finds what the tree
// shows, by the names the tree shows), and the rows a query gives: commands on the selection, objects, and
// "<command> <object>" / "<object> <command or tab>" combinations. Ranked by match.ts's tiers.
import type { SelectedObject } from '../../framework/command';
import type { NodeKind, TreeNode } from '../../tree/tree-node';
import { EXACT, normalize, score, SUBSTRING, WORD_PREFIX } from './match';

export interface PaletteObject {
  /** `${connectionId}|${cls}|${ref}`: one entry per object, however many rows show it. */
  key: string;
  target: SelectedObject;
  kind: NodeKind;
  name: string;
  /** The pool or server it belongs to (its top-level row's name); empty for that row itself. */
  where: string;
  /** The server its row sits under inside a pool (a running VM's host, a host's local storage). */
  host?: string;
  /** normalize(name), computed once per palette opening. */
  norm: string;
  /** Its tree row's state (power state, host state), for its icon. */
  state?: string;
}

/** An entry the palette can run: a command or action, in the state it is in for its target. */
export interface PaletteEntry<E = unknown> {
  entry: E;
  label: string;
  shortcut?: string;
  enabled: boolean;
  reason?: string;
  /** A View option's check mark. */
  checked?: boolean;
  /** What it acts on, in words, when that is the selection ("web-01", "3 objects"). */
  target?: string;
}

export interface PaletteTab { id: string; title: string }

export type PaletteRow<E = unknown> =
  | { type: 'entry'; key: string; score: number; item: PaletteEntry<E> }
  | { type: 'object'; key: string; score: number; obj: PaletteObject }
  | { type: 'entry-on'; key: string; score: number; item: PaletteEntry<E>; obj: PaletteObject }
  | { type: 'tab'; key: string; score: number; tab: PaletteTab; obj: PaletteObject };

export interface PaletteSources<E = unknown> {
  /** Every entry that applies to the current selection. */
  entries: ReadonlyArray<PaletteEntry<E>>;
  objects: readonly PaletteObject[];
  /** Every label a command on one object may have, normalized: combinations are tried only when one matches. */
  verbs: readonly string[];
  /** The commands of one object's context menu, in their state for it. */
  entriesOn(obj: PaletteObject): ReadonlyArray<PaletteEntry<E>>;
  /** The tabs the object shows. */
  tabsOf(obj: PaletteObject): readonly PaletteTab[];
}

export const MAX_ROWS = 50;
/** How many objects a combination's object part may name before the palette stops looking further. */
const MAX_COMBO_OBJECTS = 10;
/** A combination's halves must match at least at the start of a word: a subsequence of a few letters would pair
 * every command with every VM. */
const COMBO_MIN = WORD_PREFIX;
/** Over a single match of the same quality (a combination accounts for every word typed), yet under an exact
 * name: "local storage" is the SR of that name before its Storage tab. */
const COMBO_BONUS = 100;
const comboScore = (verb: number, object: number): number => Math.min(EXACT - 1, Math.min(verb, object) + COMBO_BONUS);

const OBJECT_KINDS: ReadonlySet<NodeKind> = new Set(['connection', 'pool', 'host', 'vm', 'template', 'snapshot', 'sr', 'network']);

/** Every object of the tree once, with its pool or server (the top-level row above it). */
export function objectIndex(tree: readonly TreeNode[]): PaletteObject[] {
  const out: PaletteObject[] = [];
  const seen = new Set<string>();
  const walk = (nodes: readonly TreeNode[], where: string, host: string | undefined): void => {
    for (const n of nodes) {
      const key = `${n.connectionId}|${n.cls}|${n.ref}`;
      if (OBJECT_KINDS.has(n.kind) && !seen.has(key)) {
        seen.add(key);
        out.push({ key, target: { connectionId: n.connectionId, cls: n.cls, ref: n.ref }, kind: n.kind, name: n.name, where, host, norm: normalize(n.name), state: n.state });
      }
      // A standalone server is its own top-level row: "in xcp-host-03" says it all.
      if (n.children.length) walk(n.children, where || n.name, where && n.kind === 'host' ? n.name : host);
    }
  };
  walk(tree, '', undefined);
  return out;
}

/** The rows for a query, best first, at most `limit`. An empty query lists the selection's entries. */
export function searchPalette<E>(query: string, src: PaletteSources<E>, limit = MAX_ROWS): Array<PaletteRow<E>> {
  const q = normalize(query);
  if (!q) return src.entries.map((item, i): PaletteRow<E> => ({ type: 'entry', key: `e${i}`, score: 0, item })).sort(byRank).slice(0, limit);
  const rows: Array<PaletteRow<E>> = [];
  src.entries.forEach((item, i) => {
    const s = score(normalize(item.label), q);
    if (s !== null) rows.push({ type: 'entry', key: `e${i}`, score: s, item });
  });
  for (const obj of src.objects) {
    const s = score(obj.norm, q);
    if (s !== null) rows.push({ type: 'object', key: obj.key, score: s, obj });
  }
  rows.push(...combinations(q, src));
  return rows.sort(byRank).slice(0, limit);
}

const runnable = (r: PaletteRow<unknown>): boolean => (r.type === 'entry' || r.type === 'entry-on' ? r.item.enabled : true);
/** Best score first; of equal ones, what can run before what cannot. Stable: then commands before objects, and
 * objects in the tree's order. */
function byRank(a: PaletteRow<unknown>, b: PaletteRow<unknown>): number {
  return b.score - a.score || Number(runnable(b)) - Number(runnable(a));
}

/** A query split in two at each space: "<command> <object>" and "<object> <command or tab>". */
export function splits(q: string): Array<{ verb: string; object: string }> {
  const words = q.split(' ');
  const out: Array<{ verb: string; object: string }> = [];
  for (let k = 1; k < words.length; k++) {
    const head = words.slice(0, k).join(' ');
    const tail = words.slice(k).join(' ');
    out.push({ verb: head, object: tail }, { verb: tail, object: head });
  }
  return out;
}

function combinations<E>(q: string, src: PaletteSources<E>): Array<PaletteRow<E>> {
  const out = new Map<string, PaletteRow<E>>();
  for (const { verb, object } of splits(q)) {
    if (!src.verbs.some((v) => (score(v, verb) ?? 0) >= COMBO_MIN)) continue;
    const objects = src.objects
      .map((obj) => ({ obj, s: score(obj.norm, object) ?? 0 }))
      .filter((x) => x.s >= SUBSTRING)
      .sort((a, b) => b.s - a.s)
      .slice(0, MAX_COMBO_OBJECTS);
    for (const { obj, s: os } of objects) {
      const add = (row: PaletteRow<E>) => { if ((out.get(row.key)?.score ?? -1) < row.score) out.set(row.key, row); };
      for (const item of src.entriesOn(obj)) {
        const vs = score(normalize(item.label), verb) ?? 0;
        if (vs >= COMBO_MIN) add({ type: 'entry-on', key: `${normalize(item.label)}|${obj.key}`, score: comboScore(vs, os), item, obj });
      }
      for (const tab of src.tabsOf(obj)) {
        const ts = score(normalize(tab.title), verb) ?? 0;
        if (ts >= COMBO_MIN) add({ type: 'tab', key: `tab|${tab.id}|${obj.key}`, score: comboScore(ts, os), tab, obj });
      }
    }
  }
  return [...out.values()];
}
