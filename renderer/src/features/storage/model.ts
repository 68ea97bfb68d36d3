// The VM and SR Storage tabs' pure reads of the store: a VM's disk and DVD rows, an SR's disks, the
// SRs a new disk can go on or a disk can move to, the disks that can be attached, the ISOs the DVD
// drive can take, and why an action cannot run now (from the VM's power state and the VBD's, VDI's
// and SR's allowed_operations, as XenCenter).
import { classMap, getRecord, type ObjectsView, type XRecord } from '../../state/store';
import { formatBytes, str } from '../../xapi-model/format';
import { isRef } from '../../xapi-model/refs';
import { allows, isSnapshot } from '../../xapi-model/predicates';
import { srDisplayName } from '../../xapi-model/names';

type S = ObjectsView;
const refs = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
const num = (v: unknown): number => (typeof v === 'number' ? v : Number(v) || 0);
const isIso = (sr: XRecord | undefined): boolean => str(sr?.content_type) === 'iso' || str(sr?.type) === 'iso';

export const MiB = 1024 ** 2;
export const UNITS = { MiB, GiB: 1024 ** 3, TiB: 1024 ** 4 } as const;
export type Unit = keyof typeof UNITS;

export interface DiskRow {
  ref: string; position: string; name: string; description: string; type: string; size: string; bytes: number; sr: string; mode: string;
  attached: boolean; vdiRef: string; cd: boolean;
}

export function diskRows(s: S, conn: string, vmRef: string): DiskRow[] {
  const vm = getRecord(s, conn, 'vm', vmRef);
  const rows: DiskRow[] = [];
  for (const ref of refs(vm?.VBDs)) {
    const vbd = getRecord(s, conn, 'vbd', ref);
    if (!vbd) continue;
    const vdi = isRef(vbd.VDI) && vbd.empty !== true ? getRecord(s, conn, 'vdi', vbd.VDI) : undefined;
    const sr = vdi ? getRecord(s, conn, 'sr', vdi.SR) : undefined;
    rows.push({
      ref, position: str(vbd.userdevice), name: vdi ? str(vdi.name_label) : vbd.type === 'CD' ? 'Empty' : '—', description: vdi ? str(vdi.name_description) : '',
      type: str(vbd.type), size: vdi ? formatBytes(vdi.virtual_size) : '', bytes: vdi ? num(vdi.virtual_size) : 0, sr: sr ? str(sr.name_label) : '',
      mode: str(vbd.mode), attached: vbd.currently_attached === true, vdiRef: vdi ? str(vbd.VDI) : '', cd: vbd.type === 'CD',
    });
  }
  return rows.sort((a, b) => Number(a.position) - Number(b.position));
}

/** The hosts whose local SRs the VM can use: where it runs, else its home server, else where its local disks are (none: any). */
function vmHosts(s: S, conn: string, vm: XRecord): string[] | undefined {
  if (vm.power_state === 'Running' || vm.power_state === 'Paused') return isRef(vm.resident_on) ? [vm.resident_on] : [];
  if (isRef(vm.affinity)) return [vm.affinity];
  const hosts = new Set<string>();
  for (const b of refs(vm.VBDs)) {
    const vdi = getRecord(s, conn, 'vdi', getRecord(s, conn, 'vbd', b)?.VDI);
    const sr = vdi ? getRecord(s, conn, 'sr', vdi.SR) : undefined;
    if (sr && sr.shared !== true && !isIso(sr)) for (const h of srHosts(s, conn, sr)) hosts.add(h);
  }
  return hosts.size ? [...hosts] : undefined;
}
function srHosts(s: S, conn: string, sr: XRecord): string[] {
  return refs(sr.PBDs).map((p) => getRecord(s, conn, 'pbd', p)).filter((p) => p?.currently_attached === true && isRef(p.host)).map((p) => str(p?.host));
}
/** Shared, or plugged on a host the VM can use. */
function vmCanSee(s: S, conn: string, vm: XRecord, sr: XRecord): boolean {
  const on = srHosts(s, conn, sr);
  if (on.length === 0) return false;
  if (sr.shared === true) return true;
  const hosts = vmHosts(s, conn, vm);
  return hosts === undefined || on.some((h) => hosts.includes(h));
}

