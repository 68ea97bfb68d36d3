// The New VM steps that need more than one call: the template's disks, the installation media,
// the interfaces, and removing a half-made VM. Each takes the typed client and the new VM.
import type { NewVmSpec } from '../../../../shared/new-vm/spec';
import { parseProvisionDisks, provisionedDiskName, PROVISIONED_DISK_DESCRIPTION, rewriteProvisionDisks, type DiskChange } from '../../../../shared/new-vm/provision-disks';
import type { VBDRecord, VIFRecord, VMRecord } from '../../../../shared/xapi/types.generated';
import type { TypedXapi } from '../../xapi/typed-client';
import { XapiError } from '../../xapi/errors';

const NULL_REF = 'OpaqueRef:NULL';
const isRef = (r: string | undefined): r is string => !!r && r.startsWith('OpaqueRef:') && r !== NULL_REF;

/** The template's disks (Disk VBDs with a VDI): VBD, VDI and the SR it is on. */
export async function templateDisks(x: TypedXapi, tpl: VMRecord): Promise<Array<{ vbd: VBDRecord; vdi: string; sr: string }>> {
  const out = [];
  for (const ref of tpl.VBDs) {
    const vbd = await x.call('VBD.get_record', ref);
    if (vbd.type !== 'Disk' || vbd.empty || !isRef(vbd.VDI)) continue;
    out.push({ vbd, vdi: vbd.VDI, sr: await x.call('VDI.get_SR', vbd.VDI) });
  }
  return out;
}

/**
 * Puts the chosen SR uuids and sizes into the new VM's copy of the template's "disks" (provision
 * reads them from the VM it provisions). Nothing to do for a template without them.
 */
export async function rewriteDisks(x: TypedXapi, vm: string, tpl: VMRecord, spec: NewVmSpec): Promise<void> {
  const xml = tpl.other_config.disks;
  if (!xml || parseProvisionDisks(xml).length === 0) return;
  const changes: Record<string, DiskChange> = {};
  for (const d of spec.provisionDisks) changes[d.device] = { sr: await x.call('SR.get_uuid', d.srRef), size: d.size };
  let next: string;
  try {
    next = rewriteProvisionDisks(xml, changes);
  } catch (e) {
    throw new XapiError('INVALID_PROVISION_DISKS', [(e as Error).message], { message: `The template's disks could not be set up: ${(e as Error).message}` });
  }
  await x.call('VM.remove_from_other_config', vm, 'disks');
  await x.call('VM.add_to_other_config', vm, 'disks', next);
}

/**
 * Names the disks VM.provision made after the VM, as XenCenter does ("web-01 0"), so lists that
 * show disks (Storage tab, Delete VM) tell them apart; the server names them by device only.
 */
export async function nameProvisionedDisks(x: TypedXapi, vm: string, tpl: VMRecord, vmName: string): Promise<void> {
  const devices = new Set(parseProvisionDisks(tpl.other_config.disks).map((d) => d.device));
  if (devices.size === 0) return;
  for (const ref of await x.call('VM.get_VBDs', vm)) {
    const vbd = await x.call('VBD.get_record', ref);
    if (vbd.type !== 'Disk' || !isRef(vbd.VDI) || !devices.has(vbd.userdevice)) continue;
    await x.call('VDI.set_name_label', vbd.VDI, provisionedDiskName(vmName, vbd.userdevice));
    await x.call('VDI.set_name_description', vbd.VDI, PROVISIONED_DISK_DESCRIPTION);
  }
}

/** Grows the copies of the template's own disks the user made larger (VDI.resize never shrinks). */
export async function growDisks(x: TypedXapi, vm: string, own: Array<{ vbd: VBDRecord; vdi: string }>, spec: NewVmSpec): Promise<void> {
  const wanted = spec.templateDisks.filter((d) => own.some((o) => o.vdi === d.vdiRef));
  if (wanted.length === 0) return;
  const copies = new Map<string, string>();
  for (const ref of await x.call('VM.get_VBDs', vm)) {
    const vbd = await x.call('VBD.get_record', ref);
    if (vbd.type === 'Disk' && isRef(vbd.VDI)) copies.set(vbd.userdevice, vbd.VDI);
  }
  for (const d of wanted) {
    const from = own.find((o) => o.vdi === d.vdiRef)!;
    const copy = copies.get(from.vbd.userdevice);
    if (!copy) continue;
    if (d.size > await x.call('VDI.get_virtual_size', copy)) await x.call('VDI.resize', copy, d.size);
  }
}

