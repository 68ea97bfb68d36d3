// The Infrastructure tree as XenCenter draws it (WIRE.md, "Where objects live in XenCenter's
// Infrastructure tree"). Pure: records in, nodes out.
import type { ConnectionInfo } from '../../../shared/ipc/contract';
import { powerStateText, str } from '../xapi-model/format';
import { isInMaintenanceMode } from '../../../shared/host/maintenance';
import { HOST_DOWN_TEXT, hostDown } from '../xapi-model/host-down';
import { connectionExtras, disambiguate } from '../xapi-model/names';
import { isRef, refs } from '../xapi-model/refs';
import { isDefaultTemplate, isHiddenFromXenCenter, srShown, treeOptions, vmShown, type TreeOptions, type VmRowKind } from './visibility';

export { DEFAULT_TREE_OPTIONS, isHiddenFromXenCenter, type TreeOptions } from './visibility';

type Rec = Record<string, unknown>;

const HOST_STATE_TEXT: Record<string, string> = { disabled: 'Disabled', maintenance: 'Maintenance mode', live: 'Connected' };
/** class (lowercase) -> ref -> record */
export type ConnectionObjects = Map<string, Map<string, Rec>>;

export type NodeKind = 'connection' | 'pool' | 'host' | 'vm' | 'template' | 'snapshot' | 'sr' | 'network' | 'group' | 'tag' | 'folder';

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

export interface TreeInput extends TreeOptions {
  /** In display order. */
  connections: ConnectionInfo[];
  objects: Map<string, ConnectionObjects>;
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

/** Natural order: "VM 2" before "VM 10". */
export function naturalCompare(a: string, b: string): number {
  return collator.compare(a, b);
}

const truthy = (v: unknown): boolean => v === true || v === 'true';


const CONNECTION_STATUS_TEXT: Record<string, string> = {
  connecting: 'Connecting…', connected: 'Connected', reconnecting: 'Reconnecting…', disconnected: 'Disconnected', failed: 'Failed',
};

export function connectionStatusText(c: ConnectionInfo): string {
  const base = CONNECTION_STATUS_TEXT[c.status] ?? c.status;
  if ((c.status === 'failed' || c.status === 'reconnecting') && c.error) return `${base}: ${c.error.message || c.error.code}`;
  return base;
}

function byName(a: TreeNode, b: TreeNode): number {
  return naturalCompare(a.name, b.name) || (a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : 0);
}

/** Helpers over one connection's objects. */
class View {
  constructor(private readonly o: ConnectionObjects) {}
  all(cls: string): Map<string, Rec> { return this.o.get(cls) ?? new Map(); }
  get(cls: string, ref: unknown): Rec | undefined { return isRef(ref) ? this.o.get(cls)?.get(ref) : undefined; }

  hostLive(hostRef: string): boolean {
    const h = this.get('host', hostRef);
    if (!h) return false;
    const m = this.get('host_metrics', h.metrics);
    return !!m && truthy(m.live);
  }

  /** The host an SR belongs to: not shared and exactly one PBD. */
  srHost(sr: Rec): string | undefined {
    if (truthy(sr.shared)) return undefined;
    const pbds = refs(sr.PBDs);
    if (pbds.length !== 1) return undefined;
    const pbd = this.get('pbd', pbds[0]);
    const host = pbd ? str(pbd.host) : '';
    return isRef(host) && this.get('host', host) ? host : undefined;
  }

  /** The host whose local storage one of the VM's disks or CDs is on. */
  storageHost(vm: Rec): string | undefined {
    for (const vbdRef of refs(vm.VBDs)) {
      const vbd = this.get('vbd', vbdRef);
      if (!vbd) continue;
      const vdi = this.get('vdi', vbd.VDI);
      if (!vdi) continue;
      const sr = this.get('sr', vdi.SR);
      if (!sr) continue;
      const h = this.srHost(sr);
      if (h) return h;
    }
    return undefined;
  }