export interface SrChoice { ref: string; name: string; free: number; label: string; isDefault: boolean }

/** SRs that can take a new disk (not ISO libraries, udev or tools SRs; able to create disks; plugged
 * on some host) and that `fits` accepts, with their free space; the pool's default first. */
function diskSrs(s: S, conn: string, fits: (sr: XRecord, ref: string) => boolean): SrChoice[] {
  const pool = [...(classMap(s, conn, 'pool')?.values() ?? [])][0];
  const def = str(pool?.default_SR);
  const out: SrChoice[] = [];
  for (const [ref, sr] of classMap(s, conn, 'sr') ?? new Map<string, XRecord>()) {
    if (isIso(sr) || str(sr.type) === 'udev' || str(sr.content_type) === 'tools' || !allows(sr, 'vdi_create') || srHosts(s, conn, sr).length === 0 || !fits(sr, ref)) continue;
    const free = Math.max(0, num(sr.physical_size) - num(sr.physical_utilisation));
    const name = srDisplayName(s, conn, ref);
    out.push({ ref, name, free, isDefault: ref === def, label: `${name} (${formatBytes(free)} free${ref === def ? ', default' : ''})` });
  }
  return out.sort((a, b) => Number(b.isDefault) - Number(a.isDefault) || a.name.localeCompare(b.name));
}

/** SRs a new disk of the VM can go on: those visible to the VM; the pool's default first. */
export function srChoices(s: S, conn: string, vmRef: string): SrChoice[] {
  const vm = getRecord(s, conn, 'vm', vmRef);
  return vm ? diskSrs(s, conn, (sr) => vmCanSee(s, conn, vm, sr)) : [];
}

/** SRs a disk of no VM can be made on (the SR Storage tab's Add…): any that can take one. */
export function looseSrChoices(s: S, conn: string): SrChoice[] {
  return diskSrs(s, conn, () => true);
}

export interface VdiChoice { ref: string; name: string; sr: string; size: string; readOnly: boolean }

/** Disks that can be attached: user disks on SRs the VM can see, not snapshots, not attached to any VM (this one included). */
export function attachableVdis(s: S, conn: string, vmRef: string): VdiChoice[] {
  const vm = getRecord(s, conn, 'vm', vmRef);
  if (!vm) return [];
  const out: VdiChoice[] = [];
  for (const [ref, vdi] of classMap(s, conn, 'vdi') ?? new Map<string, XRecord>()) {
    const sr = getRecord(s, conn, 'sr', vdi.SR);
    if (!sr || isIso(sr) || isSnapshot(vdi) || vdi.managed === false || vdi.missing === true || str(vdi.type) !== 'user') continue;
    if (refs(vdi.VBDs).some((b) => getRecord(s, conn, 'vbd', b))) continue;
    if (!vmCanSee(s, conn, vm, sr)) continue;
    out.push({ ref, name: str(vdi.name_label) || ref, sr: str(sr.name_label), size: formatBytes(vdi.virtual_size), readOnly: vdi.read_only === true });
  }
  return out.sort((a, b) => a.name.localeCompare(b.name) || a.sr.localeCompare(b.sr));
}

export interface IsoChoice { ref: string; name: string; sr: string }

/** The ISOs of every ISO SR the VM can see, by SR then name. */
export function isoChoices(s: S, conn: string, vmRef: string): IsoChoice[] {
  const vm = getRecord(s, conn, 'vm', vmRef);
  if (!vm) return [];
  const out: IsoChoice[] = [];
  for (const [, sr] of classMap(s, conn, 'sr') ?? new Map<string, XRecord>()) {
    if (!isIso(sr) || !vmCanSee(s, conn, vm, sr)) continue;
    for (const ref of refs(sr.VDIs)) {
      const vdi = getRecord(s, conn, 'vdi', ref);
      if (vdi && vdi.missing !== true) out.push({ ref, name: str(vdi.name_label) || ref, sr: str(sr.name_label) });
    }
  }
  return out.sort((a, b) => a.sr.localeCompare(b.sr) || a.name.localeCompare(b.name));
}

