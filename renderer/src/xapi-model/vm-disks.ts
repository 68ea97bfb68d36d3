// A VM's or template's disks (not CD drives) in device order, with XenCenter's default for "delete this
// disk" (the VM owns it and nothing else uses it): Delete VM… and Delete Template… both ask it.
import type { ObjectsView } from '../state/store';
import { str } from './format';
import { srDisplayName } from './names';
import { record } from './records';
import { isRef, refs } from './refs';

export interface DiskRow {
  vdiRef: string;
  name: string;
  size: number;
  srName: string;
  /** Other VMs or templates (by name) whose VBDs use this disk too. */
  sharedWith: string[];
  /** Ticked at first: it owns the disk (VBD other_config `owner`) and nothing else uses it. */
  deleteByDefault: boolean;
}

/** The VM's disks (not CD drives), in device order, with XenCenter's default for "delete this disk". */
export function vmDisks(store: ObjectsView, connectionId: string, vmRef: string): DiskRow[] {
  const vm = record(store, connectionId, 'vm', vmRef);
  const rows: Array<DiskRow & { position: number }> = [];
  for (const vbdRef of refs(vm?.VBDs)) {
    const vbd = record(store, connectionId, 'vbd', vbdRef);
    if (!vbd || vbd.type !== 'Disk' || !isRef(vbd.VDI)) continue;
    const vdi = record(store, connectionId, 'vdi', vbd.VDI);
    if (!vdi) continue;
    const sharedWith = refs(vdi.VBDs)
      .map((r) => record(store, connectionId, 'vbd', r))
      .filter((other) => other && isRef(other.VM) && other.VM !== vmRef)
      .map((other) => str(record(store, connectionId, 'vm', other!.VM)?.name_label) || 'another VM');
    const other = vbd.other_config;
    const owned = typeof other === 'object' && other !== null && Object.hasOwn(other, 'owner');
    rows.push({
      vdiRef: vbd.VDI, name: str(vdi.name_label) || 'Unnamed disk', size: Number(vdi.virtual_size) || 0,
      srName: record(store, connectionId, 'sr', vdi.SR) ? srDisplayName(store, connectionId, str(vdi.SR)) : '', sharedWith,
      deleteByDefault: owned && sharedWith.length === 0, position: Number(vbd.userdevice) || 0,
    });
  }
  return rows.sort((a, b) => a.position - b.position).map(({ position: _p, ...r }) => r);
}
