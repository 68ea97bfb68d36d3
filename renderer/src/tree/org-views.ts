// XenCenter's organisation views: "Objects by Tag" (Tags → tag → objects) and "Objects by Folder"
// (Folders → /a → /a/b → objects), read from the pool itself (tags field, other_config folder) so
// every client sees the same grouping. Built from the infrastructure tree's object nodes, so the
// View options (templates, hidden objects) apply the same way. Pure.
import { naturalCompare, type TreeNode } from './build-tree';

export type TreeView = 'infrastructure' | 'tags' | 'folders' | 'types'
  | 'customFields' | 'vapps' | 'searches';

export const TREE_VIEW_TITLES: Record<TreeView, string> = {
  infrastructure: 'Infrastructure',
  tags: 'Objects by Tag',
  folders: 'Objects by Folder',
  types: 'Objects by Type',
  customFields: 'Objects by Custom Field',
  vapps: 'Objects by vApp',
  searches: 'Saved Searches',
};

const OBJECT_KINDS = new Set(['pool', 'host', 'vm', 'template', 'sr', 'network']);
// Pools, then servers, VMs, templates, storage, networks: XenCenter's order inside a group.
const KIND_RANK: Record<string, number> = { folder: 0, pool: 1, host: 2, vm: 3, template: 4, sr: 5, network: 6 };

export function byKindThenName(a: TreeNode, b: TreeNode): number {
  return (KIND_RANK[a.kind] ?? 9) - (KIND_RANK[b.kind] ?? 9) || naturalCompare(a.name, b.name) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** Every object node once (a VM's snapshots are left out: they follow their VM). */
export function objectNodes(tree: TreeNode[]): TreeNode[] {
  const out: TreeNode[] = [];
  const walk = (list: TreeNode[]): void => {
    for (const n of list) {
      if (OBJECT_KINDS.has(n.kind)) out.push(n);
      if (n.kind !== 'vm') walk(n.children);
    }
  };
  walk(tree);
  return out;
}

/** A leaf copy of an object node; `suffix` keeps ids unique when an object sits in several groups. */
export function leaf(n: TreeNode, suffix: string): TreeNode {
  return { ...n, id: suffix ? `${n.id}|${suffix}` : n.id, children: [] };
}

export function group(id: string, kind: TreeNode['kind'], name: string, children: TreeNode[], description: string): TreeNode {
  return { id, kind, cls: kind, connectionId: '', ref: id, name, children, description };
}

export function buildTagsView(tree: TreeNode[]): TreeNode[] {
  const byTag = new Map<string, TreeNode[]>();
  for (const n of objectNodes(tree)) {
    for (const tag of new Set(n.tags ?? [])) {
      if (!tag) continue;
      let list = byTag.get(tag);
      if (!list) byTag.set(tag, (list = []));
      list.push(leaf(n, `tag:${tag}`));
    }
  }
  const tags = [...byTag.keys()].sort(naturalCompare).map((tag) => {
    const objects = byTag.get(tag)!.sort(byKindThenName);
    return group(`group|tag|${tag}`, 'tag', tag, objects, `Tag, ${objects.length} ${objects.length === 1 ? 'object' : 'objects'}`);
  });
  return [group('group|tags', 'group', 'Tags', tags, tags.length ? 'Tags' : 'No object has a tag')];
}

/** "/Production/Web" → ["Production", "Web"]; empty segments (doubled or trailing slashes) dropped. */
export function folderSegments(path: string): string[] {
  return path.split('/').map((s) => s.trim()).filter(Boolean);
}

/** A pool's other_config EMPTY_FOLDERS as XenCenter reads it: ';'-separated, entries not starting with '/' ignored. */
export function parseEmptyFolders(value: unknown): string[] {
  if (typeof value !== 'string' || !value) return [];
  return value.split(';').filter((p) => p.startsWith('/'));
}

/** The folders every pool keeps while they hold no object (XenCenter's EMPTY_FOLDERS on the pool record). */
export function emptyFoldersOf(objects: ReadonlyMap<string, ReadonlyMap<string, ReadonlyMap<string, Record<string, unknown>>>>): string[] {
  const out: string[] = [];
  for (const byClass of objects.values()) {
    for (const pool of byClass.get('pool')?.values() ?? []) {
      const oc = pool.other_config;
      if (typeof oc === 'object' && oc !== null) out.push(...parseEmptyFolders((oc as Record<string, unknown>).EMPTY_FOLDERS));
    }
  }
  return out;
}

/** `emptyFolders`: folders shown though no object is in them (emptyFoldersOf). */
export function buildFoldersView(tree: TreeNode[], emptyFolders: readonly string[] = []): TreeNode[] {
  const root = group('group|folders', 'group', 'Folders', [], 'Folders');
  const folders = new Map<string, TreeNode>([['', root]]);
  const folderNode = (segments: string[]): TreeNode => {
    let parent = root;
    let path = '';
    for (const seg of segments) {
      path += `/${seg}`;
      let f = folders.get(path);
      if (!f) {
        f = group(`group|folder|${path}`, 'folder', seg, [], `Folder ${path}`);
        folders.set(path, f);
        parent.children.push(f);
      }
      parent = f;
    }
    return parent;
  };
  for (const n of objectNodes(tree)) {
    const segments = n.folder ? folderSegments(n.folder) : [];
    if (segments.length) folderNode(segments).children.push(leaf(n, ''));
  }
  for (const path of emptyFolders) {
    const segments = folderSegments(path);
    if (segments.length) folderNode(segments);
  }
  for (const f of folders.values()) f.children.sort(byKindThenName);
  if (root.children.length === 0) root.description = 'No object is in a folder';
  return [root];
}