/** The VM's first DVD drive (lowest position) and what is in it. */
export function cdDrive(s: S, conn: string, vmRef: string): { ref: string; vdiRef: string } | undefined {
  const cd = diskRows(s, conn, vmRef).find((r) => r.cd);
  return cd ? { ref: cd.ref, vdiRef: cd.vdiRef } : undefined;
}

// ---------- why an action cannot run ('' when it can) ----------
const powerWords = (vm: XRecord) => str(vm.power_state).toLowerCase() || 'in an unknown state';

/** Add or attach a disk: a VM or template (not a snapshot), halted or running, with a free device. */
export function addDiskBlocker(s: S, conn: string, vmRef: string): string {
  const vm = getRecord(s, conn, 'vm', vmRef);
  if (!vm) return 'The VM is no longer on the server';
  if (isSnapshot(vm)) return 'A snapshot\'s disks cannot be changed';
  if (vm.power_state !== 'Halted' && vm.power_state !== 'Running') return `The VM is ${powerWords(vm)}: disks are added only while it is running or shut down`;
  if (refs(vm.VBDs).length >= 255) return 'The VM has no free disk position left';
  return '';
}

export function newDiskBlocker(s: S, conn: string, vmRef: string): string {
  return addDiskBlocker(s, conn, vmRef) || (srChoices(s, conn, vmRef).length === 0 ? 'No storage repository the VM can use can hold a new disk' : '');
}

export function attachBlocker(s: S, conn: string, vmRef: string): string {
  return addDiskBlocker(s, conn, vmRef) || (attachableVdis(s, conn, vmRef).length === 0 ? 'There is no free disk the VM can use to attach' : '');
}

function diskContext(s: S, conn: string, vbdRef: string) {
  const vbd = getRecord(s, conn, 'vbd', vbdRef);
  const vm = vbd ? getRecord(s, conn, 'vm', vbd.VM) : undefined;
  const vdi = vbd && isRef(vbd.VDI) ? getRecord(s, conn, 'vdi', vbd.VDI) : undefined;
  return { vbd, vm, vdi };
}

/** Detach: a disk (not the DVD drive) of a halted VM, or of a running one whose server lets it be unplugged. */
export function detachBlocker(s: S, conn: string, vbdRef: string): string {
  const { vbd, vm } = diskContext(s, conn, vbdRef);
  if (!vbd || !vm) return 'Select a disk first';
  if (vbd.type === 'CD') return 'The DVD drive is changed with the DVD drive list, not detached';
  if (isSnapshot(vm)) return 'A snapshot\'s disks cannot be changed';
  if (vm.power_state === 'Running') {
    if (vbd.currently_attached === true && !allows(vbd, 'unplug')) {
      return vbd.unpluggable === false ? 'The disk is marked as not unpluggable: shut the VM down first' : 'The server does not allow this disk to be unplugged while the VM runs';
    }
    return '';
  }
  if (vm.power_state !== 'Halted') return `The VM is ${powerWords(vm)}: disks are detached only while it is running or shut down`;
  return '';
}

/** Delete: as Detach, and the disk's SR can delete it and no other VM uses it. */
export function deleteBlocker(s: S, conn: string, vbdRef: string): string {
  const d = detachBlocker(s, conn, vbdRef);
  if (d) return d;
  const { vbd, vdi } = diskContext(s, conn, vbdRef);
  if (!vdi) return 'The drive has no disk to delete';
  if (refs(vdi.VBDs).some((b) => b !== vbdRef && getRecord(s, conn, 'vbd', b))) return 'Another VM also uses this disk: detach it instead';
  const sr = getRecord(s, conn, 'sr', vdi.SR);
  if (vbd?.currently_attached !== true && !allows(vdi, 'destroy')) return 'The server does not allow this disk to be deleted now';
  if (sr && !allows(sr, 'vdi_destroy')) return `The storage repository '${str(sr.name_label)}' cannot delete disks`;
  return '';
}

