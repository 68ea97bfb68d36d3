// Storage: the VM and SR Storage tabs' changes of several XAPI calls (disks and the DVD drive), one bridge
// request each (storage.change); main runs the calls on one task.create task so the Events panel
// shows one row ending with the first error.
import { ContractError, type Validators } from '../checks';

export type StorageChange =
  /** VDI.create on the SR, VBD.create (RW, next free device), VBD.plug when the VM runs. size in bytes. */
  | { kind: 'addDisk'; connectionId: string; vmRef: string; srRef: string; name: string; description: string; size: number }
  /** VBD.create of an existing VDI (RO or RW), VBD.plug when the VM runs. */
  | { kind: 'attachDisk'; connectionId: string; vmRef: string; vdiRef: string; readOnly: boolean }
  /** VBD.unplug when attached to a running VM (and unpluggable), then VBD.destroy. */
  | { kind: 'detachDisk'; connectionId: string; vbdRef: string }
  /** As detachDisk, then VDI.destroy of its disk. */
  | { kind: 'deleteDisk'; connectionId: string; vbdRef: string }
  /** Only what changed: VDI.set_name_label / set_name_description, VDI.resize(_online), VBD.set_mode, and
   * VBD.set_userdevice (a disk of the VM holding that position takes the old one: they swap). */
  | { kind: 'editDisk'; connectionId: string; vbdRef: string; name?: string; description?: string; size?: number; mode?: 'RO' | 'RW'; position?: string }
  /** The DVD drive: VBD.eject when something is in, then VBD.insert of vdiRef ('' = eject only). */
  | { kind: 'insertCd'; connectionId: string; vbdRef: string; vdiRef: string }
  /** An empty DVD drive: VBD.create type CD, RO, empty, on the next free device. */
  | { kind: 'addCd'; connectionId: string; vmRef: string }
  /** Move a disk to another SR: VDI.pool_migrate when a running VM has it attached; else XenCenter's
   * copy and swap (VDI.copy, each VBD destroyed and made again alike on the copy, VDI.destroy). */
  | { kind: 'moveDisk'; connectionId: string; vdiRef: string; srRef: string }
  /** Activate / Deactivate a disk of a running VM: VBD.plug / VBD.unplug. */
  | { kind: 'plugDisk' | 'unplugDisk'; connectionId: string; vbdRef: string }
  /** The SR Storage tab: a disk of no VM (VDI.create only). */
  | { kind: 'createDisk'; connectionId: string; srRef: string; name: string; description: string; size: number }
  /** The SR Storage tab: VDI.destroy. */
  | { kind: 'destroyDisk'; connectionId: string; vdiRef: string }
  /** The SR Storage tab's Properties: only what changed (VDI.set_name_label / set_name_description, VDI.resize(_online)). */
  | { kind: 'editVdi'; connectionId: string; vdiRef: string; name?: string; description?: string; size?: number }
  /** The SR Storage tab's Rescan: SR.scan. */
  | { kind: 'scanSr'; connectionId: string; srRef: string };

export interface StorageRequests {
  /** The VM Storage tab's multi-call changes, on one task.create task. */
  'storage.change': { args: StorageChange; result: { taskRef: string } };
}

const OPAQUE_REF = /^OpaqueRef:[A-Za-z0-9-]{1,64}$/;
const KEYS: Record<StorageChange['kind'], { need: string[]; opt?: string[] }> = {
  addDisk: { need: ['vmRef', 'srRef', 'name', 'description', 'size'] },
  attachDisk: { need: ['vmRef', 'vdiRef', 'readOnly'] },
  detachDisk: { need: ['vbdRef'] },
  deleteDisk: { need: ['vbdRef'] },
  editDisk: { need: ['vbdRef'], opt: ['name', 'description', 'size', 'mode', 'position'] },
  insertCd: { need: ['vbdRef', 'vdiRef'] },
  addCd: { need: ['vmRef'] },
  moveDisk: { need: ['vdiRef', 'srRef'] },
  plugDisk: { need: ['vbdRef'] },
  unplugDisk: { need: ['vbdRef'] },
  createDisk: { need: ['srRef', 'name', 'description', 'size'] },
  destroyDisk: { need: ['vdiRef'] },
  editVdi: { need: ['vdiRef'], opt: ['name', 'description', 'size'] },
  scanSr: { need: ['srRef'] },
};
/** The largest disk size accepted (2 PiB, beyond any SR's VDI limit). */
export const MAX_DISK_BYTES = 2 * 1024 ** 5;

