// XenCenter's "Objects by Type" view, read from its source:
// - XenAdmin/OrganizationalView.cs (OrganizationViewObjects): a root "Objects by Type", grouped by the
//   `type` property, no filter beyond GroupAlg.Hide.
// - XenModel/XenSearch/Common.cs (ObjectTypes, TypeProperty, ObjectTypes_i18n): each object's type and
//   its group's words. A VM is a snapshot, a custom ("user") or default template, or a VM; an SR is
//   local when SR.IsLocalSR() (its *type* is lvm, ext, udev…: XenModel/XenAPI-Extensions/SR.cs), else
//   remote, whether shared or not; a host of a connection that is not connected is a disconnected server.
// - XenModel/XenSearch/GroupAlg.cs: groups in the enum's order (Pool, Server, DisconnectedServer, VM,
//   Snapshot, UserTemplate, DefaultTemplate, RemoteSR, LocalSR, VDI, Network); a group exists only when
//   an object falls in it (no empty groups); members by the class's CompareTo (XenObject.cs: natural
//   order of the name, then the ref; Host.cs: connected before not, the coordinator first).
// Where this differs, and why: XenCenter drops the template/local storage options from its View
// menu in this view and shows every type; here the View options stay and apply as in the other
// views (we build from the Infrastructure tree's nodes), so default templates, local SRs, snapshots
// and networks show when their option is on. "XenServer Templates" is "Default Templates" (no brand).
// A server's own SR reads "Local storage on host-01" (XenCenter's NameWithLocation, as pickers do):
// with no server above it, a dozen rows of "Local storage" say nothing. Virtual disks are not in our tree.
// A pool being reconnected keeps its last known objects, as in Infrastructure; its servers, state
// unknown, go with the disconnected ones.
import type { ConnectionObjects, TreeNode } from './tree-node';
import { UNKNOWN_STATE } from './build-tree';
import { isLocalSrType } from './visibility';
import { xenNaturalCompare } from './xen-natural-compare';
import { srDisplayName } from '../xapi-model/names';
import { isRef } from '../xapi-model/refs';

/** One group of the view, in XenCenter's order. */
export interface TypeGroup { key: string; label: string }

export const TYPE_GROUPS = [
  { key: 'pool', label: 'Pools' },
  { key: 'host', label: 'Servers' },
  { key: 'disconnected', label: 'Disconnected servers' },
  { key: 'vm', label: 'VMs' },
  { key: 'snapshot', label: 'Snapshots' },
  { key: 'custom-template', label: 'Custom Templates' },
  { key: 'default-template', label: 'Default Templates' },
  { key: 'remote-sr', label: 'Remote Storage Repositories' },
  { key: 'local-sr', label: 'Local Storage Repositories' },
  { key: 'network', label: 'Networks' },
] as const satisfies readonly TypeGroup[];

export type TypeKey = (typeof TYPE_GROUPS)[number]['key'];
export const TYPES_ROOT_ID = 'group|types';
export const typeGroupId = (key: TypeKey): string => `group|type|${key}`;

type Objects = Map<string, ConnectionObjects>;
const rec = (objects: Objects, n: TreeNode): Record<string, unknown> | undefined => objects.get(n.connectionId)?.get(n.cls)?.get(n.ref);

/** The group an object node goes in, or none (group rows). */
export function typeOf(n: TreeNode, objects: Objects): TypeKey | undefined {
  switch (n.kind) {
    case 'pool': return 'pool';
    case 'host': return n.state === UNKNOWN_STATE ? 'disconnected' : 'host';
    case 'connection': return 'disconnected';
    case 'vm': return 'vm';
    case 'snapshot': return 'snapshot';
    case 'template': return n.defaultTemplate ? 'default-template' : 'custom-template';
    case 'sr': { const sr = rec(objects, n); return sr && isLocalSrType(sr) ? 'local-sr' : 'remote-sr'; }
    case 'network': return 'network';
    default: return undefined;
  }
}

const isCoordinator = (n: TreeNode, objects: Objects): boolean => {
  const pools = objects.get(n.connectionId)?.get('pool');
  const pool = pools ? [...pools.values()][0] : undefined;
  return !!pool && isRef(pool.master) && pool.master === n.ref;
};

/** Host.CompareTo's rank: connected coordinators, connected members, then servers not connected. */
const hostRank = (n: TreeNode, objects: Objects): number => (n.state === UNKNOWN_STATE || n.kind === 'connection' ? 2 : isCoordinator(n, objects) ? 0 : 1);

/** XenObject.CompareTo: natural order of the name, then the ref (and the connection, ours: refs repeat across pools). */
function byXenName(a: TreeNode, b: TreeNode): number {
  return xenNaturalCompare(a.name, b.name) || (a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : 0)
    || (a.connectionId < b.connectionId ? -1 : a.connectionId > b.connectionId ? 1 : 0);
}

function group(id: string, name: string, children: TreeNode[], description: string): TreeNode {
  return { id, kind: 'group', cls: 'group', connectionId: '', ref: id, name, children, description };
}

/** The last row made from an Infrastructure node: nodes that did not change keep their row, so the
 *  memoised rows skip rendering when a delta touched something else. */
const lastRow = new WeakMap<TreeNode, TreeNode>();

/** A leaf copy of an object node; an SR with its server's name. */
function rowFor(n: TreeNode, objects: Objects): TreeNode {
  const name = n.kind === 'sr' && n.name ? srDisplayName({ objects }, n.connectionId, n.ref) : n.name;
  const last = lastRow.get(n);
  if (last && last.name === name) return last;
  const row = n.children.length === 0 && name === n.name ? n : { ...n, name, children: [] };
  lastRow.set(n, row);
  return row;
}

const count = (n: number): string => `${n} ${n === 1 ? 'object' : 'objects'}`;

/** Objects by Type from the Infrastructure tree of the same View options, and the records (SR types, pool coordinators). */
export function buildTypesView(tree: TreeNode[], objects: Objects): TreeNode[] {
  const members = new Map<TypeKey, TreeNode[]>();
  const walk = (list: TreeNode[]): void => {
    for (const n of list) {
      const key = typeOf(n, objects);
      if (key) {
        const row = rowFor(n, objects);
        let m = members.get(key);
        if (!m) members.set(key, (m = []));
        m.push(row);
      }
      walk(n.children);
    }
  };
  walk(tree);
  const groups: TreeNode[] = [];
  for (const { key, label } of TYPE_GROUPS) {
    const rows = members.get(key);
    if (!rows?.length) continue;
    rows.sort(key === 'host' || key === 'disconnected' ? (a, b) => hostRank(a, objects) - hostRank(b, objects) || byXenName(a, b) : byXenName);
    groups.push(group(typeGroupId(key), label, rows, `${label}, ${count(rows.length)}`));
  }
  return [group(TYPES_ROOT_ID, 'Objects by Type', groups, groups.length ? 'Objects by Type' : 'No objects')];
}
