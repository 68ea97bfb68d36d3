// VDI and VBD operations (SEMANTICS.md 8, 9.1-9.2) with SR space accounting (8.6: SM pushes
// virtual_allocation / physical_utilisation after create, destroy, resize, snapshot, clone, copy;
// thick LVM SRs allocate the full size, thin VHD SRs only what was written).
import { isNullRef } from '../db';
import { refreshSrAllowed, refreshVifAllowed, vmOpError } from '../allowed-ops';
import { EPOCH, NULL_REF, type Rec } from '../fields';
import { createTask } from '../tasks';
import { nowDatetime, type CallCtx, type Handler, type Sim } from '../sim';
import { XapiError } from '../xapi-error';
import { rowOf } from './generic';
import { withCurrentOp } from '../current-ops';
import { operations, type MethodModule } from '../method-module';

const MiB = 1024 ** 2;
const THICK = new Set(['lvm', 'lvmoiscsi', 'lvmohba', 'lvmofcoe']);

// ---------- SR helpers ----------
export function srHasPlugged(sim: Sim, sr: string): boolean {
  return ((sim.db.get('SR', sr)?.PBDs as string[]) ?? []).some((p) => sim.db.get('PBD', p)?.currently_attached === true);
}
const isIsoSr = (sr: Rec | undefined) => sr?.content_type === 'iso' || sr?.type === 'iso' || sr?.type === 'udev';

function assertSrOp(sim: Sim, sr: string, op: string): Rec {
  const rec = sim.db.get('SR', sr);
  if (!rec) throw new XapiError('HANDLE_INVALID', ['SR', sr]);
  if (!srHasPlugged(sim, sr)) throw new XapiError('SR_HAS_NO_PBDS', [sr]);
  const allowed = (rec.allowed_operations as string[]) ?? [];
  const unsupported = isIsoSr(rec) ? ['vdi_create', 'vdi_snapshot', 'vdi_resize', 'vdi_destroy'].includes(op) : allowed.length > 0 && !allowed.includes(op);
  if (unsupported) throw new XapiError('SR_OPERATION_NOT_SUPPORTED', [sr]);
  return rec;
}

/** Space a new VDI of `size` takes on the SR (thick: all of it, thin: a VHD header). */
const allocated = (sr: Rec | undefined, size: number) => (THICK.has(String(sr?.type)) ? size + 8 * MiB : 4 * MiB);

function srAccount(sim: Sim, sr: string, virtualDelta: number, physicalDelta: number): void {
  const rec = sim.db.get('SR', sr);
  refreshSrAllowed(sim.db, sr); // 7.4: destroy depends on the SR holding no managed VDI
  if (!rec || isIsoSr(rec)) return;
  sim.db.update('SR', sr, {
    virtual_allocation: Math.max(0, Number(rec.virtual_allocation) + virtualDelta),
    physical_utilisation: Math.max(0, Number(rec.physical_utilisation) + physicalDelta),
  });
}

function assertSpace(sim: Sim, sr: string, physical: number): void {
  const rec = sim.db.get('SR', sr)!;
  const size = Number(rec.physical_size);
  if (size > 0 && Number(rec.physical_utilisation) + physical > size) {
    throw new XapiError('SR_BACKEND_FAILURE_44', ['', 'There is insufficient space', '']);
  }
}

// ---------- VDI allowed_operations (8.5) ----------
export function refreshVdiAllowed(sim: Sim, vdi: string): void {
  const { db } = sim;
  const v = db.get('VDI', vdi);
  if (!v) return;
  const sr = db.get('SR', String(v.SR));
  const running = Object.values((v.current_operations ?? {}) as Record<string, string>);
  let ops: string[];
  if (running.some((o) => o !== 'copy')) ops = [];
  else {
    const vbds = ((v.VBDs as string[]) ?? []).map((b) => db.get('VBD', b)).filter((b): b is Rec => !!b);
    const live = vbds.filter((b) => b.currently_attached === true || b.reserved === true);
    if (isIsoSr(sr)) ops = ['copy', 'forget', 'update'];
    else if (live.length === 0) ops = ['clone', 'copy', 'resize', 'snapshot', 'destroy', 'forget', 'update', 'generate_config'];
    else ops = ['clone', 'snapshot', 'resize_online', ...(live.every((b) => b.mode === 'RO') ? ['copy'] : [])];
    if (v.sharable === true) ops = ops.filter((o) => o !== 'snapshot');
    if (!srHasPlugged(sim, String(v.SR))) ops = ops.filter((o) => o !== 'resize');
    if (v.managed === false) ops = [];
  }
  const cur = (v.allowed_operations as string[]) ?? [];
  if (cur.length !== ops.length || cur.some((o, i) => o !== ops[i])) db.update('VDI', vdi, { allowed_operations: ops });
}

// ---------- VBD allowed_operations (9.2) ----------
export function refreshVbdAllowed(sim: Sim, vbd: string): void {
  const { db } = sim;
  const b = db.get('VBD', vbd);
  if (!b) return;
  const vm = db.get('VM', String(b.VM));
  const power = String(vm?.power_state ?? 'Halted');
  const ops: string[] = [];
  if (Object.keys((b.current_operations ?? {}) as Rec).length === 0) {
    ops.push('attach');
    const cd = b.type === 'CD';
    const attached = b.currently_attached === true || b.reserved === true;
    if (cd && power !== 'Suspended') ops.push(b.empty ? 'insert' : 'eject');
    if (power === 'Running') {
      if (!attached && !(cd && vm?.domain_type === 'hvm')) ops.push('plug');
      if (attached && b.unpluggable !== false && !(cd && vm?.domain_type === 'hvm')) ops.push('unplug', 'unplug_force');
      ops.push('pause', 'unpause');
    } else if (power === 'Paused') ops.push('pause', 'unpause');
  }
  const cur = (b.allowed_operations as string[]) ?? [];
  if (cur.length !== ops.length || cur.some((o, i) => o !== ops[i])) db.update('VBD', vbd, { allowed_operations: ops });
}