/** Checks a request from the renderer; `fail` makes the error to throw. */
export function parseStorageChange(o: Record<string, unknown>, fail: (m: string) => Error): StorageChange {
  const kind = typeof o.kind === 'string' && Object.hasOwn(KEYS, o.kind) ? o.kind as StorageChange['kind'] : undefined;
  if (!kind) throw fail(`"kind" must be one of ${Object.keys(KEYS).join(', ')}`);
  const { need, opt = [] } = KEYS[kind];
  for (const k of Object.keys(o)) if (k !== 'kind' && k !== 'connectionId' && !need.includes(k) && !opt.includes(k)) throw fail(`unexpected key "${k}"`);
  for (const k of need) if (o[k] === undefined) throw fail(`"${k}" is missing`);
  const s = (k: string, max = 1024): string => {
    const v = o[k];
    if (typeof v !== 'string' || v.length > max) throw fail(`"${k}" must be a string of at most ${max} characters`);
    return v;
  };
  const r = (k: string, allowEmpty = false): string => { const v = s(k); if (!(allowEmpty && v === '') && !OPAQUE_REF.test(v)) throw fail(`"${k}" must be an OpaqueRef`); return v; };
  const size = (k: string): number => {
    const v = o[k];
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 1 || v > MAX_DISK_BYTES) throw fail(`"${k}" must be a whole number of bytes from 1 to ${MAX_DISK_BYTES}`);
    return v;
  };
  const connectionId = s('connectionId');
  if (!connectionId) throw fail('"connectionId" must not be empty');
  switch (kind) {
    case 'addDisk': {
      const name = s('name');
      if (!name.trim()) throw fail('"name" must not be empty');
      return { kind, connectionId, vmRef: r('vmRef'), srRef: r('srRef'), name, description: s('description'), size: size('size') };
    }
    case 'attachDisk':
      if (typeof o.readOnly !== 'boolean') throw fail('"readOnly" must be a boolean');
      return { kind, connectionId, vmRef: r('vmRef'), vdiRef: r('vdiRef'), readOnly: o.readOnly };
    case 'detachDisk': case 'deleteDisk': case 'plugDisk': case 'unplugDisk': return { kind, connectionId, vbdRef: r('vbdRef') };
    case 'moveDisk': return { kind, connectionId, vdiRef: r('vdiRef'), srRef: r('srRef') };
    case 'createDisk': {
      const name = s('name');
      if (!name.trim()) throw fail('"name" must not be empty');
      return { kind, connectionId, srRef: r('srRef'), name, description: s('description'), size: size('size') };
    }
    case 'destroyDisk': return { kind, connectionId, vdiRef: r('vdiRef') };
    case 'scanSr': return { kind, connectionId, srRef: r('srRef') };
    case 'editVdi': {
      const out: StorageChange = { kind, connectionId, vdiRef: r('vdiRef') };
      if (o.name !== undefined) { out.name = s('name'); if (!out.name.trim()) throw fail('"name" must not be empty'); }
      if (o.description !== undefined) out.description = s('description');
      if (o.size !== undefined) out.size = size('size');
      return out;
    }
    case 'insertCd': return { kind, connectionId, vbdRef: r('vbdRef'), vdiRef: r('vdiRef', true) };
    case 'addCd': return { kind, connectionId, vmRef: r('vmRef') };
    case 'editDisk': {
      const out: StorageChange = { kind, connectionId, vbdRef: r('vbdRef') };
      if (o.name !== undefined) { out.name = s('name'); if (!out.name.trim()) throw fail('"name" must not be empty'); }
      if (o.description !== undefined) out.description = s('description');
      if (o.size !== undefined) out.size = size('size');
      if (o.mode !== undefined) { if (o.mode !== 'RO' && o.mode !== 'RW') throw fail('"mode" must be RO or RW'); out.mode = o.mode; }
      if (o.position !== undefined) { out.position = s('position', 3); if (!/^(0|[1-9]\d{0,2})$/.test(out.position) || Number(out.position) > 254) throw fail('"position" must be a device number from 0 to 254'); }
      return out;
    }
  }
}

export const STORAGE_VALIDATORS: Validators<StorageRequests> = {
  'storage.change': (o) => parseStorageChange(o, (m) => new ContractError(m)),
};
