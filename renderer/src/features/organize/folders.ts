// Folders as XenCenter stores them (XenModel/Folders.cs, Actions/Folders/FolderAction.cs): an object's
// folder is its other_config `folder` ("/Production/Web"; no key = in no folder), and a folder with no
// object in it lives only in its pool's other_config `EMPTY_FOLDERS` ("/a;/a/b", entries not starting
// with "/" ignored). A folder exists while an object is in it or below it, or it is listed as empty.
// The plans say which objects get which folder and each pool's new empty list. Pure.
import type { OrgObject, OrgPool } from './org-objects';

export const FOLDER_KEY = 'folder';
export const EMPTY_FOLDERS_KEY = 'EMPTY_FOLDERS';

/** XenCenter's FixupRelativePath: spaces around and inside separators, doubled and outer slashes dropped. */
export function fixupRelativePath(name: string): string {
  let s = name.trim().replace(/\t/g, ' ');
  let before;
  do {
    before = s.length;
    s = s.replace(/\/\//g, '/').replace(/\/ /g, '/').replace(/ \//g, '/');
  } while (s.length !== before);
  return s.replace(/^\/+|\/+$/g, '');
}

/** A path as typed ("a//b/", " /a / b") as stored ("/a/b"); '' for none (the root). */
export function normalisePath(text: string): string {
  const rel = fixupRelativePath(text);
  return rel ? `/${rel}` : '';
}

/** "/a" + "b/c" → "/a/b/c"; the root is ''. */
export const appendPath = (parent: string, rel: string): string => `${parent === '/' ? '' : parent}/${rel}`;

/** "/a/b" → "/a"; "/a" → '' (the root). */
export function parentPath(path: string): string {
  const i = path.lastIndexOf('/');
  return i <= 0 ? '' : path.slice(0, i);
}

export const leafName = (path: string): string => path.slice(path.lastIndexOf('/') + 1);

/** `path` is `folder` or inside it. */
export const isWithin = (path: string, folder: string): boolean => path === folder || path.startsWith(`${folder}/`);

export { parseEmptyFolders } from '../../tree/org-views';

export const serialiseEmptyFolders = (list: readonly string[]): string => [...new Set(list)].join(';');

/** Every folder that exists: those with objects (and their ancestors) and the listed empty ones. */
export function allFolders(objects: readonly OrgObject[], pools: readonly OrgPool[]): string[] {
  const out = new Set<string>();
  const add = (p: string) => { for (let q = normalisePath(p); q; q = parentPath(q)) out.add(q); };
  for (const o of objects) if (o.folder) add(o.folder);
  for (const p of pools) for (const f of p.emptyFolders) add(f);
  return [...out].sort((a, b) => a.localeCompare(b));
}

/** What a plan sends: each object's new folder ('' = none), each pool's new empty list. */
export interface FolderPlan {
  moves: Array<{ object: OrgObject; folder: string }>;
  emptyFolders: Array<{ pool: OrgPool; list: string[] }>;
}

const sameList = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

/** The pools whose list changes, with their new lists. */
function changedLists(pools: readonly OrgPool[], next: Map<OrgPool, string[]>): FolderPlan['emptyFolders'] {
  return pools.flatMap((pool) => {
    const list = next.get(pool) ?? pool.emptyFolders;
    return sameList(list, pool.emptyFolders) ? [] : [{ pool, list }];
  });
}

/** Folders left with nothing at all (no object, no listed subfolder) once `moves` are done. */
function emptiedBy(objects: readonly OrgObject[], pools: readonly OrgPool[], moves: FolderPlan['moves'], candidates: Iterable<string>): string[] {
  const key = (o: OrgObject) => `${o.connectionId}\u0000${o.ref}`;
  const folderAfter = new Map(moves.map((m) => [key(m.object), m.folder]));
  const used = objects.map((o) => folderAfter.get(key(o)) ?? o.folder);
  return [...candidates].filter((f) => f && !used.some((u) => u && isWithin(u, f)) && !pools.some((p) => p.emptyFolders.some((e) => isWithin(e, f))));
}

/**
 * Moves objects into `to` ('' = out of every folder). As XenCenter: objects already there are left; a
 * folder the move leaves empty stays, listed as empty in the moved object's pool; `to` is no longer
 * listed as empty anywhere.
 */
export function planMove(objects: readonly OrgObject[], pools: readonly OrgPool[], moved: readonly OrgObject[], to: string): FolderPlan {
  const moves = moved.filter((o) => o.folder !== to).map((object) => ({ object, folder: to }));
  const next = new Map<OrgPool, string[]>();
  const listOf = (p: OrgPool) => next.get(p) ?? [...p.emptyFolders];
  for (const f of emptiedBy(objects, pools, moves, new Set(moves.map((m) => m.object.folder)))) {
    const pool = pools.find((p) => p.connectionId === moves.find((m) => m.object.folder === f)?.object.connectionId);
    if (pool) next.set(pool, [...listOf(pool), f]);
  }
  if (to) for (const p of pools) if (listOf(p).includes(to)) next.set(p, listOf(p).filter((f) => f !== to));
  return { moves, emptyFolders: changedLists(pools, next) };
}

/** New empty folders in one pool's list; undefined when every one of them exists already. */
export function planNewFolders(objects: readonly OrgObject[], pools: readonly OrgPool[], pool: OrgPool, paths: readonly string[]): FolderPlan | undefined {
  const existing = new Set(allFolders(objects, pools));
  const fresh = paths.filter((p) => p && !existing.has(p));
  if (fresh.length === 0) return undefined;
  return { moves: [], emptyFolders: [{ pool, list: [...pool.emptyFolders, ...fresh] }] };
}

/** Renames `from` to `to` on every pool: its objects and those of its subfolders move along, its listed empty subfolders too. */
export function planRenameFolder(objects: readonly OrgObject[], pools: readonly OrgPool[], from: string, to: string): FolderPlan {
  const rebase = (p: string) => to + p.slice(from.length);
  const moves = objects.filter((o) => o.folder && isWithin(o.folder, from)).map((object) => ({ object, folder: rebase(object.folder) }));
  const next = new Map(pools.map((p) => [p, [...new Set(p.emptyFolders.map((f) => (isWithin(f, from) ? rebase(f) : f)))]]));
  return { moves, emptyFolders: changedLists(pools, next) };
}

/**
 * Deletes `path` as XenCenter: every object in it or below goes out of all folders; it and its subfolders
 * leave every empty list; its parent, when left with nothing, stays as an empty folder.
 */
export function planDeleteFolder(objects: readonly OrgObject[], pools: readonly OrgPool[], path: string): FolderPlan {
  const moves = objects.filter((o) => o.folder && isWithin(o.folder, path)).map((object) => ({ object, folder: '' }));
  const next = new Map(pools.map((p) => [p, p.emptyFolders.filter((f) => !isWithin(f, path))]));
  const parent = parentPath(path);
  const after = pools.map((p) => ({ ...p, emptyFolders: next.get(p)! }));
  if (parent && emptiedBy(objects, after, moves, [parent]).length) {
    const owner = pools.find((p) => p.emptyFolders.some((f) => isWithin(f, path))) ?? pools.find((p) => p.connectionId === moves[0]?.object.connectionId);
    if (owner) next.set(owner, [...next.get(owner)!, parent]);
  }
  return { moves, emptyFolders: changedLists(pools, next) };
}

/** What a folder holds, for the question before it is deleted. */
export function folderContents(objects: readonly OrgObject[], pools: readonly OrgPool[], path: string): { objects: number; subfolders: number } {
  return {
    objects: objects.filter((o) => o.folder && isWithin(o.folder, path)).length,
    subfolders: allFolders(objects, pools).filter((f) => f !== path && isWithin(f, path)).length,
  };
}