/** Recomputes the lists of every VBD of a VM and their VDIs (after a power-state change). */
export function refreshDevicesOf(sim: Sim, vmRef: string): void {
  for (const v of (sim.db.get('VM', vmRef)?.VIFs as string[]) ?? []) refreshVifAllowed(sim.db, v);
  for (const b of (sim.db.get('VM', vmRef)?.VBDs as string[]) ?? []) {
    refreshVbdAllowed(sim, b);
    const vdi = sim.db.get('VBD', b)?.VDI;
    if (!isNullRef(vdi)) refreshVdiAllowed(sim, String(vdi));
  }
}

// ---------- subtasks (10.2) ----------
/** Runs fn inside a visible subtask of the calling task ("Async.VDI.clone" during VM.clone, ...). */
export async function inSubtask<T>(ctx: CallCtx, label: string, fn: () => Promise<T> | T): Promise<T> {
  if (!ctx.task || !ctx.sim.db.get('task', ctx.task)) return fn();
  const sub = createTask(ctx.sim, label);
  ctx.sim.db.update('task', sub, { subtask_of: ctx.task });
  try {
    const out = await fn();
    return out;
  } finally {
    ctx.sim.db.delete('task', sub);
  }
}

// ---------- VDI primitives (used by VM clone/copy/snapshot/revert too) ----------
const COPIED = ['name_label', 'name_description', 'type', 'sharable', 'other_config', 'xenstore_data', 'on_boot', 'allow_caching', 'tags'];

function newVdi(sim: Sim, sr: string, values: Rec): string {
  const now = nowDatetime();
  const ref = sim.db.create('VDI', {
    SR: sr, managed: true, missing: false, is_a_snapshot: false, snapshot_of: NULL_REF, snapshot_time: EPOCH, on_boot: 'persist',
    allow_caching: false, metadata_of_pool: NULL_REF, read_only: false, sharable: false, other_config: {}, xenstore_data: {}, sm_config: {},
    tags: [], storage_lock: false, parent: NULL_REF, current_operations: {}, ...values,
  });
  const rec = sim.db.get('VDI', ref)!;
  sim.db.update('VDI', ref, { location: rec.location ? rec.location : rec.uuid, ...(values.snapshot_time === undefined && !values.is_a_snapshot ? {} : { snapshot_time: values.snapshot_time ?? now }) });
  refreshVdiAllowed(sim, ref);
  return ref;
}

export function vdiSnapshotOrClone(sim: Sim, vdi: string, snapshot: boolean): string {
  const v = sim.db.get('VDI', vdi);
  if (!v) throw new XapiError('HANDLE_INVALID', ['VDI', vdi]);
  const sr = String(v.SR);
  if (snapshot) {
    if (v.sharable === true) throw new XapiError('VDI_IS_SHARABLE', [vdi]);
    if (v.on_boot === 'reset') throw new XapiError('VDI_ON_BOOT_MODE_INCOMPATIBLE_WITH_OPERATION', []);
    if (Object.values((v.current_operations ?? {}) as Rec).includes('copy')) throw new XapiError('OPERATION_NOT_ALLOWED', ['Snapshot operation not allowed during copy.']);
    assertSrOp(sim, sr, 'vdi_snapshot');
  } else assertSrOp(sim, sr, 'vdi_clone');
  const size = Number(v.virtual_size);
  const phys = Number(v.physical_utilisation) || allocated(sim.db.get('SR', sr), size);
  assertSpace(sim, sr, phys);
  const values: Rec = Object.fromEntries(COPIED.map((k) => [k, structuredClone(v[k])]));
  const ref = newVdi(sim, sr, {
    ...values, virtual_size: size, physical_utilisation: phys, read_only: snapshot ? v.read_only : false,
    is_a_snapshot: snapshot, snapshot_of: snapshot ? vdi : NULL_REF, ...(snapshot ? { snapshot_time: nowDatetime() } : {}),
    sm_config: { ...((v.sm_config ?? {}) as Rec) },
  });
  srAccount(sim, sr, size, phys);
  return ref;
}

