// storage.change: the VM and SR Storage tabs' changes of several XAPI calls (add, attach, detach,
// delete, edit, move, activate and deactivate a disk; the DVD drive; an SR's disks and rescan), each
// on one task.create task (ClientTask) so every client's Events
// panel shows one row ending with the first error. Records are read live, not from the cache:
// another client may have just started the VM or taken a device.
import { ClientTask } from '../../tasks/client-task';
import { XapiError } from '../../xapi/errors';
import { TypedXapi } from '../../xapi/typed-client';
import type { Connection } from '../../connection/connection';
import type { StorageChange } from '../../../../shared/ipc/areas/storage';
import type { VBDRecord, VDIRecord } from '../../../../shared/xapi/types.generated';

type Log = (m: string) => void;
type Rec = Record<string, unknown>;
const name = (r: Rec | undefined): string => (typeof r?.name_label === 'string' ? r.name_label : '');
const NULL = 'OpaqueRef:NULL';

export async function startStorageChange(c: Connection, ch: StorageChange, log: Log): Promise<{ taskRef: string }> {
  const title = label(c, ch);
  const task = await ClientTask.create(c, title);
  void run(c, task, ch).then(() => task.finish(), (e: unknown) => {
    log(`${title} failed: ${(e as Error).message}`);
    return task.finish(e);
  });
  return { taskRef: task.ref };
}

function label(c: Connection, ch: StorageChange): string {
  const vbd = 'vbdRef' in ch ? c.cache.get('vbd', ch.vbdRef) : undefined;
  const vm = name(c.cache.get('vm', 'vmRef' in ch ? ch.vmRef : String(vbd?.VM ?? '')));
  const disk = name(vbd ? c.cache.get('vdi', String(vbd.VDI)) : undefined);
  switch (ch.kind) {
    case 'addDisk': return `Adding virtual disk '${ch.name}' to ${vm}`;
    case 'attachDisk': return `Attaching virtual disk '${name(c.cache.get('vdi', ch.vdiRef))}' to ${vm}`;
    case 'detachDisk': return `Detaching virtual disk '${disk}' from ${vm}`;
    case 'deleteDisk': return `Deleting virtual disk '${disk}'`;
    case 'editDisk': return `Changing virtual disk '${disk}'`;
    case 'insertCd': return ch.vdiRef ? `Inserting '${name(c.cache.get('vdi', ch.vdiRef))}' into ${vm}` : `Ejecting the DVD of ${vm}`;
    case 'addCd': return `Adding a DVD drive to ${vm}`;
    case 'moveDisk': return `Moving virtual disk '${name(c.cache.get('vdi', ch.vdiRef))}' to '${name(c.cache.get('sr', ch.srRef))}'`;
    case 'plugDisk': return `Activating virtual disk '${disk}' on ${vm}`;
    case 'unplugDisk': return `Deactivating virtual disk '${disk}' on ${vm}`;
    case 'createDisk': return `Creating virtual disk '${ch.name}' on '${name(c.cache.get('sr', ch.srRef))}'`;
    case 'destroyDisk': return `Deleting virtual disk '${name(c.cache.get('vdi', ch.vdiRef))}'`;
    case 'editVdi': return `Changing virtual disk '${name(c.cache.get('vdi', ch.vdiRef))}'`;
    case 'scanSr': return `Rescanning '${name(c.cache.get('sr', ch.srRef))}'`;
  }
}

