// The nodes of one connection's objects in the Infrastructure tree (WIRE.md, "Where objects live in
// XenCenter's Infrastructure tree"): built whole, or updated from the last build when only a few VMs
// changed (connection-update.ts).
import { str } from '../xapi-model/format';
import { isInMaintenanceMode } from '../../../shared/host/maintenance';
import { HOST_DOWN_TEXT, hostDown } from '../xapi-model/host-down';
import { isRef } from '../xapi-model/refs';
import { byName, type ConnectionObjects, type TreeNode } from './tree-node';
import { concatGroups, emptyGroups, folderOf, placeVmRow, sortGroups, tagsOf, View, vmNode, vmRowKind, type Groups, type Placement } from './connection-view';
import { depsOf, updateConnectionNodes, type ConnectionMemo } from './connection-update';
import { isHiddenFromXenCenter, srShown, treeOptions, truthy, vmShown, type TreeOptions } from './visibility';

type Rec = Record<string, unknown>;

const HOST_STATE_TEXT: Record<string, string> = { disabled: 'Disabled', maintenance: 'Maintenance mode', live: 'Connected' };

/**
 * The last build of each connection's objects, per set of View options (the organisation views
 * build with networks shown). Keyed by the objects map, which the store replaces on a reset.
 */
const memos = new WeakMap<ConnectionObjects, Map<string, ConnectionMemo>>();

/** The nodes of one connected connection (a pool node, or the standalone host). */
export function buildConnectionNodes(connectionId: string, objects: ConnectionObjects, options: TreeOptions = {}): TreeNode[] {
  const o = treeOptions(options);
  const key = JSON.stringify(o);
  let byOptions = memos.get(objects);
  if (!byOptions) { byOptions = new Map(); memos.set(objects, byOptions); }
  const last = byOptions.get(key);
  if (last && last.connectionId === connectionId) {
    const updated = updateConnectionNodes(objects, o, last);
    if (updated) return updated;
  }
  const memo = buildWhole(connectionId, objects, o);
  byOptions.set(key, memo);
  return memo.out;
}

function buildWhole(connectionId: string, objects: ConnectionObjects, o: Required<TreeOptions>): ConnectionMemo {
  const v = new View(objects);
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
  const placed = new Map<string, Placement>();
  const parents = new Set<unknown>();
  const snapshots: Array<[string, Rec]> = [];
  const allVms = v.all('vm');
  for (const [ref, vm] of allVms) {
    const kind = vmRowKind(vm);
    if (kind === 'snapshot') parents.add(vm.snapshot_of);
    if (!vmShown(vm, kind, o)) continue;
    if (kind === 'snapshot') {
      // A snapshot's home is its VM's (VM.Home): hidden with it when that host is not live.
      const from = v.get('vm', vm.snapshot_of);
      if (!(from && !truthy(from.is_a_template) && homeDead(v.vmHome(from)))) snapshots.push([ref, vm]);
      continue;
    }
    const p = placeVmRow(connectionId, ref, vm, kind, v, hostGroups, poolGroups);
    if (!p) continue;
    p.list.push(p.node);
    placed.set(ref, p);
  }
  for (const [ref, snap] of snapshots) {
    const n = vmNode(connectionId, ref, snap, 'snapshot');
    const parent = isRef(snap.snapshot_of) ? placed.get(snap.snapshot_of)?.node : undefined;
    if (parent?.kind === 'vm') parent.children.push(n);
    else poolGroups.vms.push(n);
  }
  for (const ref of parents) { const n = isRef(ref) ? placed.get(ref)?.node : undefined; if (n && n.children.length > 1) n.children.sort(byName); }

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

  for (const [ref, n] of hostNodes) n.children = concatGroups(sortGroups(hostGroups.get(ref)!));
  sortGroups(poolGroups);

  const poolEntry = v.all('pool').entries().next().value as [string, Rec] | undefined;
  const pool = poolEntry?.[1];
  // WIRE.md (Host.CompareTo, CA-20865): the coordinator first, then the live members, then the
  // unreachable ones, each group by name.
  const coordinator = pool && isRef(pool.master) && hostNodes.has(pool.master) ? pool.master : undefined;
  const rank = (n: TreeNode) => (n.ref === coordinator ? 0 : n.state === 'dead' ? 2 : 1);
  const hostsSorted = [...hostNodes.values()].sort((a, b) => rank(a) - rank(b) || byName(a, b));
  const memo: ConnectionMemo = {
    connectionId, deps: depsOf(objects), vms: new Map(allVms), placed, parents, hostGroups, poolGroups, hostNodes,
    hostOrder: hostsSorted.map((n) => n.ref), pool: false, out: hostsSorted,
  };
  if (poolEntry && pool && str(pool.name_label) !== '') {
    poolGroups.hosts = hostsSorted;
    memo.pool = true;
    memo.out = [{
      id: `${connectionId}|pool|${poolEntry[0]}`, kind: 'pool', cls: 'pool', connectionId, ref: poolEntry[0], name: str(pool.name_label),
      children: concatGroups(poolGroups), description: 'Pool', tags: tagsOf(pool), folder: folderOf(pool),
    }];
    return memo;
  }
  // A standalone host: the pool is not drawn, the host is the top-level node and holds what
  // would otherwise sit at pool level.
  if (hostsSorted.length === 0) { memo.out = concatGroups(poolGroups); return memo; }
  const masterRef = hostsSorted[0].ref;
  const master = hostNodes.get(masterRef)!;
  const own = hostGroups.get(masterRef)!;
  master.children = concatGroups(sortGroups({
    hosts: [], vms: [...own.vms, ...poolGroups.vms], srs: [...own.srs, ...poolGroups.srs], networks: poolGroups.networks,
    customTemplates: poolGroups.customTemplates, defaultTemplates: poolGroups.defaultTemplates,
  }));
  return memo;
}