/** Properties: a disk (not the DVD drive) of a VM or template. */
export function propertiesBlocker(s: S, conn: string, vbdRef: string): string {
  const { vbd, vm, vdi } = diskContext(s, conn, vbdRef);
  if (!vbd || !vm) return 'Select a disk first';
  if (vbd.type === 'CD') return 'The DVD drive has no properties to change here';
  if (!vdi) return 'The drive has no disk';
  if (isSnapshot(vm)) return 'A snapshot\'s disks cannot be changed';
  return '';
}

/** How the Properties dialog may grow the disk: 'resize' (detached), 'resize_online' (attached, if the SR can), or why not. */
export function resizeMode(s: S, conn: string, vbdRef: string): { op: 'resize' | 'resize_online' | ''; reason: string } {
  return vdiResizeMode(s, conn, str(diskContext(s, conn, vbdRef).vbd?.VDI));
}

/** As resizeMode, for a disk itself (the SR Storage tab). */
export function vdiResizeMode(s: S, conn: string, vdiRef: string): { op: 'resize' | 'resize_online' | ''; reason: string } {
  const vdi = getRecord(s, conn, 'vdi', vdiRef);
  if (allows(vdi, 'resize')) return { op: 'resize', reason: '' };
  if (allows(vdi, 'resize_online')) return { op: 'resize_online', reason: '' };
  return { op: '', reason: 'The server does not allow this disk to be resized now (it is in use, or its storage cannot resize)' };
}

/** Read-only / read-write: VBD.set_mode needs the VM halted; a read-only disk cannot be made writable. */
export function modeBlocker(s: S, conn: string, vbdRef: string): string {
  const { vm, vdi } = diskContext(s, conn, vbdRef);
  if (!vm) return 'The VM is no longer on the server';
  if (vm.power_state !== 'Halted') return 'The mode changes only while the VM is shut down';
  if (vdi?.read_only === true) return 'The disk itself is read-only';
  return '';
}

/** XenCenter's device positions for a disk (0..15): each with the drive that holds it now, which swaps. */
export interface PositionChoice { position: string; heldBy?: string }
export const DEVICE_POSITIONS = 16;

export function positionChoices(s: S, conn: string, vbdRef: string): PositionChoice[] {
  const { vbd, vm } = diskContext(s, conn, vbdRef);
  if (!vbd || !vm) return [];
  const held = new Map<string, string>();
  for (const b of refs(vm.VBDs)) {
    if (b === vbdRef) continue;
    const other = getRecord(s, conn, 'vbd', b);
    if (!other) continue;
    const vdi = isRef(other.VDI) ? getRecord(s, conn, 'vdi', other.VDI) : undefined;
    held.set(String(other.userdevice), other.type === 'CD' ? 'the DVD drive' : `'${str(vdi?.name_label) || 'a disk'}'`);
  }
  const out: PositionChoice[] = [];
  for (let i = 0; i < DEVICE_POSITIONS; i++) out.push({ position: String(i), heldBy: held.get(String(i)) });
  const mine = String(vbd.userdevice);
  if (!out.some((c) => c.position === mine)) out.unshift({ position: mine });
  return out;
}

/** The position changes only while the VM is shut down (its devices are fixed while it runs). */
export function positionBlocker(s: S, conn: string, vbdRef: string): string {
  const { vm } = diskContext(s, conn, vbdRef);
  if (!vm) return 'The VM is no longer on the server';
  if (isSnapshot(vm)) return 'A snapshot\'s disks cannot be moved to another position';
  if (vm.power_state !== 'Halted') return 'The position changes only while the VM is shut down';
  return '';
}

/** The DVD drive's list: a CD VBD that can take a disc (insert) or change one (eject first). */
export function dvdBlocker(s: S, conn: string, vmRef: string): string {
  const vm = getRecord(s, conn, 'vm', vmRef);
  const cd = cdDrive(s, conn, vmRef);
  if (!vm || !cd) return 'The VM has no DVD drive';
  if (isSnapshot(vm)) return 'A snapshot\'s DVD drive cannot be changed';
  if (vm.power_state === 'Suspended') return 'The VM is suspended: resume or shut it down to change the DVD';
  const vbd = getRecord<XRecord>(s, conn, 'vbd', cd.ref);
  if (!allows(vbd, 'insert') && !allows(vbd, 'eject')) return 'The server does not allow the DVD to be changed now';
  return '';
}