async function run(c: Connection, task: ClientTask, ch: StorageChange): Promise<void> {
  const x = TypedXapi.fromConnection(c);
  switch (ch.kind) {
    case 'addDisk': {
      const device = await freeDevice(x, ch.vmRef);
      await task.step('Creating the disk', 0.05);
      const vdi = await task.runAsync('VDI.create', [newVdiArgs(ch.name, ch.description, ch.srRef, ch.size)], 0.05, 0.5);
      try {
        await attach(x, task, ch.vmRef, vdi, device, 'RW', 0.5);
      } catch (e) {
        // No orphan disk left behind when it could not be attached.
        await x.call('VDI.destroy', vdi).catch(() => undefined);
        throw e;
      }
      return;
    }
    case 'attachDisk':
      return attach(x, task, ch.vmRef, ch.vdiRef, await freeDevice(x, ch.vmRef), ch.readOnly ? 'RO' : 'RW', 0.1);
    case 'detachDisk':
      await detach(x, task, ch.vbdRef, 0.99);
      return;
    case 'deleteDisk': {
      const vbd = await x.call('VBD.get_record', ch.vbdRef);
      await detach(x, task, ch.vbdRef, 0.5);
      await task.step('Deleting the disk', 0.5);
      await task.runAsync('VDI.destroy', [vbd.VDI], 0.5, 0.99);
      return;
    }
    case 'editDisk': return edit(x, task, ch);
    case 'insertCd': {
      const vbd = await x.call('VBD.get_record', ch.vbdRef);
      if (vbd.empty !== true) {
        await task.step('Ejecting the disc', 0.1);
        await task.runAsync('VBD.eject', [ch.vbdRef], 0.1, ch.vdiRef ? 0.5 : 0.99);
      }
      if (ch.vdiRef) {
        await task.step('Inserting the disc', 0.5);
        await task.runAsync('VBD.insert', [ch.vbdRef, ch.vdiRef], 0.5, 0.99);
      }
      return;
    }
    case 'addCd': {
      const device = await freeDevice(x, ch.vmRef);
      await task.step('Creating the DVD drive', 0.1);
      await task.runAsync('VBD.create', [vbdArgs(ch.vmRef, NULL, device, 'RO', 'CD')], 0.1, 0.99);
      return;
    }
    case 'moveDisk': return move(x, task, ch.vdiRef, ch.srRef);
    case 'plugDisk':
      await task.step('Activating the disk', 0.1);
      await task.runAsync('VBD.plug', [ch.vbdRef], 0.1, 0.99);
      return;
    case 'unplugDisk':
      await task.step('Deactivating the disk', 0.1);
      await task.runAsync('VBD.unplug', [ch.vbdRef], 0.1, 0.99);
      return;
    case 'createDisk':
      await task.step('Creating the disk', 0.05);
      await task.runAsync('VDI.create', [newVdiArgs(ch.name, ch.description, ch.srRef, ch.size)], 0.05, 0.99);
      return;
    case 'destroyDisk':
      await task.step('Deleting the disk', 0.05);
      await task.runAsync('VDI.destroy', [ch.vdiRef], 0.05, 0.99);
      return;
    case 'editVdi': return editVdi(x, task, ch.vdiRef, ch);
    case 'scanSr':
      await task.step('Rescanning', 0.05);
      await task.runAsync('SR.scan', [ch.srRef], 0.05, 0.99);
      return;
  }
}

/** VDI.create reads only its constructor fields; the others are the server's. */
function newVdiArgs(name_label: string, name_description: string, SR: string, virtual_size: number): VDIRecord {
  const args: Partial<VDIRecord> = {
    name_label, name_description, SR, virtual_size, type: 'user', sharable: false, read_only: false, other_config: {}, xenstore_data: {}, sm_config: {}, tags: [],
  };
  return args as VDIRecord;
}

/** The VM's lowest free device number (VM.get_allowed_VBD_devices), or INVALID_DEVICE as VBD.create says it. */
async function freeDevice(x: TypedXapi, vmRef: string): Promise<string> {
  const devices = await x.call('VM.get_allowed_VBD_devices', vmRef);
  if (devices.length === 0) throw new XapiError('INVALID_DEVICE', ['autodetect'], { message: 'The VM has no free disk device' });
  return [...devices].sort((a, b) => Number(a) - Number(b))[0];
}

function vbdArgs(vm: string, vdi: string, userdevice: string, mode: 'RO' | 'RW', type: 'Disk' | 'CD'): VBDRecord {
  const args: Partial<VBDRecord> = {
    VM: vm, VDI: vdi, userdevice, bootable: false, mode, type, empty: vdi === NULL, unpluggable: true,
    other_config: {}, qos_algorithm_type: '', qos_algorithm_params: {},
  };
  return args as VBDRecord;
}

/** VBD.create, then VBD.plug when the VM runs (as XenCenter; a guest without hot-plug keeps it for the next boot). */
async function attach(x: TypedXapi, task: ClientTask, vmRef: string, vdi: string, device: string, mode: 'RO' | 'RW', from: number): Promise<void> {
  await task.step('Attaching the disk', from);
  const vbd = await task.runAsync('VBD.create', [vbdArgs(vmRef, vdi, device, mode, 'Disk')], from, from + (0.99 - from) / 2);
  const power = await x.call('VM.get_power_state', vmRef);
  if (power !== 'Running') return;
  const ops = await x.call('VBD.get_allowed_operations', vbd);
  if (!ops.includes('plug')) return;
  await task.step('Plugging the disk in', from + (0.99 - from) / 2);
  await task.runAsync('VBD.plug', [vbd], from + (0.99 - from) / 2, 0.99);
}

/** VBD.unplug when it is attached to a running VM (refused with the server's words when it cannot be), then VBD.destroy. */
async function detach(x: TypedXapi, task: ClientTask, vbdRef: string, to: number): Promise<void> {
  const vbd = await x.call('VBD.get_record', vbdRef);
  const power = await x.call('VM.get_power_state', vbd.VM);
  if (vbd.currently_attached === true && power === 'Running') {
    await task.step('Unplugging the disk', 0.05);
    await task.runAsync('VBD.unplug', [vbdRef], 0.05, to / 2);
  }
  await task.step('Detaching the disk', to / 2);
  await task.runAsync('VBD.destroy', [vbdRef], to / 2, to);
}