/** VDI.copy's effect (8.4); with dryRun only its checks. */
export function vdiCopy(sim: Sim, vdi: string, sr: string, into: string = NULL_REF, dryRun = false): string {
  const v = sim.db.get('VDI', vdi);
  if (!v) throw new XapiError('HANDLE_INVALID', ['VDI', vdi]);
  const liveRw = ((v.VBDs as string[]) ?? []).map((b) => sim.db.get('VBD', b)).some((b) => b && (b.currently_attached === true || b.reserved === true) && b.mode === 'RW');
  if (liveRw) throw new XapiError('VDI_IN_USE', [vdi, 'copy']);
  const size = Number(v.virtual_size);
  if (!isNullRef(into) && sim.db.get('VDI', into)) {
    const t = sim.db.get('VDI', into)!;
    if (t.read_only === true) throw new XapiError('VDI_READONLY', [into]);
    if (Number(t.virtual_size) < size) throw new XapiError('VDI_TOO_SMALL', [into, String(size)]);
    return into;
  }
  assertSrOp(sim, sr, 'vdi_create');
  const phys = THICK.has(String(sim.db.get('SR', sr)?.type)) ? size + 8 * MiB : Math.max(Number(v.physical_utilisation), 4 * MiB);
  assertSpace(sim, sr, phys);
  if (dryRun) return NULL_REF;
  const ref = newVdi(sim, sr, {
    name_label: v.name_label, name_description: v.name_description, type: v.type, virtual_size: size, sharable: v.sharable,
    other_config: structuredClone(v.other_config), xenstore_data: structuredClone(v.xenstore_data), tags: structuredClone(v.tags),
    read_only: false, sm_config: {}, physical_utilisation: phys,
  });
  srAccount(sim, sr, size, phys);
  return ref;
}

/** Storage migration (SEMANTICS.md 2.6): the mirror of `vdi` on `sr` of pool `dst` (this pool, or the
 * destination of a cross-pool migration) with the same content and SR accounting; the caller repoints
 * the VBDs and destroys the source. Attached disks are allowed (live mirror). */
export function vdiMirror(sim: Sim, vdi: string, sr: string, dst: Sim = sim): string {
  const v = sim.db.get('VDI', vdi);
  if (!v) throw new XapiError('HANDLE_INVALID', ['VDI', vdi]);
  assertSrOp(dst, sr, 'vdi_create');
  const size = Number(v.virtual_size);
  const phys = THICK.has(String(dst.db.get('SR', sr)?.type)) ? size + 8 * MiB : Math.max(Number(v.physical_utilisation), 4 * MiB);
  assertSpace(dst, sr, phys);
  const values: Rec = { virtual_size: size, physical_utilisation: phys, read_only: v.read_only, sm_config: {} };
  for (const k of COPIED) values[k] = structuredClone(v[k]);
  const ref = newVdi(dst, sr, values);
  srAccount(dst, sr, size, phys);
  return ref;
}

/** §6.5: while HA is on, its statefile and redo-log VDIs cannot be destroyed, resized or forgotten. */
function assertNotHaFile(sim: Sim, vdi: string, v: Rec): void {
  const pool = [...sim.db.table('pool').values()][0]?.rec;
  if (pool?.ha_enabled !== true) return;
  if (v.type === 'ha_statefile' || v.type === 'redo_log' || ((pool.ha_statefiles as string[]) ?? []).includes(vdi)) throw new XapiError('HA_IS_ENABLED', []);
}

/** VDI.destroy (8.2): checks, backend deletion, its VBDs destroyed, suspend_VDI pointers cleared. */
export function vdiDestroy(sim: Sim, vdi: string): void {
  const { db } = sim;
  const v = db.get('VDI', vdi);
  if (!v) throw new XapiError('HANDLE_INVALID', ['VDI', vdi]);
  const sr = String(v.SR);
  if (!srHasPlugged(sim, sr)) throw new XapiError('SR_HAS_NO_PBDS', [sr]);
  if (v.managed === false) throw new XapiError('VDI_NOT_MANAGED', [vdi]);
  const vbds = ((v.VBDs as string[]) ?? []).filter((b) => db.get('VBD', b));
  if (vbds.some((b) => db.get('VBD', b)!.currently_attached === true || db.get('VBD', b)!.reserved === true)) throw new XapiError('VDI_IN_USE', [vdi, 'destroy']);
  if (isIsoSr(db.get('SR', sr))) throw new XapiError('SR_OPERATION_NOT_SUPPORTED', [sr]);
  if (v.type === 'rrd') throw new XapiError('VDI_HAS_RRDS', [vdi]);
  assertNotHaFile(sim, vdi, v);
  for (const b of vbds) deleteVbd(sim, b);
  for (const [ref, row] of db.table('VM')) if (row.rec.suspend_VDI === vdi) db.update('VM', ref, { suspend_VDI: NULL_REF });
  db.delete('VDI', vdi);
  srAccount(sim, sr, -Number(v.virtual_size), -Number(v.physical_utilisation));
}

export function deleteVbd(sim: Sim, vbd: string): void {
  const b = sim.db.get('VBD', vbd);
  if (!b) return;
  if (sim.db.get('VBD_metrics', String(b.metrics))) sim.db.delete('VBD_metrics', String(b.metrics));
  sim.db.delete('VBD', vbd);
  if (!isNullRef(b.VDI)) refreshVdiAllowed(sim, String(b.VDI));
}

// ---------- VBD.create (9.1) ----------
const VBD_TYPES_OK = new Set(['system', 'user', 'ephemeral', 'suspend', 'crashdump', 'metadata', 'rrd', 'pvs_cache']);