export function ejectBlocker(s: S, conn: string, vmRef: string): string {
  const d = dvdBlocker(s, conn, vmRef);
  if (d) return d;
  const cd = cdDrive(s, conn, vmRef);
  return !cd?.vdiRef ? 'The DVD drive is empty' : allows(getRecord(s, conn, 'vbd', cd.ref), 'eject') ? '' : 'The server does not allow the DVD to be ejected now';
}

export function addDvdBlocker(s: S, conn: string, vmRef: string): string {
  const vm = getRecord(s, conn, 'vm', vmRef);
  if (!vm) return 'The VM is no longer on the server';
  if (isSnapshot(vm)) return 'A snapshot cannot be changed';
  if (cdDrive(s, conn, vmRef)) return 'The VM already has a DVD drive';
  if (vm.power_state !== 'Halted') return `The VM is ${powerWords(vm)}: a DVD drive is added only while it is shut down`;
  return '';
}

/** The size the user typed, in bytes, or why it cannot be used (growth only when `min` is given). */
export function sizeProblem(text: string, unit: Unit, min = 1): { bytes: number; problem: string } {
  const t = text.trim();
  if (!/^\d+(\.\d+)?$/.test(t)) return { bytes: 0, problem: 'The size is a positive number.' };
  const bytes = Math.round((Number(t) * UNITS[unit]) / MiB) * MiB;
  if (bytes <= 0) return { bytes, problem: 'The size must be at least 1 MiB.' };
  if (bytes > 2 * 1024 ** 5) return { bytes, problem: 'The size is too large.' };
  if (bytes < min) return { bytes, problem: `A disk can only grow: the size must be at least ${formatBytes(min)}.` };
  return { bytes, problem: '' };
}

// ---------- Activate / Deactivate (VBD.plug / VBD.unplug on a running VM) ----------
function liveDisk(s: S, conn: string, vbdRef: string): { vbd?: XRecord; why: string } {
  const { vbd, vm } = diskContext(s, conn, vbdRef);
  if (!vbd || !vm) return { why: 'Select a disk first' };
  if (vbd.type === 'CD') return { why: 'The DVD drive is changed with the DVD drive list' };
  if (vm.power_state !== 'Running') return { why: 'Disks are activated and deactivated only while the VM is running' };
  return { vbd, why: '' };
}

export function activateBlocker(s: S, conn: string, vbdRef: string): string {
  const { vbd, why } = liveDisk(s, conn, vbdRef);
  if (!vbd) return why;
  if (vbd.currently_attached === true) return 'The disk is already active';
  return allows(vbd, 'plug') ? '' : 'The server does not allow this disk to be activated now (the VM may lack I/O drivers)';
}

export function deactivateBlocker(s: S, conn: string, vbdRef: string): string {
  const { vbd, why } = liveDisk(s, conn, vbdRef);
  if (!vbd) return why;
  if (vbd.currently_attached !== true) return 'The disk is not active';
  if (vbd.unpluggable === false) return 'The disk is marked as not unpluggable';
  return allows(vbd, 'unplug') ? '' : 'The server does not allow this disk to be deactivated now';
}

// ---------- Move… ----------
const HA_TYPES = new Set(['ha_statefile', 'redo_log']);

/** The VMs (snapshots included) whose VBDs use the disk, with those VBDs. */
function usersOf(s: S, conn: string, vdi: XRecord): Array<{ vbd: XRecord; vm: XRecord }> {
  const out: Array<{ vbd: XRecord; vm: XRecord }> = [];
  for (const b of refs(vdi.VBDs)) {
    const vbd = getRecord(s, conn, 'vbd', b);
    const vm = vbd ? getRecord(s, conn, 'vm', vbd.VM) : undefined;
    if (vbd && vm) out.push({ vbd, vm });
  }
  return out;
}

