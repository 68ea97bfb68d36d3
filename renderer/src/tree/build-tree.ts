// The Infrastructure tree as XenCenter draws it (WIRE.md, "Where objects live in XenCenter's
// Infrastructure tree"). Pure: records in, nodes out.
import type { ConnectionInfo } from '../../../shared/ipc/contract';
import { connectionExtras, disambiguate } from '../xapi-model/names';
import { buildConnectionNodes } from './connection-nodes';
import type { ConnectionObjects, TreeNode } from './tree-node';
import type { TreeOptions } from './visibility';

export { DEFAULT_TREE_OPTIONS, isHiddenFromXenCenter, type TreeOptions } from './visibility';
export { naturalCompare, type ConnectionObjects, type NodeKind, type TreeNode } from './tree-node';
export { buildConnectionNodes } from './connection-nodes';

export interface TreeInput extends TreeOptions {
  /** In display order. */
  connections: ConnectionInfo[];
  objects: Map<string, ConnectionObjects>;
}

const CONNECTION_STATUS_TEXT: Record<string, string> = {
  connecting: 'Connecting…', connected: 'Connected', reconnecting: 'Reconnecting…', disconnected: 'Disconnected', failed: 'Failed',
};

export function connectionStatusText(c: ConnectionInfo): string {
  const base = CONNECTION_STATUS_TEXT[c.status] ?? c.status;
  if ((c.status === 'failed' || c.status === 'reconnecting') && c.error) return `${base}: ${c.error.message || c.error.code}`;
  return base;
}

/** What a node of a connection that is not connected says: its state unknown, it and its children. */
export const UNKNOWN_STATE = 'unknown';
const UNKNOWN_TEXT = 'State unknown: the connection is not connected';
function asUnknown(n: TreeNode): TreeNode {
  const stateful = n.kind === 'vm' || n.kind === 'host' || n.kind === 'snapshot';
  return {
    ...n,
    ...(stateful ? { state: UNKNOWN_STATE, description: UNKNOWN_TEXT } : {}),
    children: n.children.map(asUnknown),
  };
}

/** One top-level entry per connection. */
export function buildInfrastructureTree(input: TreeInput): TreeNode[] {
  const out: TreeNode[] = [];
  for (const c of input.connections) {
    const objs = input.objects.get(c.id);
    const hasPool = !!objs && (objs.get('pool')?.size ?? 0) > 0;
    if (!hasPool || c.status !== 'connected') {
      if (hasPool && (c.status === 'reconnecting')) {
        // Keep showing the last known pool while reconnecting, but nothing in it as if it were known:
        // every host and VM is drawn in an unknown state until the connection is back.
        for (const n of buildConnectionNodes(c.id, objs!, input)) out.push({ ...asUnknown(n), description: connectionStatusText(c), statusText: connectionStatusText(c) });
        continue;
      }
      out.push({
        id: `${c.id}|connection`, kind: 'connection', cls: 'connection', connectionId: c.id, ref: c.id,
        name: c.friendlyName || c.hostname || c.url, children: [], state: c.status, description: connectionStatusText(c), statusText: connectionStatusText(c),
      });
      continue;
    }
    out.push(...buildConnectionNodes(c.id, objs!, input));
  }
  return distinctTopLevel(out, input);
}

/**
 * Two pools (or servers) of the same name are told apart as XenCenter does: the coordinator's name,
 * else the address the connection was made to, is added to each repeated top-level name.
 */
function distinctTopLevel(nodes: TreeNode[], input: TreeInput): TreeNode[] {
  const byId = new Map(input.connections.map((c) => [c.id, c]));
  const names = disambiguate(nodes.map((n, i) => {
    const c = byId.get(n.connectionId);
    return { key: i, name: n.name, extras: c ? connectionExtras(input, c, n.kind === 'pool') : [] };
  }));
  return nodes.map((n, i) => (names.get(i) === n.name ? n : { ...n, name: names.get(i)! }));
}

/** A visible row of the flattened tree. */
export interface FlatRow {
  node: TreeNode;
  level: number;
  setSize: number;
  posInSet: number;
  parentId: string | null;
  expanded: boolean;
}

export function defaultExpanded(node: TreeNode): boolean {
  return node.kind === 'pool' || node.kind === 'host' || node.kind === 'connection';
}

/** The last row made for a node: a flatten that finds the node in the same place reuses it, so the
 *  rows that did not move keep their identity (memoised rows skip rendering) and make no garbage. */
const lastRow = new WeakMap<TreeNode, FlatRow>();

export function flattenTree(nodes: TreeNode[], isExpanded: (n: TreeNode) => boolean): FlatRow[] {
  const rows: FlatRow[] = [];
  const walk = (list: TreeNode[], level: number, parentId: string | null): void => {
    for (let i = 0; i < list.length; i++) {
      const node = list[i];
      const expanded = node.children.length > 0 && isExpanded(node);
      let row = lastRow.get(node);
      if (!row || row.level !== level || row.setSize !== list.length || row.posInSet !== i + 1 || row.parentId !== parentId || row.expanded !== expanded) {
        row = { node, level, setSize: list.length, posInSet: i + 1, parentId, expanded };
        lastRow.set(node, row);
      }
      rows.push(row);
      if (expanded) walk(node.children, level + 1, node.id);
    }
  };
  walk(nodes, 1, null);
  return rows;
}