/** Disk slot of a userdevice/device name (xvdb, hdb, sdb → 1; "3" → 3), or undefined. */
function slotOf(name: string): number | undefined {
  if (/^\d+$/.test(name)) return Number(name);
  const m = /^(?:xvd|hd|sd)([a-z]+)$/.exec(name);
  if (m) return [...m[1]].reduce((n, c) => n * 26 + (c.charCodeAt(0) - 96), 0) - 1;
  const d = /^d(\d+)(?:p\d+)?$/.exec(name);
  return d ? Number(d[1]) : undefined;
}
const validDevice = (u: string) => u === 'autodetect' || /^\d+$/.test(u) || /^(xvd|hd|sd)[a-z]+$/.test(u) || /^fd[a-z]$/.test(u) || /^d\d+(p\d+)?$/.test(u);
export const linuxDevice = (userdevice: string) => {
  const n = slotOf(userdevice) ?? 0;
  let s = '';
  for (let x = n + 1; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(97 + ((x - 1) % 26)) + s;
  return `xvd${s}`;
};

function usedSlots(sim: Sim, vmRef: string): Set<number> {
  const out = new Set<number>();
  for (const b of (sim.db.get('VM', vmRef)?.VBDs as string[]) ?? []) {
    const r = sim.db.get('VBD', b);
    if (!r) continue;
    for (const n of [String(r.userdevice), String(r.device)]) { const s = slotOf(n); if (s !== undefined) out.add(s); }
  }
  return out;
}

export function vbdCreate(sim: Sim, given: Rec): string {
  const { db } = sim;
  const vmRef = String(given.VM);
  const vm = db.get('VM', vmRef);
  if (!vm) throw new XapiError('HANDLE_INVALID', ['VM', vmRef]);
  const vdiRef = isNullRef(given.VDI) ? NULL_REF : String(given.VDI);
  const vdi = vdiRef === NULL_REF ? undefined : db.get('VDI', vdiRef);
  if (vdiRef !== NULL_REF && !vdi) throw new XapiError('HANDLE_INVALID', ['VDI', vdiRef]);
  const type = String(given.type ?? 'Disk');
  const mode = String(given.mode ?? 'RW');
  const empty = given.empty === true || vdiRef === NULL_REF;
  if (vdi && !empty && !VBD_TYPES_OK.has(String(vdi.type))) throw new XapiError('VDI_INCOMPATIBLE_TYPE', [vdiRef, String(vdi.type)]);
  if (type === 'CD' && mode === 'RW') throw new XapiError('VBD_CDS_MUST_BE_READONLY', []);
  if (type !== 'CD' && empty) throw new XapiError('VBD_NOT_REMOVABLE_MEDIA', ['in constructor']);
  if (vdi && mode === 'RW' && vdi.read_only === true) throw new XapiError('VDI_READONLY', [vdiRef]);
  if (type === 'Floppy' && vm.domain_type === 'pv') throw new XapiError('NOT_IMPLEMENTED', ["VBD of type 'floppy' is not supported on PV domain"]);
  let userdevice = String(given.userdevice ?? 'autodetect');
  if (!validDevice(userdevice)) throw new XapiError('INVALID_DEVICE', [userdevice]);
  const used = usedSlots(sim, vmRef);
  if (userdevice === 'autodetect') {
    const max = vm.is_control_domain ? 255 : 254;
    let n = 0;
    while (n <= max && used.has(n)) n++;
    if (n > max) throw new XapiError('INVALID_DEVICE', ['autodetect']);
    userdevice = String(n);
  } else {
    const s = slotOf(userdevice);
    if (s !== undefined && used.has(s)) throw new XapiError('DEVICE_ALREADY_EXISTS', [userdevice]);
  }
  const suspended = vm.power_state === 'Suspended';
  const other: Rec = { ...((given.other_config ?? {}) as Rec) };
  const backendKind = (vdi?.sm_config as Rec | undefined)?.['backend-kind'];
  if (backendKind !== undefined) other['backend-kind'] = backendKind;
  const metrics = db.create('VBD_metrics', { io_read_kbs: 0, io_write_kbs: 0, last_updated: nowDatetime(), other_config: {} });
  const ref = db.create('VBD', {
    VM: vmRef, VDI: empty ? NULL_REF : vdiRef, userdevice, bootable: given.bootable === true, mode, type, empty,
    unpluggable: given.unpluggable !== false, other_config: other, qos_algorithm_type: String(given.qos_algorithm_type ?? ''),
    qos_algorithm_params: { ...((given.qos_algorithm_params ?? {}) as Rec) }, device: suspended ? String(given.device ?? '') : '',
    currently_attached: suspended ? given.currently_attached === true : false, storage_lock: false, status_code: 0, status_detail: '',
    metrics, current_operations: {}, reserved: false,
  });
  refreshVbdAllowed(sim, ref);
  if (vdi) refreshVdiAllowed(sim, vdiRef);
  return ref;
}

// ---------- VBD operations (9.2) ----------
function vbdCtx(ctx: CallCtx, ref: unknown): { b: Rec; vm: Rec; vmRef: string } {
  const b = rowOf(ctx, 'VBD', ref);
  const vmRef = String(b.VM);
  const vm = rowOf(ctx, 'VM', vmRef);
  return { b, vm, vmRef };
}

function hvmWithoutDrivers(sim: Sim, vm: Rec): boolean {
  if (vm.domain_type !== 'hvm') return false;
  const g = sim.db.get('VM_guest_metrics', String(vm.guest_metrics));
  const pv = (g?.PV_drivers_version ?? {}) as Record<string, string>;
  return !(/^\d+$/.test(pv.major ?? '') && /^\d+$/.test(pv.minor ?? ''));
}

function assertVmNotBusy(vm: Rec, vmRef: string): void {
  const busy = Object.values((vm.current_operations ?? {}) as Record<string, string>).find((o) => ['clean_shutdown', 'hard_shutdown', 'suspend', 'pause'].includes(o));
  if (busy) throw new XapiError('OPERATION_NOT_ALLOWED', [`Current operation on VM:${vmRef} is ${busy}`]);
}

const afterVbd = (sim: Sim, vbd: string) => {
  refreshVbdAllowed(sim, vbd);
  const vdi = sim.db.get('VBD', vbd)?.VDI;
  if (!isNullRef(vdi)) refreshVdiAllowed(sim, String(vdi));
};

/** The sharing checks of an attach or plug (SEMANTICS.md 9.2, made on the real call): a VDI that is
 * not sharable, that another live VBD (not of a Suspended VM, whose disks are really offline, nor of
 * a control domain) has RW, or that this VBD wants RW while another has it at all → VDI_IN_USE [vdi];
 * RW on a read-only VDI → VDI_READONLY [vdi]. */
export function vbdSharingError(sim: Sim, vbdRef: string): XapiError | null {
  const { db } = sim;
  const b = db.get('VBD', vbdRef);
  if (!b || b.empty || isNullRef(b.VDI)) return null;
  const vdi = db.get('VDI', String(b.VDI));
  if (!vdi) return null;
  if (vdi.sharable !== true) {
    const live = ((vdi.VBDs as string[]) ?? []).filter((x) => x !== vbdRef).map((x) => db.get('VBD', x)).filter((o): o is Rec => {
      if (!o || (o.currently_attached !== true && o.reserved !== true)) return false;
      const owner = db.get('VM', String(o.VM));
      return !!owner && owner.power_state !== 'Suspended' && owner.is_control_domain !== true;
    });
    if (live.some((o) => o.mode === 'RW') || (b.mode === 'RW' && live.length)) return new XapiError('VDI_IN_USE', [String(b.VDI)]);
  }
  if (b.mode === 'RW' && vdi.read_only === true) return new XapiError('VDI_READONLY', [String(b.VDI)]);
  return null;
}

const plug: Handler = async (ctx, [ref]) => {
  const { sim } = ctx;
  const { b, vm, vmRef } = vbdCtx(ctx, ref);
  if (vm.power_state !== 'Running') throw new XapiError('VM_BAD_POWER_STATE', [vmRef, 'running', String(vm.power_state).toLowerCase()]);
  if (b.currently_attached === true || b.reserved === true) throw new XapiError('DEVICE_ALREADY_ATTACHED', [String(ref)]);
  assertVmNotBusy(vm, vmRef);
  if (hvmWithoutDrivers(sim, vm)) throw new XapiError('VM_MISSING_PV_DRIVERS', [vmRef]);
  if (b.type === 'CD' && vm.domain_type === 'hvm') throw new XapiError('OPERATION_NOT_ALLOWED', ['HVM CDROMs cannot be hotplugged/unplugged, only inserted or ejected']);
  const vdi = isNullRef(b.VDI) ? undefined : sim.db.get('VDI', String(b.VDI));
  if (vdi && vdi.managed === false) throw new XapiError('VDI_NOT_MANAGED', [String(ref)]);
  const sharing = vbdSharingError(sim, String(ref));
  if (sharing) throw sharing;
  if (vm.domain_type === 'hvm' && b.type === 'Disk' && b.mode === 'RO') throw new XapiError('DISK_VBD_MUST_BE_READWRITE_FOR_HVM', [String(ref)]);
  await sim.work(ctx, Math.round(sim.durationMs(ctx) / 4));
  sim.db.update('VBD', String(ref), { currently_attached: true, device: b.device ? b.device : linuxDevice(String(b.userdevice)) });
  afterVbd(sim, String(ref));
  return '';
};

const unplug: Handler = async (ctx, [ref]) => {
  const { sim } = ctx;
  const { b, vm, vmRef } = vbdCtx(ctx, ref);
  if (vm.power_state !== 'Running') throw new XapiError('VM_BAD_POWER_STATE', [vmRef, 'running', String(vm.power_state).toLowerCase()]);
  if (b.currently_attached !== true && b.reserved !== true) throw new XapiError('DEVICE_ALREADY_DETACHED', [String(ref)]);
  if (b.unpluggable === false) throw new XapiError('VBD_NOT_UNPLUGGABLE', [String(ref)]);
  assertVmNotBusy(vm, vmRef);
  if (hvmWithoutDrivers(sim, vm)) throw new XapiError('VM_MISSING_PV_DRIVERS', [vmRef]);
  if (b.type === 'CD' && vm.domain_type === 'hvm') throw new XapiError('OPERATION_NOT_ALLOWED', ['HVM CDROMs cannot be hotplugged/unplugged, only inserted or ejected']);
  await sim.work(ctx, Math.round(sim.durationMs(ctx) / 4));
  sim.db.update('VBD', String(ref), { currently_attached: false });
  afterVbd(sim, String(ref));
  return '';
};

function mediaChecks(b: Rec, vm: Rec, vmRef: string, ref: string, inserting: boolean): void {
  if (b.type !== 'CD') throw new XapiError('VBD_NOT_REMOVABLE_MEDIA', [ref]);
  if (vm.power_state === 'Suspended') throw new XapiError('VM_BAD_POWER_STATE', [vmRef, 'halted, running', 'suspended']);
  if (inserting && !b.empty) throw new XapiError('VBD_NOT_EMPTY', [ref]);
  if (!inserting && b.empty) throw new XapiError('VBD_IS_EMPTY', [ref]);
}

const insert: Handler = async (ctx, [ref, vdiRef]) => {
  const { sim } = ctx;
  const { b, vm, vmRef } = vbdCtx(ctx, ref);
  mediaChecks(b, vm, vmRef, String(ref), true);
  const vdi = rowOf(ctx, 'VDI', vdiRef);
  if (vdi.managed === false) throw new XapiError('VDI_NOT_MANAGED', [String(ref)]);
  await sim.work(ctx, Math.round(sim.durationMs(ctx) / 4));
  const live = vm.power_state === 'Running';
  sim.db.update('VBD', String(ref), { VDI: String(vdiRef), empty: false, ...(live ? { currently_attached: true, device: b.device || linuxDevice(String(b.userdevice)) } : {}) });
  afterVbd(sim, String(ref));
  return '';
};

const eject: Handler = async (ctx, [ref]) => {
  const { sim } = ctx;
  const { b, vm, vmRef } = vbdCtx(ctx, ref);
  mediaChecks(b, vm, vmRef, String(ref), false);
  await sim.work(ctx, Math.round(sim.durationMs(ctx) / 4));
  const old = String(b.VDI);
  // HVM: the emulator changes media, the VBD stays attached; PV: unplug then empty.
  sim.db.update('VBD', String(ref), { VDI: NULL_REF, empty: true, ...(vm.domain_type === 'hvm' ? {} : { currently_attached: false }) });
  afterVbd(sim, String(ref));
  if (!isNullRef(old)) refreshVdiAllowed(sim, old);
  return '';
};

const vbdDestroy: Handler = (ctx, [ref]) => {
  const { b, vm } = vbdCtx(ctx, ref);
  if (b.currently_attached === true || b.reserved === true) {
    // A suspended VM's devices stay attached in the record but no domain holds them.
    if (vm.power_state !== 'Suspended' && vm.power_state !== 'Halted') throw new XapiError('OPERATION_NOT_ALLOWED', [`VBD '${String(b.uuid)}' still attached to '${String(vm.uuid)}'`]);
  }
  deleteVbd(ctx.sim, String(ref));
  return '';
};

// ---------- VDI handlers ----------
const vdiCreate: Handler = (ctx, [record]) => {
  const { sim } = ctx;
  const r = record as Rec;
  const sr = String(r.SR);
  if (!sim.db.get('SR', sr)) throw new XapiError('HANDLE_INVALID', ['SR', sr]);
  if (r.type === 'cbt_metadata') throw new XapiError('VDI_INCOMPATIBLE_TYPE', ['', 'CBT metadata']);
  const srRec = assertSrOp(sim, sr, 'vdi_create');
  const size = Number(r.virtual_size ?? 0);
  if (size < 0) throw new XapiError('SR_BACKEND_FAILURE_79', ['', 'VDI Invalid size', '']);
  const phys = allocated(srRec, size);
  assertSpace(sim, sr, phys);
  const ref = newVdi(sim, sr, {
    name_label: String(r.name_label ?? ''), name_description: String(r.name_description ?? ''), type: String(r.type ?? 'user'),
    virtual_size: size, physical_utilisation: phys, sharable: r.sharable === true, read_only: r.read_only === true,
    other_config: { ...((r.other_config ?? {}) as Rec) }, xenstore_data: { ...((r.xenstore_data ?? {}) as Rec) },
    sm_config: { ...((r.sm_config ?? {}) as Rec), vdi_type: 'vhd' }, tags: [...((r.tags ?? []) as string[])],
  });
  srAccount(sim, sr, size, phys);
  return ref;
};

function withVdiOp<T>(sim: Sim, ctx: CallCtx, vdi: string, op: string, fn: () => Promise<T>): Promise<T> {
  return withCurrentOp(sim.db, 'VDI', vdi, ctx.task ?? `sync-${op}`, op, () => refreshVdiAllowed(sim, vdi), fn);
}

const resize = (online: boolean): Handler => async (ctx, [ref, size]) => {
  const { sim } = ctx;
  const vdi = String(ref);
  const v = rowOf(ctx, 'VDI', vdi);
  const sr = String(v.SR);
  if (!srHasPlugged(sim, sr)) throw new XapiError('SR_HAS_NO_PBDS', [sr]);
  const attached = ((v.VBDs as string[]) ?? []).some((b) => { const x = sim.db.get('VBD', b); return x && (x.currently_attached === true || x.reserved === true); });
  if (!online && attached) throw new XapiError('VDI_IN_USE', [vdi, 'resize']);
  assertNotHaFile(sim, vdi, v);
  assertSrOp(sim, sr, 'vdi_resize');
  const n = Number(size);
  const old = Number(v.virtual_size);
  if (n < old) throw new XapiError('SR_BACKEND_FAILURE_79', ['', 'VDI Invalid size', '']);
  const thick = THICK.has(String(sim.db.get('SR', sr)?.type));
  if (thick) assertSpace(sim, sr, n - old);
  await withVdiOp(sim, ctx, vdi, online ? 'resize_online' : 'resize', () => sim.work(ctx, Math.round(sim.durationMs(ctx) / 2)));
  sim.db.update('VDI', vdi, { virtual_size: n, ...(thick ? { physical_utilisation: Number(v.physical_utilisation) + n - old } : {}) });
  srAccount(sim, sr, n - old, thick ? n - old : 0);
  return '';
};

const snapOrClone = (snapshot: boolean): Handler => async (ctx, [ref]) => {
  const { sim } = ctx;
  const vdi = String(ref);
  rowOf(ctx, 'VDI', vdi);
  return withVdiOp(sim, ctx, vdi, snapshot ? 'snapshot' : 'clone', async () => {
    await sim.work(ctx, Math.round(sim.durationMs(ctx) / 2));
    return vdiSnapshotOrClone(sim, vdi, snapshot);
  });
};

const copy: Handler = async (ctx, [ref, sr, _base, into]) => {
  const { sim } = ctx;
  const vdi = String(ref);
  rowOf(ctx, 'VDI', vdi);
  const intoRef = isNullRef(into) || !sim.db.get('VDI', String(into)) ? NULL_REF : String(into);
  if (intoRef === NULL_REF && !sim.db.get('SR', String(sr))) throw new XapiError('HANDLE_INVALID', ['SR', String(sr)]);
  vdiCopy(sim, vdi, String(sr), intoRef, true); // every check before any time passes
  return withVdiOp(sim, ctx, vdi, 'copy', async () => {
    await sim.work(ctx, sim.durationMs(ctx));
    return vdiCopy(sim, vdi, String(sr), intoRef);
  });
};

const forget: Handler = (ctx, [ref]) => {
  const { sim } = ctx;
  const vdi = String(ref);
  const v = rowOf(ctx, 'VDI', vdi);
  if (v.type === 'rrd') throw new XapiError('VDI_HAS_RRDS', [vdi]);
  assertNotHaFile(sim, vdi, v);
  // Dangling VBDs: CDs become empty, disks are garbage-collected.
  for (const b of [...((v.VBDs as string[]) ?? [])]) {
    const r = sim.db.get('VBD', b);
    if (!r) continue;
    if (r.type === 'CD') { sim.db.update('VBD', b, { VDI: NULL_REF, empty: true }); refreshVbdAllowed(sim, b); } else deleteVbd(sim, b);
  }
  sim.db.delete('VDI', vdi);
  srAccount(sim, String(v.SR), -Number(v.virtual_size), 0);
  return '';
};

const introduce: Handler = (ctx, args) => {
  const { sim } = ctx;
  const [uuid, name_label, name_description, SR, type, sharable, read_only, other_config, location, xenstore_data, sm_config, managed,
    virtual_size, physical_utilisation, metadata_of_pool, is_a_snapshot, snapshot_time, snapshot_of] = args;
  const sr = String(SR);
  if (!sim.db.get('SR', sr)) throw new XapiError('HANDLE_INVALID', ['SR', sr]);
  const clash = [...sim.db.table('VDI').values()].find((r) => r.rec.SR === sr && r.rec.location === location && r.rec.uuid !== uuid);
  if (clash) throw new XapiError('LOCATION_NOT_UNIQUE', [sr, String(location)]);
  const existing = uuid ? sim.db.findByUuid('VDI', String(uuid)) : undefined;
  if (existing) return existing; // introducing a known VDI again is idempotent
  const ref = newVdi(sim, sr, {
    ...(uuid ? { uuid } : {}), name_label, name_description, type, sharable, read_only, other_config, location, xenstore_data, sm_config,
    managed, virtual_size, physical_utilisation, metadata_of_pool, is_a_snapshot, snapshot_time: is_a_snapshot ? snapshot_time : EPOCH, snapshot_of,
  });
  srAccount(sim, sr, Number(virtual_size), 0); // the data is already there: only the allocation is counted
  return ref;
};

const update: Handler = (ctx, [ref]) => {
  const v = rowOf(ctx, 'VDI', ref);
  if (!srHasPlugged(ctx.sim, String(v.SR))) throw new XapiError('SR_HAS_NO_PBDS', [String(v.SR)]);
  ctx.sim.db.touch('VDI', String(ref));
  return '';
};

/** VDI.pool_migrate(vdi, sr, options) → the new VDI (xapi's message_forwarding + Xapi_vm_migrate.
 * vdi_pool_migrate): a VDI no VBD uses → VDI_NEEDS_VM_FOR_MIGRATE [vdi]; the VM of its first VBD must
 * allow migrate_send; cbt_metadata → VDI_INCOMPATIBLE_TYPE [vdi, "CBT metadata"]; CBT on →
 * VDI_CBT_ENABLED [vdi]. The destination host is the VM's own (resident_on when it runs) when that
 * host sees every SR the VM's disks will be on, else a host that does (none → NO_HOSTS_AVAILABLE []).
 * Then VM.migrate_send(live) with every other disk mapped to its own SR: the disk is mirrored to `sr`
 * (same content, size, names; SR space checked there, SR_BACKEND_FAILURE_44), the VM's VBD points at
 * the copy and the source VDI is destroyed. Returns the VBD's new VDI. */
const vdiPoolMigrate: Handler = async (ctx, [ref, srRef]) => {
  const { sim } = ctx;
  const { db } = sim;
  const vdi = String(ref);
  const v = rowOf(ctx, 'VDI', vdi);
  const sr = String(srRef);
  rowOf(ctx, 'SR', sr);
  const vbds = ((v.VBDs as string[]) ?? []).filter((b) => db.get('VBD', b));
  if (vbds.length === 0) throw new XapiError('VDI_NEEDS_VM_FOR_MIGRATE', [vdi]);
  const vmRef = String(db.get('VBD', vbds[0])!.VM);
  const opErr = vmOpError(db, vmRef, 'migrate_send', false);
  if (opErr && opErr.code !== 'OTHER_OPERATION_IN_PROGRESS') throw opErr;
  if (v.type === 'cbt_metadata') throw new XapiError('VDI_INCOMPATIBLE_TYPE', [vdi, 'CBT metadata']);
  if (v.cbt_enabled === true) throw new XapiError('VDI_CBT_ENABLED', [vdi]);
  const vm = db.get('VM', vmRef)!;
  const vbd = vbds.find((b) => db.get('VBD', b)!.VM === vmRef)!;
  // Every other disk of the VM stays on its SR.
  const map: Record<string, string> = {};
  for (const b of (vm.VBDs as string[]) ?? []) {
    const r = db.get('VBD', b);
    if (!r || r.empty === true || isNullRef(r.VDI) || !db.get('VDI', String(r.VDI))) continue;
    const own = db.get('VDI', String(r.VDI))!;
    if (isIsoSr(db.get('SR', String(own.SR)))) continue;
    map[String(r.VDI)] = String(own.SR);
  }
  map[vdi] = sr;
  const sees = (host: string) => Object.values(map).every((s) => ((db.get('SR', s)?.PBDs as string[]) ?? [])
    .some((p) => { const pbd = db.get('PBD', p); return pbd?.host === host && pbd.currently_attached === true; }));
  const live = vm.power_state === 'Running' || vm.power_state === 'Paused';
  const own = live ? String(vm.resident_on) : isNullRef(vm.scheduled_to_be_resident_on) ? String(sim.coordinator()) : String(vm.scheduled_to_be_resident_on);
  const host = sees(own) ? own : [...db.table('host').keys()].find(sees);
  if (!host) throw new XapiError('NO_HOSTS_AVAILABLE', []);
  const h = db.get('host', host)!;
  const mgmt = ((h.PIFs as string[]) ?? []).map((p) => db.get('PIF', p)).find((p) => p?.management === true);
  if (!mgmt) throw new XapiError('HOST_HAS_NO_MANAGEMENT_IP', []);
  const receive = sim.handlers.get('host.migrate_receive');
  const send = sim.handlers.get('VM.migrate_send');
  if (!receive || !send) throw new XapiError('NOT_IMPLEMENTED', ['VDI.pool_migrate']);
  const dest = await receive(ctx, [host, String(mgmt.network), {}]);
  await send(ctx, [vmRef, dest, true, map, {}, {}, {}]);
  return String(db.get('VBD', vbd)?.VDI ?? NULL_REF);
};

/** VM.get_allowed_VBD_devices: the disk slots 0..254 (a control domain 0..255) that no VBD of the VM
 * uses, as xapi's allowed_VBD_devices lists them (xapi_vm_helpers.ml). */
const allowedVbdDevices: Handler = (ctx, [vm]) => {
  const rec = rowOf(ctx, 'VM', vm);
  const used = new Set(((rec.VBDs as string[]) ?? []).map((b) => ctx.sim.db.get('VBD', b)).filter((b): b is Rec => !!b)
    .flatMap((b) => [slotOf(String(b.userdevice)), slotOf(String(b.device))]).filter((n): n is number => n !== undefined));
  const last = rec.is_control_domain ? 255 : 254;
  return Array.from({ length: last + 1 }, (_, i) => i).filter((i) => !used.has(i)).map(String);
};

const storageHandlers: Record<string, Handler> = {
  'VM.get_allowed_VBD_devices': allowedVbdDevices,
  'VDI.create': vdiCreate,
  'VDI.destroy': async (ctx, [ref]) => { rowOf(ctx, 'VDI', ref); await ctx.sim.work(ctx, Math.round(ctx.sim.durationMs(ctx) / 4)); vdiDestroy(ctx.sim, String(ref)); return ''; },
  'VDI.forget': forget,
  'VDI.introduce': introduce,
  'VDI.update': update,
  'VDI.resize': resize(false),
  'VDI.resize_online': resize(true),
  'VDI.snapshot': snapOrClone(true),
  'VDI.clone': snapOrClone(false),
  'VDI.copy': copy,
  'VDI.pool_migrate': vdiPoolMigrate,
  'VBD.create': (ctx, [record]) => vbdCreate(ctx.sim, record as Rec),
  'VBD.destroy': vbdDestroy,
  // SEMANTICS.md 9.2: the mode of a disk changes only while its VM is down.
  'VBD.set_mode': (ctx, [ref, mode]) => {
    const { vm, vmRef } = vbdCtx(ctx, ref);
    if (vm.power_state !== 'Halted') throw new XapiError('VM_BAD_POWER_STATE', [vmRef, 'halted', String(vm.power_state).toLowerCase()]);
    ctx.sim.db.update('VBD', String(ref), { mode });
    afterVbd(ctx.sim, String(ref));
    return '';
  },
  'VBD.plug': plug,
  'VBD.unplug': unplug,
  'VBD.unplug_force': unplug,
  'VBD.insert': insert,
  'VBD.eject': eject,
  'VBD.pause': (ctx, [ref]) => { const b = rowOf(ctx, 'VBD', ref); const vdi = ctx.sim.db.get('VDI', String(b.VDI)); throw new XapiError('SR_OPERATION_NOT_SUPPORTED', [String(vdi?.SR ?? NULL_REF)]); },
  'VBD.unpause': (ctx, [ref]) => { const b = rowOf(ctx, 'VBD', ref); const vdi = ctx.sim.db.get('VDI', String(b.VDI)); throw new XapiError('SR_OPERATION_NOT_SUPPORTED', [String(vdi?.SR ?? NULL_REF)]); },
};

/** Every operation above runs inside a task when called synchronously, but these quick calls. */
export const storageMethods: MethodModule = operations(storageHandlers, [
  'VM.get_allowed_VBD_devices',
  'VBD.set_mode',
]);
