// VM > Assign to vApp (XenCenter's AssignGroupToolStripMenuItem<VM_appliance>): New vApp… first, then the
// pool's vApps by name, the one a single selected VM is in checked. Choosing a vApp adds the selected VMs
// to its members (AssignVMsToVMApplianceAction); choosing the checked vApp of a single VM takes it out
// (RemoveVMsFromVMApplianceAction); VMs in another vApp move after XenCenter's question. Pure.
import type { ObjectsView } from '../../state/store';
import { record } from '../../xapi-model/records';
import { isPlainVm } from '../../xapi-model/predicates';
import { isRef } from '../../xapi-model/refs';
import { candidateVms, draftOf, type VAppDraft } from './vapp-model';

/** XenCenter's menu text (DYNAMIC_MENUITEM_WITH_ACCESS_KEY): an access key 1…9 for the first nine, then aligned
 * without one; long names cut to 30 (Ellipsise(30)). */
export function vappMenuText(index: number, name: string): string {
  const cut = (name.length > 30 ? `${name.slice(0, 29)}…` : name).replace(/&/g, '&&');
  return index < 9 ? `&${index + 1}   ${cut}` : `     ${cut}`;
}

/** Why the selected objects cannot be assigned to a vApp, or undefined. */
export function assignReason(store: ObjectsView, vms: ReadonlyArray<{ connectionId: string; cls: string; ref: string }>): string | undefined {
  if (vms.length === 0) return 'Select one or more VMs';
  if (vms.some((v) => v.cls !== 'vm' || !isPlainVm(record(store, v.connectionId, 'vm', v.ref)))) return 'Only VMs (not templates or snapshots) can be in a vApp';
  if (new Set(vms.map((v) => v.connectionId)).size > 1) return 'Select VMs of one pool';
  return undefined;
}

/** The vApp a VM is in, or ''. */
export const applianceOf = (store: ObjectsView, connectionId: string, vm: string): string => {
  const a = record(store, connectionId, 'vm', vm)?.appliance;
  return isRef(a) && record(store, connectionId, 'vm_appliance', a) ? String(a) : '';
};

export type AssignPlan =
  | { kind: 'remove'; draft: VAppDraft }
  | { kind: 'add'; draft: VAppDraft; moving: Array<{ vm: string; name: string; from: string }> };

/** What choosing vApp `vapp` for `vms` does: the vApp as it becomes, and the VMs that leave another vApp. */
export function assignPlan(store: ObjectsView, connectionId: string, vapp: string, vms: readonly string[]): AssignPlan {
  const now = draftOf(store, connectionId, vapp);
  if (vms.length === 1 && applianceOf(store, connectionId, vms[0]) === vapp) {
    return { kind: 'remove', draft: { ...now, members: now.members.filter((m) => m.vm !== vms[0]) } };
  }
  const byRef = new Map(candidateVms(store, connectionId).map((c) => [c.ref, c]));
  const members = [...now.members];
  const moving: Array<{ vm: string; name: string; from: string }> = [];
  for (const vm of vms) {
    const c = byRef.get(vm);
    if (!c || members.some((m) => m.vm === vm)) continue;
    members.push({ vm, order: c.order, startDelay: c.startDelay, shutdownDelay: c.shutdownDelay });
    if (c.appliance && c.appliance !== vapp) moving.push({ vm, name: c.name, from: c.applianceName });
  }
  return { kind: 'add', draft: { ...now, members }, moving };
}

/** XenCenter's question before VMs leave another vApp (CHANGE_VMS_APPLIANCE_WARNING / CHANGE_VMS_APPLIANCES_WARNING). */
export function assignQuestion(vappName: string, moving: ReadonlyArray<{ name: string; from: string }>): string {
  if (moving.length === 1) return `The VM '${moving[0].name}' is already assigned to the vApp '${moving[0].from}'.\n\nDo you want to assign it to the vApp '${vappName}' instead?`;
  return `Some of the VMs you selected are already assigned to a different vApp.\n\nDo you want to assign these VMs to the vApp '${vappName}' instead?`;
}