/** How a move runs: 'migrate' (VDI.pool_migrate) when a running VM has the disk attached, else 'copy' (copy and swap). */
export function moveMode(s: S, conn: string, vdiRef: string): 'migrate' | 'copy' {
  const vdi = getRecord(s, conn, 'vdi', vdiRef);
  return vdi && usersOf(s, conn, vdi).some((u) => u.vbd.currently_attached === true && u.vm.power_state === 'Running') ? 'migrate' : 'copy';
}

export interface MoveTarget extends SrChoice { reason: string }

/** SRs the disk can move to: not its own, not ISO libraries, able to create disks, visible to every VM
 * using it (a running VM: plugged on its host; a halted one: shared, or local to its home server); a
 * disk of no VM: plugged on a host that also sees its SR (the copy runs there). Too small → a reason. */
export function moveTargets(s: S, conn: string, vdiRef: string): MoveTarget[] {
  const vdi = getRecord(s, conn, 'vdi', vdiRef);
  if (!vdi) return [];
  const from = getRecord(s, conn, 'sr', vdi.SR);
  const fromHosts = from ? srHosts(s, conn, from) : [];
  const vms = usersOf(s, conn, vdi).map((u) => u.vm);
  const size = num(vdi.virtual_size);
  return diskSrs(s, conn, (sr, ref) => ref !== str(vdi.SR)
    && (vms.length ? vms.every((vm) => vmCanSee(s, conn, vm, sr)) : srHosts(s, conn, sr).some((h) => fromHosts.includes(h))))
    .map((c) => ({ ...c, reason: c.free < size ? `only ${formatBytes(c.free)} free, the disk is ${formatBytes(size)}` : '' }));
}

/** Why the disk cannot be moved now ('' when it can), as XenCenter's Move/Migrate Virtual Disk commands. */
export function moveBlocker(s: S, conn: string, vdiRef: string): string {
  const vdi = getRecord(s, conn, 'vdi', vdiRef);
  if (!vdi) return 'Select a disk first';
  const sr = getRecord(s, conn, 'sr', vdi.SR);
  if (isIso(sr)) return 'An ISO stays in its library';
  if (isSnapshot(vdi)) return 'A snapshot\'s disk cannot be moved';
  if (HA_TYPES.has(str(vdi.type))) return 'The disk holds the pool\'s high availability state';
  if (str(vdi.type) === 'metadata') return 'The disk holds pool metadata for disaster recovery';
  if (str(vdi.type) === 'suspend') return 'The disk holds a suspended VM\'s memory';
  if (vdi.cbt_enabled === true) return 'Changed block tracking is on for this disk';
  if (str(sr?.type) === 'rawhba') return 'Disks of this storage type cannot be moved';
  if (Object.keys((vdi.current_operations ?? {}) as object).length > 0) return 'The disk is busy with another operation';
  const users = usersOf(s, conn, vdi);
  const odd = users.find((u) => u.vm.power_state !== 'Halted' && u.vm.power_state !== 'Running');
  if (odd) return `'${str(odd.vm.name_label)}' is ${powerWords(odd.vm)}: shut it down or resume it first`;
  if (moveMode(s, conn, vdiRef) === 'migrate') {
    if (users.length > 1) return 'The disk is used by more than one VM';
  } else if (!allows(vdi, 'copy')) return 'The server does not allow this disk to be copied now';
  const targets = moveTargets(s, conn, vdiRef);
  if (targets.length === 0) return 'No other storage repository that can hold the disk is visible to its VM';
  if (targets.every((t) => t.reason)) return 'No other storage repository has room for the disk';
  return '';
}

// ---------- the SR Storage tab ----------
export interface SrDiskRow { ref: string; name: string; description: string; size: string; bytes: number; vms: string; snapshot: boolean; sr: string }

/** An SR's disks as XenCenter's SR Storage tab lists them: not missing, managed, not hidden
 * (other_config HideFromXenCenter), not a storage-motion intermediate (sm_config base_mirror);
 * snapshots shown, their VMs as "name (snapshot)"; a suspend image's VM by suspend_VDI. */
