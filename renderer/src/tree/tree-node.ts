// What the navigation tree is made of, and the order its rows take.

/** class (lowercase) -> ref -> record */
export type ConnectionObjects = Map<string, Map<string, Record<string, unknown>>>;

export type NodeKind = 'connection' | 'pool' | 'host' | 'vm' | 'template' | 'snapshot' | 'sr' | 'network' | 'group' | 'tag' | 'folder' | 'search';

export interface TreeNode {
  /** Unique across the whole tree: `${connectionId}|${cls}|${ref}` ("connection" nodes: `${connectionId}|connection`). */
  id: string;
  kind: NodeKind;
  /** The store class: 'pool' | 'host' | 'vm' | 'sr', or 'connection'. */
  cls: string;
  connectionId: string;
  ref: string;
  name: string;
  children: TreeNode[];
  /** VM power state; host: 'live' | 'dead' | 'disabled' | 'maintenance'; connection: its status; 'unknown' for
   * hosts and VMs of a connection that is not connected. */
  state?: string;
  /** Short human text describing the state (used as the row's accessible description). */
  description?: string;
  /** Connection status shown next to a top-level node's name (connecting…, failed: reason, reconnecting…). */
  statusText?: string;
  defaultTemplate?: boolean;
  /** The object's tags and other_config folder (the organisation views and the search read them). */
  tags?: string[];
  folder?: string;
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

/** Natural order: "VM 2" before "VM 10". */
export function naturalCompare(a: string, b: string): number {
  return collator.compare(a, b);
}

/** Siblings' order: by name, naturally; the ref decides between equal names so the order is stable. */
export function byName(a: TreeNode, b: TreeNode): number {
  return naturalCompare(a.name, b.name) || (a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : 0);
}

/** Where `node` goes in `list`, sorted by byName (the first index whose node sorts after it). */
export function sortedIndex(list: readonly TreeNode[], node: TreeNode): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (byName(list[mid], node) <= 0) lo = mid + 1; else hi = mid;
  }
  return lo;
}
