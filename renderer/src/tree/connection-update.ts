// Updating a connection's tree from its last build when only some VMs changed, which is what a busy
// pool sends all day (power states, names): the changed rows leave their sorted group and enter
// their new one, and only the hosts whose children changed, and the pool, get new nodes. Under 500
// changes a second on 5,000 VMs the whole build was most of the renderer's time (issue 13).
// Anything else (hosts, storage, snapshots, many changes at once) builds the tree whole.
import { concatGroups, placeVmRow, View, vmRowKind, type Groups, type Placement } from './connection-view';
import { sortedIndex, type ConnectionObjects, type TreeNode } from './tree-node';
import { treeFieldsChanged } from './tree-fields';
import { truthy, vmShown, type TreeOptions } from './visibility';

type Rec = Record<string, unknown>;

/** What a build leaves for the next one. The group lists stay sorted; the tree's children arrays are copies of them. */
export interface ConnectionMemo {
  connectionId: string;
  /** The records of the classes a VM's place depends on, in the store's order at the last build. */
  deps: Map<string, Array<[string, Rec]>>;
  /** The VM class's records at the last build. */
  vms: Map<string, Rec>;
  /** Every VM and template row drawn, by ref. */
  placed: Map<string, Placement>;
  /** VMs that have snapshots: their nodes hold them as children, so a change to one builds whole. */
  parents: Set<unknown>;
  hostGroups: Map<string, Groups>;
  poolGroups: Groups;
  hostNodes: Map<string, TreeNode>;
  hostOrder: string[];
  /** Only a pool's tree is updated; a standalone host's (a few VMs) is always built whole. */
  pool: boolean;
  out: TreeNode[];
}

/** The classes whose changes move or hide VM rows, or change other rows: any change to them builds whole. */
const DEP_CLASSES = ['pool', 'host', 'host_metrics', 'pbd', 'sr', 'network', 'vbd', 'vdi'];

/** More changed VMs than this and a whole build is as quick. */
const MAX_CHANGES = 256;

export function depsOf(objects: ConnectionObjects): ConnectionMemo['deps'] {
  return new Map(DEP_CLASSES.map((cls) => [cls, [...(objects.get(cls) ?? new Map<string, Rec>())]]));
}

/** Whether the dependency classes hold the same objects with the same tree fields (records the tree reads alike are taken over). */
function sameDeps(objects: ConnectionObjects, memo: ConnectionMemo): boolean {
  for (const cls of DEP_CLASSES) {
    const now = objects.get(cls);
    const was = memo.deps.get(cls)!;
    if ((now?.size ?? 0) !== was.length) return false;
    if (!now) continue;
    let i = 0;
    for (const [ref, rec] of now) {
      const w = was[i++];
      if (w[0] !== ref) return false;
      if (w[1] !== rec) {
        if (treeFieldsChanged(cls, w[1], rec)) return false;
        w[1] = rec;
      }
    }
  }
  return true;
}

/** The VM refs whose record is not the one of the last build (changed, new or gone), or undefined when too many. */
function changedVms(vms: Map<string, Rec>, memo: ConnectionMemo): string[] | undefined {
  const changed: string[] = [];
  let known = 0;
  for (const [ref, rec] of vms) {
    const was = memo.vms.get(ref);
    if (was !== undefined) known++;
    if (was !== rec && changed.push(ref) > MAX_CHANGES) return undefined;
  }
  if (known < memo.vms.size) for (const ref of memo.vms.keys()) if (!vms.has(ref) && changed.push(ref) > MAX_CHANGES) return undefined;
  return changed;
}

function removeSorted(list: TreeNode[], node: TreeNode): void {
  const at = sortedIndex(list, node) - 1;
  list.splice(list[at] === node ? at : list.indexOf(node), 1);
}

/** The updated nodes, or undefined when the change needs a whole build. */
export function updateConnectionNodes(objects: ConnectionObjects, o: Required<TreeOptions>, memo: ConnectionMemo): TreeNode[] | undefined {
  if (!memo.pool || !sameDeps(objects, memo)) return undefined;
  const vms = objects.get('vm') ?? new Map<string, Rec>();
  const changed = changedVms(vms, memo);
  if (!changed) return undefined;
  if (changed.length === 0) return memo.out;
  for (const ref of changed) {
    const was = memo.vms.get(ref);
    const now = vms.get(ref);
    if ((was && truthy(was.is_a_snapshot)) || (now && truthy(now.is_a_snapshot))) return undefined;
    // A VM with snapshots keeps them as its children while it stays a drawn VM (renamed, paused, moved).
    if (memo.parents.has(ref) && !(now && memo.placed.get(ref)?.node.kind === 'vm' && vmRowKind(now) === 'vm')) return undefined;
  }
  const v = new View(objects);
  /** Hosts whose children changed; undefined stands for the pool. */
  const touched = new Set<string | undefined>();
  for (const ref of changed) {
    const was = memo.vms.get(ref);
    const now = vms.get(ref);
    if (now) memo.vms.set(ref, now); else memo.vms.delete(ref);
    if (was && now && !treeFieldsChanged('vm', was, now)) continue;
    const old = memo.placed.get(ref);
    if (old) {
      removeSorted(old.list, old.node);
      memo.placed.delete(ref);
      touched.add(old.owner);
    }
    if (!now) continue;
    const kind = vmRowKind(now);
    const parent = memo.parents.has(ref);
    // A parent no longer drawn leaves its snapshots to the pool's level: a whole build places them.
    if (kind === 'snapshot' || !vmShown(now, kind, o)) { if (parent) return undefined; continue; }
    const p = placeVmRow(memo.connectionId, ref, now, kind, v, memo.hostGroups, memo.poolGroups);
    if (!p) { if (parent) return undefined; continue; }
    // Its snapshots are unchanged (a change to one builds whole): the same nodes, already sorted.
    if (parent && old) p.node.children = old.node.children;
    p.list.splice(sortedIndex(p.list, p.node), 0, p.node);
    memo.placed.set(ref, p);
    touched.add(p.owner);
  }
  if (touched.size === 0) return memo.out;
  for (const host of touched) {
    if (host === undefined) continue;
    memo.hostNodes.set(host, { ...memo.hostNodes.get(host)!, children: concatGroups(memo.hostGroups.get(host)!) });
  }
  memo.poolGroups.hosts = memo.hostOrder.map((ref) => memo.hostNodes.get(ref)!);
  memo.out = [{ ...memo.out[0], children: concatGroups(memo.poolGroups) }];
  return memo.out;
}
