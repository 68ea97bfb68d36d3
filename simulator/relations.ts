// One-to-many relations: the parent's "X ref set" field is derived from the child's ref field
// (FORMATS.md 1.8: xapi rebuilds these rather than trusting stored sets). xenapi.json does not
// carry the pairing, so it is listed here: [child class, child field, parent class, parent set].
import { classInfo } from '../shared/xapi/model';

const RAW: [string, string, string, string][] = [
  ['VBD', 'VM', 'VM', 'VBDs'], ['VIF', 'VM', 'VM', 'VIFs'], ['console', 'VM', 'VM', 'consoles'],
  ['VM', 'snapshot_of', 'VM', 'snapshots'], ['VM', 'parent', 'VM', 'children'], ['crashdump', 'VM', 'VM', 'crash_dumps'],
  ['VGPU', 'VM', 'VM', 'VGPUs'], ['VTPM', 'VM', 'VM', 'VTPMs'], ['VUSB', 'VM', 'VM', 'VUSBs'],
  ['PBD', 'host', 'host', 'PBDs'], ['PIF', 'host', 'host', 'PIFs'], ['VM', 'resident_on', 'host', 'resident_VMs'],
  ['host_cpu', 'host', 'host', 'host_CPUs'], ['host_crashdump', 'host', 'host', 'crashdumps'], ['host_patch', 'host', 'host', 'patches'],
  ['PGPU', 'host', 'host', 'PGPUs'], ['PCI', 'host', 'host', 'PCIs'], ['PUSB', 'host', 'host', 'PUSBs'], ['Certificate', 'host', 'host', 'certificates'],
  ['VDI', 'SR', 'SR', 'VDIs'], ['PBD', 'SR', 'SR', 'PBDs'],
  ['VBD', 'VDI', 'VDI', 'VBDs'], ['crashdump', 'VDI', 'VDI', 'crash_dumps'], ['VDI', 'snapshot_of', 'VDI', 'snapshots'],
  ['VIF', 'network', 'network', 'VIFs'], ['PIF', 'network', 'network', 'PIFs'],
  ['task', 'subtask_of', 'task', 'subtasks'], ['host_patch', 'pool_patch', 'pool_patch', 'host_patches'],
  ['VM', 'appliance', 'VM_appliance', 'VMs'], ['VM', 'protection_policy', 'VMPP', 'VMs'], ['VM', 'snapshot_schedule', 'VMSS', 'VMs'],
  ['PGPU', 'GPU_group', 'GPU_group', 'PGPUs'], ['VGPU', 'GPU_group', 'GPU_group', 'VGPUs'], ['VGPU', 'resident_on', 'PGPU', 'resident_VGPUs'],
  ['PIF', 'bond_slave_of', 'Bond', 'slaves'], ['Bond', 'master', 'PIF', 'bond_master_of'], ['VLAN', 'tagged_PIF', 'PIF', 'VLAN_slave_of'],
  ['tunnel', 'access_PIF', 'PIF', 'tunnel_access_PIF_of'], ['tunnel', 'transport_PIF', 'PIF', 'tunnel_transport_PIF_of'],
];

export interface Relation { child: string; field: string; parent: string; set: string }
/** Only pairs whose four names exist in the model. */
export const RELATIONS: Relation[] = RAW
  .filter(([c, f, p, s]) => classInfo(c)?.fields.has(f) && classInfo(p)?.fields.has(s))
  .map(([child, field, parent, set]) => ({ child, field, parent, set }));

const byChild = new Map<string, Relation[]>();
for (const r of RELATIONS) {
  const list = byChild.get(r.child) ?? [];
  list.push(r);
  byChild.set(r.child, list);
}
export const relationsOfChild = (cls: string): Relation[] => byChild.get(cls) ?? [];
