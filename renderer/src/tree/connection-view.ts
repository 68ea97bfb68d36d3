// Reading one connection's records the way the Infrastructure tree places them (a VM's home host, an
// SR's host), and the rows made from them. Shared by the full build and the incremental update.
import { powerStateText, str } from '../xapi-model/format';
import { isRef, refs } from '../xapi-model/refs';
import { byName, type ConnectionObjects, type TreeNode } from './tree-node';
import { isDefaultTemplate, truthy, type VmRowKind } from './visibility';

type Rec = Record<string, unknown>;

/** What a row of the VM class is: snapshots are templates too in XAPI, so they are told apart first. */
export const vmRowKind = (vm: Rec): VmRowKind => (truthy(vm.is_a_snapshot) ? 'snapshot' : truthy(vm.is_a_template) ? 'template' : 'vm');

/** Helpers over one connection's objects. */
export class View {
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
export const tagsOf = (rec: Rec): string[] => (Array.isArray(rec.tags) ? rec.tags.map(String) : []);
export const folderOf = (rec: Rec): string | undefined => str((rec.other_config as Rec | undefined)?.folder) || undefined;

export function vmNode(connectionId: string, ref: string, vm: Rec, kind: VmRowKind): TreeNode {
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

export interface Groups { hosts: TreeNode[]; vms: TreeNode[]; srs: TreeNode[]; networks: TreeNode[]; customTemplates: TreeNode[]; defaultTemplates: TreeNode[] }
export const emptyGroups = (): Groups => ({ hosts: [], vms: [], srs: [], networks: [], customTemplates: [], defaultTemplates: [] });
/** Sorts every group but the hosts (they come in Host.CompareTo order already) by name, in place. */
export function sortGroups(g: Groups): Groups {
  for (const list of [g.vms, g.srs, g.networks, g.customTemplates, g.defaultTemplates]) list.sort(byName);
  return g;
}
/** A parent's children: its groups, each sorted already, in XenCenter's order. */
export const concatGroups = (g: Groups): TreeNode[] => [...g.hosts, ...g.vms, ...g.srs, ...g.networks, ...g.customTemplates, ...g.defaultTemplates];


/** Where a VM or template row sits: the group list it is in, and the host owning that list (none: the pool). */
export interface Placement { node: TreeNode; list: TreeNode[]; owner: string | undefined }

/**
 * Places a VM or template row (snapshots hang under their VM instead), or says it is not drawn:
 * templates have no home and sit at pool level; a VM sits under its home host, and is not drawn
 * when that host is not live (GroupAlg.Hide).
 */
export function placeVmRow(
  connectionId: string, ref: string, vm: Rec, kind: 'vm' | 'template', v: View, hostGroups: Map<string, Groups>, poolGroups: Groups,
): Placement | undefined {
  if (kind === 'template') {
    const node = vmNode(connectionId, ref, vm, 'template');
    return { node, list: node.defaultTemplate ? poolGroups.defaultTemplates : poolGroups.customTemplates, owner: undefined };
  }
  const home = v.vmHome(vm);
  if (home && !v.hostLive(home)) return undefined;
  const own = home ? hostGroups.get(home) : undefined;
  return { node: vmNode(connectionId, ref, vm, 'vm'), list: own ? own.vms : poolGroups.vms, owner: own ? home : undefined };
}
