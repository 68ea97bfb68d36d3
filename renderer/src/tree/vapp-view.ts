// XenCenter's vApp view (vApps → each vApp → its VMs), read from its source:
// - XenAdmin/OrganizationalView.cs (OrganizationViewVapps): objects whose in_any_appliance is true,
//   grouped by the `appliance` property (XenModelObjectPropertyGrouping<VM_appliance>).
// - XenModel/XenSearch/Common.cs: a VM's appliance is its VM.appliance resolved in its own pool's
//   cache, for real VMs only (no template or snapshot); a ref to no vApp is no vApp.
// - GroupAlg.cs: the search's scope holds no VM_appliance objects, so a vApp is a group only when some
//   VM shown is in it (an empty vApp is not listed); vApps and VMs by XenObject.CompareTo (natural
//   order of the name, then the ref).
// XenCenter's vApp row is the VM_appliance object itself; we have no vApp tabs, so here it is a group
// row that lists its VMs. Built from the Infrastructure tree's VM nodes, so hidden VMs follow the View
// options as elsewhere. Pure.
import type { ConnectionObjects, TreeNode } from './tree-node';
import { group, leaf, objectNodes } from './org-views';
import { xenNaturalCompare } from './xen-natural-compare';
import { isRef } from '../xapi-model/refs';

export const VAPPS_ROOT_ID = 'group|vapps';
export const vappGroupId = (connectionId: string, ref: string): string => `group|vapp|${connectionId}|${ref}`;

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const byXenName = (a: TreeNode, b: TreeNode): number => xenNaturalCompare(a.name, b.name) || cmp(a.ref, b.ref) || cmp(a.connectionId, b.connectionId);
const count = (n: number): string => `${n} ${n === 1 ? 'VM' : 'VMs'}`;

/** Objects by vApp from the Infrastructure tree's VM nodes and the records (VM.appliance, VM_appliance). */
export function buildVappsView(tree: TreeNode[], objects: ReadonlyMap<string, ConnectionObjects>): TreeNode[] {
  const vapps = new Map<string, TreeNode>();
  for (const n of objectNodes(tree)) {
    if (n.kind !== 'vm') continue;
    const conn = objects.get(n.connectionId);
    const ref = conn?.get('vm')?.get(n.ref)?.appliance;
    if (!isRef(ref)) continue;
    const vapp = conn?.get('vm_appliance')?.get(ref);
    if (!vapp) continue;
    const id = vappGroupId(n.connectionId, ref);
    let g = vapps.get(id);
    if (!g) {
      // A group row (connectionId ''): its id, the ref as groups have it, says whose vApp it is and orders equal names.
      g = group(id, 'group', String(vapp.name_label ?? ''), [], '');
      vapps.set(id, g);
    }
    g.children.push(leaf(n, ''));
  }
  const children = [...vapps.values()].sort(byXenName);
  for (const g of children) {
    g.children.sort(byXenName);
    g.description = `vApp, ${count(g.children.length)}`;
  }
  return [group(VAPPS_ROOT_ID, 'group', 'vApps', children, children.length ? 'vApps' : 'No VM is in a vApp')];
}
