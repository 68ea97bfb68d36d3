// What a tag, folder or group row of the organisation views (Objects by Tag / by Folder) holds, as
// the rows of its members list (XenCenter shows a search of them): name, type, state. Pure.
import type { TreeNode } from './build-tree';

export interface MemberRow {
  /** The member's tree node id (activating a row selects it in the tree). */
  id: string;
  name: string;
  type: string;
  state: string;
  connectionId: string;
}

export const KIND_WORDS: Record<string, string> = {
  pool: 'Pool', host: 'Server', vm: 'VM', template: 'Template', snapshot: 'Snapshot', sr: 'Storage', network: 'Network',
  tag: 'Tag', folder: 'Folder', group: 'Group', connection: 'Server',
};

export const isGroupNode = (n: TreeNode): boolean => n.kind === 'group' || n.kind === 'tag' || n.kind === 'folder';

/** The node with this id, anywhere in the tree. */
export function findNode(tree: readonly TreeNode[], id: string): TreeNode | undefined {
  for (const n of tree) {
    if (n.id === id) return n;
    const hit = findNode(n.children, id);
    if (hit) return hit;
  }
  return undefined;
}

/** A group row's members, in the tree's order: objects (with their state) and sub-folders or tags (with their count). */
export function memberRows(node: TreeNode): MemberRow[] {
  return node.children.map((c) => ({
    id: c.id, name: c.name, type: KIND_WORDS[c.kind] ?? c.kind, connectionId: c.connectionId,
    // Pools and networks have no state beyond what they are.
    state: isGroupNode(c) ? countText(c) : c.description === KIND_WORDS[c.kind] ? '' : c.description ?? '',
  }));
}

/** "3 objects" for a tag or folder (objects anywhere inside a folder, each once). */
export function countText(node: TreeNode): string {
  const ids = new Set<string>();
  const walk = (list: readonly TreeNode[]) => {
    for (const c of list) {
      if (isGroupNode(c)) walk(c.children);
      else ids.add(`${c.connectionId}|${c.cls}|${c.ref}`);
    }
  };
  walk(node.children);
  const n = ids.size;
  return n === 0 ? 'Empty' : `${n} ${n === 1 ? 'object' : 'objects'}`;
}

/** The heading of the members list: "Tag 'critical'", "Folder /Production/Web", "Tags". */
export function groupTitle(node: TreeNode): string {
  if (node.kind === 'tag') return node.name;
  if (node.kind === 'folder') return node.id.replace(/^group\|folder\|/, '');
  return node.name;
}
