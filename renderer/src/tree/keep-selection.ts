// Where the selection goes when the tree changes under it (XenCenter's rules). Pure: the tree of
// the chosen view (unfiltered, so a collapsed parent or the search box never moves it), the store's
// objects, and what was remembered about the selected row while it existed.
import { str } from '../xapi-model/format';
import type { ConnectionObjects, TreeNode } from './build-tree';

export interface IndexedNode { node: TreeNode; parentId: string | null }
export type TreeIndex = Map<string, IndexedNode>;

/** The last entry made for a node: rebuilt on every delta of a busy pool, the index reuses the entries of nodes that kept their place. */
const lastEntry = new WeakMap<TreeNode, IndexedNode>();

/** Every node of the tree by id, with its parent's id. */
export function indexTree(nodes: TreeNode[]): TreeIndex {
  const out: TreeIndex = new Map();
  const walk = (list: TreeNode[], parentId: string | null): void => {
    for (const n of list) {
      if (!out.has(n.id)) {
        let e = lastEntry.get(n);
        if (!e || e.parentId !== parentId) { e = { node: n, parentId }; lastEntry.set(n, e); }
        out.set(n.id, e);
      }
      if (n.children.length) walk(n.children, n.id);
    }
  };
  walk(nodes, null);
  return out;
}

/** What is remembered about the selected row while it is in the tree. */
export interface SelectionMemory {
  nodeId: string;
  connectionId: string;
  cls: string;
  ref: string;
  /** The object's uuid: the same object in another connection after a cross-pool migration. */
  uuid: string;
  /** The ids of its ancestors, nearest first. */
  ancestors: string[];
}

export function rememberSelection(index: TreeIndex, objects: Map<string, ConnectionObjects>, nodeId: string): SelectionMemory | null {
  const at = index.get(nodeId);
  if (!at) return null;
  const { connectionId, cls, ref } = at.node;
  const ancestors: string[] = [];
  for (let p = at.parentId; p; p = index.get(p)?.parentId ?? null) ancestors.push(p);
  return { nodeId, connectionId, cls, ref, uuid: str(objects.get(connectionId)?.get(cls)?.get(ref)?.uuid), ancestors };
}

/** An object that left the selection for its parent and may turn up again: in another connection (a
 * cross-pool migration deletes it here before the destination's events add it there), or in its own
 * (a host that is live again, a tag given back in the Objects by Tag view). */
export interface PendingFollow { cls: string; ref: string; uuid: string; fromConnection: string; parentId: string | null; until: number }

/** How long the parent waits for the object to appear elsewhere. */
export const FOLLOW_MS = 60_000;

export type SelectionFix =
  | { kind: 'keep' }
  | { kind: 'select'; node: TreeNode; follow?: PendingFollow }
  | { kind: 'clear'; follow?: PendingFollow };

function sameObjectElsewhere(index: TreeIndex, objects: Map<string, ConnectionObjects>, m: Pick<SelectionMemory, 'connectionId' | 'cls' | 'ref' | 'uuid'>): TreeNode | undefined {
  for (const { node } of index.values()) {
    if (node.cls === m.cls && node.connectionId === m.connectionId && node.ref === m.ref) return node;
  }
  if (!m.uuid) return undefined;
  for (const { node } of index.values()) {
    if (node.cls !== m.cls || node.connectionId === m.connectionId) continue;
    if (str(objects.get(node.connectionId)?.get(node.cls)?.get(node.ref)?.uuid) === m.uuid) return node;
  }
  return undefined;
}

/**
 * The selection after a change of the tree. The selected row still there: kept. Gone: the same
 * object elsewhere (a VM started on another host, migrated to another pool: same uuid); else the
 * nearest ancestor still in the tree (a deleted VM selects its host or pool), else its connection's
 * top-level node (a disconnected server); else nothing (a forgotten server, one that joined a
 * pool). Until then, for FOLLOW_MS, the object is followed if it appears again.
 */
export function fixSelection(
  index: TreeIndex, objects: Map<string, ConnectionObjects>, selectedNodeId: string | null,
  memory: SelectionMemory | null, follow: PendingFollow | null, now: number,
): SelectionFix {
  if (!selectedNodeId || index.has(selectedNodeId)) {
    if (follow && follow.parentId === selectedNodeId && now < follow.until) {
      const moved = sameObjectElsewhere(index, objects, { connectionId: follow.fromConnection, cls: follow.cls, ref: follow.ref, uuid: follow.uuid });
      if (moved) return { kind: 'select', node: moved };
    }
    return { kind: 'keep' };
  }
  const m = memory?.nodeId === selectedNodeId ? memory : null;
  const [connectionId, cls, ref] = selectedNodeId.split('|');
  const moved = sameObjectElsewhere(index, objects, m ?? { connectionId, cls, ref, uuid: '' });
  if (moved) return { kind: 'select', node: moved };
  const parent = m?.ancestors.map((id) => index.get(id)?.node).find((n) => !!n)
    ?? [...index.values()].find((e) => e.parentId === null && e.node.connectionId === connectionId)?.node;
  const followFrom = (parentId: string | null): PendingFollow | undefined => (m && m.cls !== 'connection'
    ? { cls: m.cls, ref: m.ref, uuid: m.uuid, fromConnection: m.connectionId, parentId, until: now + FOLLOW_MS } : undefined);
  if (!parent) return { kind: 'clear', follow: followFrom(null) };
  return { kind: 'select', node: parent, follow: followFrom(parent.id) };
}

/** An object to select once the tree shows it: a connection's top-level node, or one object. */
export interface RevealTarget { connectionId: string; cls?: string; ref?: string }

export function findReveal(index: TreeIndex, t: RevealTarget): IndexedNode | undefined {
  for (const e of index.values()) {
    if (e.node.connectionId !== t.connectionId) continue;
    if (t.cls ? e.node.cls === t.cls && e.node.ref === t.ref : e.parentId === null) return e;
  }
  return undefined;
}

/** The ids of a node's ancestors (to open them so the node shows). */
export function ancestorsOf(index: TreeIndex, id: string): string[] {
  const out: string[] = [];
  for (let p = index.get(id)?.parentId ?? null; p; p = index.get(p)?.parentId ?? null) out.push(p);
  return out;
}