  /** A non-snapshot, non-template VM's home host, or undefined for pool level. */
  vmHome(vm: Rec): string | undefined {
    // A live domain (Running, or Paused: still resident in memory) is listed under its host.
    const live = str(vm.power_state) === 'Running' || str(vm.power_state) === 'Paused';
    if (live && isRef(vm.resident_on) && this.get('host', vm.resident_on)) return vm.resident_on;
    const sh = this.storageHost(vm);
    if (sh) return sh;
    if (isRef(vm.affinity) && this.hostLive(vm.affinity)) return vm.affinity;
    return undefined;
  }
}

/**
 * XenCenter keeps folders and tags in the pool itself, so every client sees the same organisation.
 * Written out as fields, never spread into a node: a spread made each node a slow object, and the
 * tree of 5,000 VMs took 100 ms to build instead of 20 (and longer to flatten and index).
 */
const tagsOf = (rec: Rec): string[] => (Array.isArray(rec.tags) ? rec.tags.map(String) : []);
const folderOf = (rec: Rec): string | undefined => str((rec.other_config as Rec | undefined)?.folder) || undefined;

function vmNode(connectionId: string, ref: string, vm: Rec, kind: VmRowKind): TreeNode {
  const ps = str(vm.power_state);
  const defaultTemplate = kind === 'template' ? isDefaultTemplate(vm) : undefined;
  return {
    tags: tagsOf(vm), folder: folderOf(vm),
    id: `${connectionId}|vm|${ref}`, kind, cls: 'vm', connectionId, ref, name: str(vm.name_label), children: [],
    state: kind === 'vm' || kind === 'snapshot' ? ps : undefined,
    description: kind === 'template' ? (defaultTemplate ? 'Default template' : 'Custom template')
      : kind === 'snapshot' ? 'Snapshot' : powerStateText(ps),
    defaultTemplate,
  };
}

interface Groups { hosts: TreeNode[]; vms: TreeNode[]; srs: TreeNode[]; networks: TreeNode[]; customTemplates: TreeNode[]; defaultTemplates: TreeNode[] }
const emptyGroups = (): Groups => ({ hosts: [], vms: [], srs: [], networks: [], customTemplates: [], defaultTemplates: [] });
/** Hosts come in Host.CompareTo order already; every other group is sorted by name here. */
const flattenGroups = (g: Groups): TreeNode[] => [
  ...g.hosts, ...g.vms.sort(byName), ...g.srs.sort(byName), ...g.networks.sort(byName),
  ...g.customTemplates.sort(byName), ...g.defaultTemplates.sort(byName),
];

/** The nodes of one connected connection (a pool node, or the standalone host). */
export function buildConnectionNodes(connectionId: string, objects: ConnectionObjects, options: TreeOptions = {}): TreeNode[] {
  const v = new View(objects);
  const o = treeOptions(options);
  const hidden = (rec: Rec): boolean => !o.showHidden && isHiddenFromXenCenter(rec);
  // GroupAlg.Hide: a VM or SR whose home host is not live is not drawn, whatever the options.
  const homeDead = (home: string | undefined): boolean => !!home && !v.hostLive(home);

  const hostNodes = new Map<string, TreeNode>();
  const hostGroups = new Map<string, Groups>();
  for (const [ref, h] of v.all('host')) {
    if (hidden(h)) continue;
    const m = v.get('host_metrics', h.metrics);
    const live = !!m && truthy(m.live);
    const enabled = h.enabled === undefined ? true : truthy(h.enabled);
    // Maintenance mode (disabled and marked by a client) is told apart from a plain disabled host.
    const state = !live ? 'dead' : !enabled ? (isInMaintenanceMode(h) ? 'maintenance' : 'disabled') : 'live';
    hostNodes.set(ref, {
      id: `${connectionId}|host|${ref}`, kind: 'host', cls: 'host', connectionId, ref, name: str(h.name_label) || str(h.hostname), children: [],
      state, description: state === 'dead' ? HOST_DOWN_TEXT[hostDown(h, (r) => v.get('pbd', r))] : HOST_STATE_TEXT[state], tags: tagsOf(h), folder: folderOf(h),
    });
    hostGroups.set(ref, emptyGroups());
  }
  const poolGroups = emptyGroups();
  const groupsFor = (host: string | undefined): Groups => (host && hostGroups.get(host)) || poolGroups;

  // VMs, templates; snapshots attach to their VM afterwards.
  const vmNodes = new Map<string, TreeNode>();
  const snapshots: Array<[string, Rec]> = [];
  for (const [ref, vm] of v.all('vm')) {
    // Snapshots are templates too in XAPI: tell them apart first.
    const kind: VmRowKind = truthy(vm.is_a_snapshot) ? 'snapshot' : truthy(vm.is_a_template) ? 'template' : 'vm';
    if (!vmShown(vm, kind, o)) continue;
    if (kind === 'snapshot') {
      // A snapshot's home is its VM's (VM.Home): hidden with it when that host is not live.
      const from = v.get('vm', vm.snapshot_of);
      if (!(from && !truthy(from.is_a_template) && homeDead(v.vmHome(from)))) snapshots.push([ref, vm]);
      continue;
    }
    if (kind === 'template') {
      // Templates have no home: always at pool level.
      const n = vmNode(connectionId, ref, vm, 'template');
      (n.defaultTemplate ? poolGroups.defaultTemplates : poolGroups.customTemplates).push(n);
      continue;
    }
    const home = v.vmHome(vm);
    if (homeDead(home)) continue;
    const n = vmNode(connectionId, ref, vm, 'vm');
    vmNodes.set(ref, n);
    groupsFor(home).vms.push(n);
  }
  for (const [ref, snap] of snapshots) {
    const n = vmNode(connectionId, ref, snap, 'snapshot');
    const parent = isRef(snap.snapshot_of) ? vmNodes.get(snap.snapshot_of) : undefined;
    if (parent) parent.children.push(n);
    else poolGroups.vms.push(n);
  }
  for (const n of vmNodes.values()) if (n.children.length > 1) n.children.sort(byName);

  for (const [ref, sr] of v.all('sr')) {
    const home = v.srHost(sr);
    if (!srShown(sr, o) || homeDead(home)) continue;
    const n: TreeNode = { id: `${connectionId}|sr|${ref}`, kind: 'sr', cls: 'sr', connectionId, ref, name: str(sr.name_label), children: [], description: truthy(sr.shared) ? 'Shared storage' : 'Local storage', tags: tagsOf(sr), folder: folderOf(sr) };
    groupsFor(home).srs.push(n);
  }

  if (o.showNetworks) {
    for (const [ref, net] of v.all('network')) {
      if (hidden(net)) continue;
      poolGroups.networks.push({ id: `${connectionId}|network|${ref}`, kind: 'network', cls: 'network', connectionId, ref, name: str(net.name_label), children: [], description: 'Network', tags: tagsOf(net), folder: folderOf(net) });
    }
  }

  for (const [ref, n] of hostNodes) n.children = flattenGroups(hostGroups.get(ref) ?? emptyGroups());

  const pools = [...v.all('pool')];
  const poolEntry = pools[0];
  const pool = poolEntry?.[1];
  // WIRE.md (Host.CompareTo, CA-20865): the coordinator first, then the live members, then the
  // unreachable ones, each group by name.
  const coordinator = pool && isRef(pool.master) && hostNodes.has(pool.master) ? pool.master : undefined;
  const rank = (n: TreeNode) => (n.ref === coordinator ? 0 : n.state === 'dead' ? 2 : 1);
  const hostsSorted = [...hostNodes.values()].sort((a, b) => rank(a) - rank(b) || byName(a, b));
  if (pool && str(pool.name_label) !== '') {
    poolGroups.hosts = hostsSorted;
    return [{
      id: `${connectionId}|pool|${poolEntry[0]}`, kind: 'pool', cls: 'pool', connectionId, ref: poolEntry[0], name: str(pool.name_label),
      children: flattenGroups(poolGroups), description: 'Pool', tags: tagsOf(pool), folder: folderOf(pool),
    }];
  }
  // A standalone host: the pool is not drawn, the host is the top-level node and holds what
  // would otherwise sit at pool level.
  if (hostsSorted.length === 0) return flattenGroups(poolGroups);
  const masterRef = hostsSorted[0].ref;
  const master = hostNodes.get(masterRef)!;
  const own = hostGroups.get(masterRef)!;
  master.children = flattenGroups({
    hosts: [], vms: [...own.vms, ...poolGroups.vms], srs: [...own.srs, ...poolGroups.srs], networks: poolGroups.networks,
    customTemplates: poolGroups.customTemplates, defaultTemplates: poolGroups.defaultTemplates,
  });
  return hostsSorted;
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

export function flattenTree(nodes: TreeNode[], isExpanded: (n: TreeNode) => boolean): FlatRow[] {
  const rows: FlatRow[] = [];
  const walk = (list: TreeNode[], level: number, parentId: string | null): void => {
    list.forEach((node, i) => {
      const expanded = node.children.length > 0 && isExpanded(node);
      rows.push({ node, level, setSize: list.length, posInSet: i + 1, parentId, expanded });
      if (expanded) walk(node.children, level + 1, node.id);
    });
  };
  walk(nodes, 1, null);
  return rows;
}