/** The ISO into the VM's CD drive (one is added, at device 3 when free, if the template has none); or network boot first. */
export async function installMedia(x: TypedXapi, vm: string, tpl: VMRecord, spec: NewVmSpec): Promise<void> {
  if (spec.install.kind === 'network') {
    if (tpl.HVM_boot_policy === '') throw new XapiError('OPERATION_NOT_ALLOWED', ['Network boot needs an HVM template'], { message: 'Network boot needs an HVM template' });
    const params = { ...tpl.HVM_boot_params };
    params.order = `n${(params.order ?? 'cd').replace(/n/g, '')}`;
    await x.call('VM.set_HVM_boot_params', vm, params);
    return;
  }
  if (spec.install.kind !== 'iso') return;
  const iso = spec.install.vdiRef;
  const used = new Set<string>();
  for (const ref of await x.call('VM.get_VBDs', vm)) {
    const vbd = await x.call('VBD.get_record', ref);
    used.add(vbd.userdevice);
    if (vbd.type !== 'CD') continue;
    if (!vbd.empty) await x.call('VBD.eject', ref);
    await x.call('VBD.insert', ref, iso);
    return;
  }
  // XenCenter's CD slot is 3 (hdd/xvdd); else the server's lowest free one.
  const userdevice = used.has('3') ? 'autodetect' : '3';
  // VBD.create reads only the constructor fields; the others are the server's.
  const cd: Partial<VBDRecord> = {
    VM: vm, VDI: iso, userdevice, bootable: false, mode: 'RO', type: 'CD', empty: false, unpluggable: true,
    other_config: {}, qos_algorithm_type: '', qos_algorithm_params: {},
  };
  await x.call('VBD.create', cd as VBDRecord);
}

/** The template's interfaces (copied by clone) give way to the chosen ones, devices 0, 1, … */
export async function replaceVifs(x: TypedXapi, vm: string, spec: NewVmSpec): Promise<void> {
  for (const ref of await x.call('VM.get_VIFs', vm)) await x.call('VIF.destroy', ref);
  for (const [i, v] of spec.vifs.entries()) {
    const vif: Partial<VIFRecord> = {
      device: String(i), network: v.networkRef, VM: vm, MAC: v.mac, MTU: await x.call('network.get_MTU', v.networkRef),
      other_config: {}, qos_algorithm_type: '', qos_algorithm_params: {}, locking_mode: 'network_default', ipv4_allowed: [], ipv6_allowed: [],
    };
    await x.call('VIF.create', vif as VIFRecord);
  }
}

/**
 * Removes a half-made VM as XenCenter does: the VDIs of its disks (all new: clone, copy and
 * provision made them; CDs point at ISOs and are left), then the VM, then those VDIs (one already
 * gone is fine). Resolves with what went wrong, if anything.
 */
export async function removeVm(x: TypedXapi, vm: string): Promise<XapiError | undefined> {
  try {
    const vdis: string[] = [];
    for (const ref of await x.call('VM.get_VBDs', vm)) {
      const vbd = await x.call('VBD.get_record', ref);
      if (vbd.type === 'Disk' && isRef(vbd.VDI)) vdis.push(vbd.VDI);
    }
    const power = await x.call('VM.get_power_state', vm);
    if (power === 'Running' || power === 'Paused') await x.call('VM.hard_shutdown', vm);
    await x.call('VM.destroy', vm);
    for (const vdi of vdis) {
      await x.call('VDI.destroy', vdi).catch((e: unknown) => { if (!(e instanceof XapiError && e.code === 'HANDLE_INVALID')) throw e; });
    }
    return undefined;
  } catch (e) {
    return e instanceof XapiError ? e : new XapiError('INTERNAL_ERROR', [String((e as Error)?.message ?? e)]);
  }
}