export function srDiskRows(s: S, conn: string, srRef: string): SrDiskRow[] {
  const sr = getRecord(s, conn, 'sr', srRef);
  if (!sr) return [];
  const rows: SrDiskRow[] = [];
  for (const ref of refs(sr.VDIs)) {
    const vdi = getRecord(s, conn, 'vdi', ref);
    if (!vdi || vdi.missing === true || vdi.managed === false) continue;
    if (str((vdi.other_config as Record<string, unknown> | undefined)?.HideFromXenCenter) === 'true') continue;
    if ((vdi.sm_config as Record<string, unknown> | undefined)?.base_mirror !== undefined) continue;
    const vms = usersOf(s, conn, vdi).map((u) => u.vm);
    if (str(vdi.type) === 'suspend') for (const [, vm] of classMap(s, conn, 'vm') ?? new Map<string, XRecord>()) if (vm.suspend_VDI === ref) vms.push(vm);
    const names = [...new Set(vms.map((vm) => (isSnapshot(vm) ? `${str(vm.name_label)} (snapshot)` : str(vm.name_label))))];
    rows.push({
      ref, name: str(vdi.name_label) || ref, description: str(vdi.name_description), size: formatBytes(vdi.virtual_size), bytes: num(vdi.virtual_size),
      vms: names.join(', '), snapshot: isSnapshot(vdi), sr: str(sr.name_label),
    });
  }
  return rows.sort((a, b) => a.name.localeCompare(b.name) || Number(a.snapshot) - Number(b.snapshot) || a.ref.localeCompare(b.ref));
}

function srPlugged(s: S, conn: string, sr: XRecord): boolean { return srHosts(s, conn, sr).length > 0; }

/** Add… on the SR Storage tab: an SR that can create disks and is attached. */
export function srAddBlocker(s: S, conn: string, srRef: string): string {
  const sr = getRecord(s, conn, 'sr', srRef);
  if (!sr) return 'The storage repository is no longer on the server';
  if (isIso(sr)) return 'An ISO library holds ISOs, not virtual disks';
  if (!srPlugged(s, conn, sr)) return 'The storage repository is detached';
  if (!allows(sr, 'vdi_create')) return 'The storage repository cannot create disks';
  return '';
}

/** Rescan: an attached SR not scanning already. */
export function rescanBlocker(s: S, conn: string, srRef: string): string {
  const sr = getRecord(s, conn, 'sr', srRef);
  if (!sr) return 'The storage repository is no longer on the server';
  if (!srPlugged(s, conn, sr)) return 'The storage repository is detached';
  if (Object.values((sr.current_operations ?? {}) as Record<string, unknown>).includes('scan')) return 'A scan is already running';
  return '';
}

/** Delete on the SR Storage tab: refused while a running VM has the disk attached (XenCenter's rule), with why. */
export function vdiDeleteBlocker(s: S, conn: string, vdiRef: string): string {
  const vdi = getRecord(s, conn, 'vdi', vdiRef);
  if (!vdi) return 'Select a disk first';
  const sr = getRecord(s, conn, 'sr', vdi.SR);
  if (isIso(sr)) return 'ISOs are removed from the library\'s share, not here';
  if (HA_TYPES.has(str(vdi.type))) return 'The disk holds the pool\'s high availability state';
  const live = usersOf(s, conn, vdi).find((u) => u.vbd.currently_attached === true);
  if (live) return `'${str(live.vm.name_label)}' is ${powerWords(live.vm)} with this disk attached: deactivate or detach it first`;
  if (sr && !allows(sr, 'vdi_destroy')) return `The storage repository '${str(sr.name_label)}' cannot delete disks`;
  if (!allows(vdi, 'destroy')) return 'The server does not allow this disk to be deleted now';
  return '';
}

/** Properties… on the SR Storage tab: not a snapshot's disk, not an ISO. */
export function vdiPropertiesBlocker(s: S, conn: string, vdiRef: string): string {
  const vdi = getRecord(s, conn, 'vdi', vdiRef);
  if (!vdi) return 'Select a disk first';
  if (isIso(getRecord(s, conn, 'sr', vdi.SR))) return 'An ISO has no properties to change here';
  if (isSnapshot(vdi)) return 'A snapshot\'s disk cannot be changed';
  return '';
}