async function edit(x: TypedXapi, task: ClientTask, ch: Extract<StorageChange, { kind: 'editDisk' }>): Promise<void> {
  const vbd = await x.call('VBD.get_record', ch.vbdRef);
  if (ch.mode !== undefined) {
    await task.step('Changing the mode', 0.2);
    await x.call('VBD.set_mode', ch.vbdRef, ch.mode);
  }
  if (ch.position !== undefined && ch.position !== vbd.userdevice) {
    await task.step('Changing the device position', 0.25);
    // As XenCenter: the drive holding that position takes this one's, so no two share a device.
    for (const other of await x.call('VM.get_VBDs', vbd.VM)) {
      if (other !== ch.vbdRef && await x.call('VBD.get_userdevice', other) === ch.position) await x.call('VBD.set_userdevice', other, vbd.userdevice);
    }
    await x.call('VBD.set_userdevice', ch.vbdRef, ch.position);
  }
  await editVdi(x, task, vbd.VDI, ch);
}

/** A disk's name, description and size growth: only what is given. */
async function editVdi(x: TypedXapi, task: ClientTask, vdi: string, ch: { name?: string; description?: string; size?: number }): Promise<void> {
  if (ch.name !== undefined) await x.call('VDI.set_name_label', vdi, ch.name);
  if (ch.description !== undefined) await x.call('VDI.set_name_description', vdi, ch.description);
  if (ch.size !== undefined) {
    const ops = await x.call('VDI.get_allowed_operations', vdi);
    // Attached to a running VM: only resize_online can grow it; the server refuses when neither is allowed.
    const online = !ops.includes('resize') && ops.includes('resize_online');
    await task.step('Resizing the disk', 0.3);
    if (online) await task.runAsync('VDI.resize_online', [vdi, ch.size], 0.3, 0.99);
    else await task.runAsync('VDI.resize', [vdi, ch.size], 0.3, 0.99);
  }
}

/** Move a disk to another SR. A running VM with it attached: VDI.pool_migrate (storage live migration).
 * Otherwise XenCenter's MoveVirtualDiskAction: VDI.copy to the SR, each VBD of the old disk destroyed
 * and made again alike (userdevice, bootable, mode, type, unpluggable, other_config) on the copy, then
 * the old disk destroyed. A failure while swapping puts the old VBDs back and drops the copy. */
async function move(x: TypedXapi, task: ClientTask, vdiRef: string, srRef: string): Promise<void> {
  const vdi = await x.call('VDI.get_record', vdiRef);
  const vbds: Array<[string, VBDRecord]> = [];
  for (const b of vdi.VBDs) vbds.push([b, await x.call('VBD.get_record', b)]);
  for (const [, b] of vbds) {
    if (b.currently_attached !== true) continue;
    if (await x.call('VM.get_power_state', b.VM) === 'Running') {
      await task.step('Migrating the disk', 0.05);
      await task.runAsync('VDI.pool_migrate', [vdiRef, srRef, {}], 0.05, 0.99);
      return;
    }
  }
  await task.step('Copying the disk', 0.05);
  const copy = await task.runAsync('VDI.copy', [vdiRef, srRef, NULL, NULL], 0.05, 0.7);
  await task.step('Attaching the copy', 0.7);
  const made: string[] = [];
  const gone: VBDRecord[] = [];
  try {
    for (const [ref, b] of vbds) {
      await x.call('VBD.destroy', ref);
      gone.push(b);
      made.push(await x.call('VBD.create', alike(b, copy)));
    }
  } catch (e) {
    for (const m of made) await x.call('VBD.destroy', m).catch(() => undefined);
    for (const b of gone) await x.call('VBD.create', alike(b, vdiRef)).catch(() => undefined);
    await x.call('VDI.destroy', copy).catch(() => undefined);
    throw e;
  }
  await task.step('Deleting the old disk', 0.85);
  await task.runAsync('VDI.destroy', [vdiRef], 0.85, 0.99);
}

/** A VBD like `b` on another disk (VBD.create's constructor fields). */
function alike(b: VBDRecord, vdi: string): VBDRecord {
  const args: Partial<VBDRecord> = {
    VM: b.VM, VDI: vdi, userdevice: b.userdevice, bootable: b.bootable, mode: b.mode, type: b.type, empty: false,
    unpluggable: b.unpluggable, other_config: b.other_config, qos_algorithm_type: b.qos_algorithm_type, qos_algorithm_params: b.qos_algorithm_params,
  };
  return args as VBDRecord;
}
