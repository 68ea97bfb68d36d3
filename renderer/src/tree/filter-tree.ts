// The tree's search box (XenCenter's "Search..."): keep the objects whose name or a tag contains the
// text, and their ancestors so each match's path stays visible. Pure: nodes in, nodes out.
import type { TreeNode } from './build-tree';

export interface FilterResult {
  nodes: TreeNode[];
  /** Objects that matched (ancestors kept only for their path are not counted). */
  matches: number;
  /** Nodes to show expanded: every kept ancestor of a match. */
  expand: Set<string>;
}

/** Grouping rows of the organisation views are paths, not objects: they never match themselves. */
const GROUP_KINDS = new Set(['group', 'tag', 'folder']);

export function normaliseQuery(q: string): string {
  return q.trim().toLowerCase();
}

export function nodeMatches(node: TreeNode, q: string): boolean {
  if (GROUP_KINDS.has(node.kind)) return false;
  if (node.name.toLowerCase().includes(q)) return true;
  return !!node.tags && node.tags.some((t) => t.toLowerCase().includes(q));
}

export function filterTree(nodes: TreeNode[], query: string): FilterResult {
  const q = normaliseQuery(query);
  const expand = new Set<string>();
  if (!q) return { nodes, matches: 0, expand };
  let matches = 0;
  const walk = (list: TreeNode[]): TreeNode[] => {
    const out: TreeNode[] = [];
    for (const n of list) {
      const self = nodeMatches(n, q);
      const kids = n.children.length ? walk(n.children) : [];
      if (self) matches++;
      if (!self && kids.length === 0) continue;
      if (kids.length) expand.add(n.id);
      // Unchanged subtrees keep their identity; a filtered one is a copy (the built tree is shared).
      out.push(kids.length === n.children.length && kids.every((k, i) => k === n.children[i]) ? n : { ...n, children: kids });
    }
    return out;
  };
  return { nodes: walk(nodes), matches, expand };
}

export function matchCountText(query: string, matches: number): string {
  if (!normaliseQuery(query)) return '';
  if (matches === 0) return 'No objects found';
  return matches === 1 ? '1 object found' : `${matches} objects found`;
}
