// VM clone, copy, snapshot, checkpoint, revert, provision, create, destroy and the small VM calls
// (SEMANTICS.md 3, 2.8, 9.4): new records by the rules of 3.1-3.2, disks through the VDI
// primitives (visible subtasks Async.VDI.clone|copy|snapshot), messages of 0.5.
import { createHash, randomUUID } from 'node:crypto';
import { refreshVmAllowed, vmOpError } from '../allowed-ops';
import { withCurrentOp } from '../current-ops';
import { isNullRef } from '../db';
import { EPOCH, NULL_REF, type Rec } from '../fields';
import { nowDatetime, type CallCtx, type Handler, type Sim } from '../sim';
import { XapiError } from '../xapi-error';
import { classInfo } from '../../shared/xapi/model';
import { coerce } from '../params';
import { parseXml, toXml, valueOf } from '../xmlrpc-codec';
import { rowOf } from './generic';
import { deleteVbd, inSubtask, refreshDevicesOf, refreshVbdAllowed, refreshVdiAllowed, vdiCopy, vdiDestroy, vdiSnapshotOrClone, vbdCreate } from './storage';
import { becomeHalted, message, suspendSr, withVmOp } from './vm-power';
import { assertNewVmPreservesPlan } from '../ha-plan';
import { memoryOverhead } from '../memory-overhead';
import { refreshHostMemory } from '../boot-checks';
import { operations, type MethodModule } from '../method-module';
import { poolRec } from '../pool-state';

export { memoryOverhead };

const MiB = 1024 ** 2;

/** §9.4: the MAC of VIF `device` of a VM with this mac_seed. */
export function macFor(seed: string, device: number): string {
  let h = createHash('md5').update(seed).digest();
  for (let i = 1; i < 2 * device + 1; i++) h = createHash('md5').update(h).digest();
  const g = createHash('md5').update(h).digest();
  const b = [h[0], h[1], h[2], h[3], g[1], g[2]];
  b[0] = (b[0] | 0x02) & ~0x01;
  return b.map((x) => x.toString(16).padStart(2, '0')).join(':');
}


// ---------- record copy (§3.1) ----------
const NOT_COPIED = new Set(['uuid', 'VBDs', 'VIFs', 'consoles', 'snapshots', 'children', 'crash_dumps', 'VGPUs', 'VTPMs', 'VUSBs',
  'attached_PCIs', 'current_operations', 'allowed_operations', 'metrics', 'guest_metrics']);

type Kind = 'clone' | 'copy' | 'snapshot' | 'checkpoint';

function newVmRecord(sim: Sim, srcRef: string, name: string, kind: Kind, power: string): string {
  const { db } = sim;
  const src = db.get('VM', srcRef)!;
  const values: Rec = {};
  for (const [k, v] of Object.entries(src)) if (!NOT_COPIED.has(k)) values[k] = structuredClone(v);
  const other = { ...((src.other_config ?? {}) as Record<string, string>) };
  if (kind === 'clone' || kind === 'copy') other.mac_seed = randomUUID();
  delete other.default_template;
  delete other.xensource_internal;
  if (src.is_a_template && !src.is_a_snapshot && !('base_template_name' in other)) other.base_template_name = String(src.name_label);
  const snap = kind === 'snapshot' || kind === 'checkpoint';
  const oldMetrics = db.get('VM_metrics', String(src.metrics));
  const metrics = db.create('VM_metrics', oldMetrics ? (({ uuid: _u, ...rest }) => structuredClone(rest))(oldMetrics) : {});
  const oldGuest = db.get('VM_guest_metrics', String(src.guest_metrics));
  const guest = oldGuest ? db.create('VM_guest_metrics', (({ uuid: _u, ...rest }) => structuredClone(rest))(oldGuest)) : NULL_REF;
  Object.assign(values, {
    name_label: name, other_config: other, blocked_operations: {}, is_default_template: false, ha_always_run: false,
    resident_on: NULL_REF, scheduled_to_be_resident_on: NULL_REF, domid: -1, protection_policy: NULL_REF, snapshot_schedule: NULL_REF,
    appliance: NULL_REF, suspend_SR: NULL_REF, start_delay: 0, shutdown_delay: 0, order: 0, version: 0, requires_reboot: false,
    generation_id: snap ? src.generation_id : `${Date.now()}:${Math.floor(Math.random() * 1e9)}`, metrics, guest_metrics: guest,
    power_state: power, suspend_VDI: NULL_REF, current_operations: {},
  });
  if (snap) {
    Object.assign(values, {
      is_a_snapshot: true, is_a_template: true, snapshot_of: srcRef, snapshot_time: nowDatetime(), transportable_snapshot_id: '',
      snapshot_info: { 'power-state-at-snapshot': String(src.power_state), 'disk-snapshot-type': 'crash_consistent' },
      snapshot_metadata: toXml(src, 'VM record'), parent: src.parent,
    });
  } else {
    Object.assign(values, { is_a_template: src.is_a_template, is_a_snapshot: false, snapshot_of: NULL_REF, snapshot_time: EPOCH, snapshot_info: {}, snapshot_metadata: '', parent: NULL_REF });
  }
  return db.create('VM', values);
}

function copyVif(sim: Sim, vifRef: string, vmRef: string, keepMac: boolean): void {
  const v = sim.db.get('VIF', vifRef)!;
  const seed = String(((sim.db.get('VM', vmRef)!.other_config ?? {}) as Rec).mac_seed ?? '');
  const metrics = sim.db.create('VIF_metrics', { io_read_kbs: 0, io_write_kbs: 0, last_updated: nowDatetime(), other_config: {} });
  const { uuid: _u, ...rest } = v;
  sim.db.create('VIF', {
    ...structuredClone(rest), VM: vmRef, metrics, current_operations: {}, allowed_operations: ['attach'], reserved: false,
    currently_attached: false, MAC: keepMac ? v.MAC : seed ? macFor(seed, Number(v.device) || 0) : '', MAC_autogenerated: keepMac ? v.MAC_autogenerated : true,
  });
}

function copyVbd(sim: Sim, vbdRef: string, vmRef: string, vdi: string, keepAttached: boolean): string {
  const b = sim.db.get('VBD', vbdRef)!;
  const { uuid: _u, ...rest } = b;
  const other = { ...((b.other_config ?? {}) as Rec) };
  if (b.type === 'Disk' && !('owner' in other)) other.owner = '';
  const metrics = sim.db.create('VBD_metrics', { io_read_kbs: 0, io_write_kbs: 0, last_updated: nowDatetime(), other_config: {} });
  const ref = sim.db.create('VBD', {
    ...structuredClone(rest), VM: vmRef, VDI: vdi, other_config: other, metrics, current_operations: {}, reserved: false,
    currently_attached: keepAttached ? b.currently_attached : false,
  });
  refreshVbdAllowed(sim, ref);
  if (!isNullRef(vdi)) refreshVdiAllowed(sim, vdi);
  return ref;
}

interface CopyOpts { kind: Kind; sr?: string; ignore?: string[]; power: string; suspendVdi?: string }

/** The shared clone/copy/snapshot/checkpoint path: record, disks (one subtask each), VIFs. */
async function copyVm(ctx: CallCtx, srcRef: string, name: string, o: CopyOpts): Promise<string> {
  const { sim } = ctx;
  const { db } = sim;
  const src = db.get('VM', srcRef)!;
  const vbds = ((src.VBDs as string[]) ?? []).map((r) => [r, db.get('VBD', r)!] as const).filter(([, b]) => !!b);
  const disks = vbds.filter(([, b]) => !b.empty && b.type !== 'CD' && !(o.ignore ?? []).includes(String(b.VDI)));
  // ISO target check before anything is created.
  if (o.kind === 'copy' && o.sr && db.get('SR', o.sr)?.content_type === 'iso') throw new XapiError('OPERATION_NOT_ALLOWED', ["Cannot copy a VM's disks to an ISO SR"]);
  const created: string[] = [];
  const newRef = newVmRecord(sim, srcRef, name, o.kind, o.power);
  db.update('VM', newRef, { current_operations: { [ctx.task ?? `sync-${o.kind}`]: o.kind } });
  try {
    const label = o.kind === 'clone' ? 'Async.VDI.clone' : o.kind === 'copy' ? 'Async.VDI.copy' : 'Async.VDI.snapshot';
    const steps = disks.length + (o.suspendVdi ? 1 : 0) || 1;
    const each = sim.durationMs(ctx) / steps;
    let done = 0;
    const copyDisk = async (vdi: string): Promise<string> => {
      const out = await inSubtask(ctx, label, async () => {
        await sim.work(ctx, each, done / steps, (done + 1) / steps * 0.99);
        if (o.kind === 'clone') return vdiSnapshotOrClone(sim, vdi, false);
        if (o.kind === 'copy') {
          const target = o.sr && db.get('SR', o.sr) ? o.sr : String(db.get('VDI', vdi)!.SR);
          return vdiCopy(sim, vdi, target);
        }
        return vdiSnapshotOrClone(sim, vdi, true);
      });
      done++;
      created.push(out);
      return out;
    };
    for (const [vbdRef, b] of vbds) {
      if ((o.ignore ?? []).includes(String(b.VDI)) && !b.empty) continue;
      if (b.empty) copyVbd(sim, vbdRef, newRef, NULL_REF, false);
      else if (b.type === 'CD') copyVbd(sim, vbdRef, newRef, String(b.VDI), false);
      else copyVbd(sim, vbdRef, newRef, await copyDisk(String(b.VDI)), o.power === 'Suspended');
    }
    if (o.suspendVdi) db.update('VM', newRef, { suspend_VDI: await copyDisk(o.suspendVdi) });
    if (disks.length === 0 && !o.suspendVdi) await sim.work(ctx, sim.durationMs(ctx));
    const keepMac = o.kind === 'snapshot' || o.kind === 'checkpoint';
    for (const vif of (src.VIFs as string[]) ?? []) if (db.get('VIF', vif)) copyVif(sim, vif, newRef, keepMac);
  } catch (e) {
    for (const v of created) if (db.get('VDI', v)) { try { vdiDestroy(sim, v); } catch { db.delete('VDI', v); } }
    destroyRecord(sim, newRef);
    throw e;
  }
  db.update('VM', newRef, { current_operations: {} });
  refreshVmAllowed(db, newRef);
  refreshDevicesOf(sim, newRef);
  return newRef;
}

/** VM.destroy's effect (§3.6): the record and its devices, never a VDI. */
export function destroyRecord(sim: Sim, vmRef: string): void {
  const { db } = sim;
  const vm = db.get('VM', vmRef);
  if (!vm) return;
  for (const b of [...((vm.VBDs as string[]) ?? [])]) deleteVbd(sim, b);
  for (const v of [...((vm.VIFs as string[]) ?? [])]) {
    const r = db.get('VIF', v);
    if (r && db.get('VIF_metrics', String(r.metrics))) db.delete('VIF_metrics', String(r.metrics));
    db.delete('VIF', v);
  }
  for (const cls of ['VGPU', 'VUSB', 'VTPM', 'console'] as const) {
    const field = cls === 'console' ? 'consoles' : `${cls}s`;
    for (const r of [...((vm[field] as string[]) ?? [])]) db.delete(cls, r);
  }
  if (db.get('VM_metrics', String(vm.metrics))) db.delete('VM_metrics', String(vm.metrics));
  if (db.get('VM_guest_metrics', String(vm.guest_metrics))) db.delete('VM_guest_metrics', String(vm.guest_metrics));
  for (const c of [...((vm.children as string[]) ?? [])]) if (db.get('VM', c)) db.update('VM', c, { parent: vm.parent });
  db.delete('VM', vmRef);
}

// ---------- handlers ----------
const clone = (kind: 'clone' | 'copy'): Handler => async (ctx, args) => {
  const vmRef = String(args[0]);
  const sr = kind === 'copy' ? String(args[2]) : undefined;
  let out = '';
  await withVmOp(ctx, vmRef, kind, async (vm) => {
    out = await copyVm(ctx, vmRef, String(args[1]), { kind, sr, power: vm.power_state === 'Suspended' ? 'Suspended' : 'Halted', suspendVdi: vm.power_state === 'Suspended' && !isNullRef(vm.suspend_VDI) ? String(vm.suspend_VDI) : undefined });
  });
  return out;
};

function linkSnapshot(sim: Sim, vmRef: string, snap: string): void {
  // snap.parent = the VM's old parent (set by newVmRecord); the VM's parent is now the snapshot.
  sim.db.update('VM', vmRef, { parent: snap });
}

const snapshot: Handler = async (ctx, [vm, name, ignore]) => {
  const vmRef = String(vm);
  let out = '';
  await withVmOp(ctx, vmRef, 'snapshot', async () => {
    assertNoResetDisks(ctx.sim, vmRef);
    out = await copyVm(ctx, vmRef, String(name), { kind: 'snapshot', ignore: (ignore as string[]) ?? [], power: 'Halted' });
    linkSnapshot(ctx.sim, vmRef, out);
    message(ctx.sim, vmRef, 'VM_SNAPSHOTTED', `snapshotted, snapshot name: ${String(name)}`);
  });
  return out;
};

function assertNoResetDisks(sim: Sim, vmRef: string): void {
  for (const b of (sim.db.get('VM', vmRef)?.VBDs as string[]) ?? []) {
    const vdi = sim.db.get('VDI', String(sim.db.get('VBD', b)?.VDI));
    if (vdi && vdi.on_boot === 'reset') throw new XapiError('VDI_ON_BOOT_MODE_INCOMPATIBLE_WITH_OPERATION', []);
  }
}

const checkpoint: Handler = async (ctx, [vm, name]) => {
  const vmRef = String(vm);
  const { sim } = ctx;
  let out = '';
  await withVmOp(ctx, vmRef, 'checkpoint', async (rec) => {
    assertNoResetDisks(sim, vmRef);
    const power = String(rec.power_state);
    let tmpSuspend: string | undefined;
    if (power === 'Running') {
      // Suspend image of the live VM (§2.4 sizes), snapshotted with the disks, then dropped.
      const sr = suspendSr(sim, vmRef);
      const size = Math.round(Number(rec.memory_static_max) * 1.2 * 1.05) + 100 * MiB;
      tmpSuspend = sim.db.create('VDI', {
        name_label: 'Suspend image', name_description: 'Suspend image', SR: sr, type: 'suspend', sharable: false, read_only: false,
        virtual_size: size, physical_utilisation: size, sm_config: { vmhint: String(rec.uuid), initial_allocation: String(size) }, managed: true, location: randomUUID(),
      });
    }
    const suspendVdi = power === 'Running' ? tmpSuspend : power === 'Suspended' && !isNullRef(rec.suspend_VDI) ? String(rec.suspend_VDI) : undefined;
    try {
      out = await copyVm(ctx, vmRef, String(name), { kind: 'checkpoint', power: power === 'Paused' ? 'Halted' : 'Suspended', suspendVdi });
    } finally {
      if (tmpSuspend && sim.db.get('VDI', tmpSuspend)) sim.db.delete('VDI', tmpSuspend);
    }
    if (power === 'Running') sim.db.update('VM', vmRef, { domid: sim.domid++ }); // resumed: a new domain
    linkSnapshot(sim, vmRef, out);
    message(sim, vmRef, 'VM_CHECKPOINTED', `checkpointed, snapshot name: ${String(name)}`);
  });
  return out;
};

const RESTORE_SKIP = new Set(['uuid', 'power_state', 'suspend_VDI', 'parent', 'current_operations', 'allowed_operations', 'metrics', 'guest_metrics',
  'resident_on', 'domid', 'protection_policy', 'snapshot_schedule', 'scheduled_to_be_resident_on', 'snapshots', 'tags', 'affinity', 'groups',
  'consoles', 'VBDs', 'VIFs', 'VGPUs', 'VUSBs', 'VTPMs', 'attached_PCIs', 'children', 'crash_dumps',
  'is_a_snapshot', 'is_a_template', 'snapshot_of', 'snapshot_time', 'snapshot_info', 'snapshot_metadata', 'transportable_snapshot_id', 'name_label', 'name_description', 'other_config']);

/** The VM record a snapshot was taken from (snapshot_metadata, an XML-RPC struct), if readable. */
function metadataOf(s: Rec): Rec | undefined {
  const text = String(s.snapshot_metadata ?? '');
  if (!text.startsWith('<value>')) return undefined;
  try {
    const node = parseXml(text).children[0];
    return node ? (coerce('VM record', valueOf(node)) as Rec) : undefined;
  } catch { return undefined; }
}

const revert: Handler = async (ctx, [snap]) => {
  const snapRef = String(snap);
  const { sim } = ctx;
  const { db } = sim;
  await withVmOp(ctx, snapRef, 'revert', async (s) => {
    const vmRef = String(s.snapshot_of);
    if (!db.get('VM', vmRef)) throw new XapiError('VM_REVERT_FAILED', [snapRef, vmRef]);
    await withVmOp(ctx, vmRef, 'reverting', async (vm) => {
      await sim.work(ctx, sim.durationMs(ctx) / 2, 0.1, 0.5);
      if (vm.power_state !== 'Halted') becomeHalted(sim, vmRef);
      const patch: Rec = {};
      const meta = metadataOf(s);
      if (meta) {
        for (const [k, v] of Object.entries(meta)) if (!RESTORE_SKIP.has(k) && classInfo('VM')!.fields.has(k)) patch[k] = v;
        for (const k of ['name_label', 'name_description', 'other_config']) if (k in meta) patch[k] = meta[k];
      } else {
        for (const [k, v] of Object.entries(s)) if (!RESTORE_SKIP.has(k)) patch[k] = structuredClone(v);
      }
      patch.ha_always_run = false;
      patch.is_a_template = false;
      patch.is_a_snapshot = false;
      db.update('VM', vmRef, patch);
      // Disks: clone each snapshot disk, replace the VM's disk it was taken from.
      const vmVbds = ((db.get('VM', vmRef)!.VBDs as string[]) ?? []).map((r) => [r, db.get('VBD', r)!] as const).filter(([, b]) => !!b);
      const snapVbds = ((s.VBDs as string[]) ?? []).map((r) => [r, db.get('VBD', r)!] as const).filter(([, b]) => !!b);
      for (const [vbdRef, b] of vmVbds) {
        if (b.type === 'CD') { deleteVbd(sim, vbdRef); continue; }
        if (b.empty) continue;
        const hasCounterpart = snapVbds.some(([, sb]) => db.get('VDI', String(sb.VDI))?.snapshot_of === b.VDI);
        deleteVbd(sim, vbdRef);
        if (hasCounterpart) {
          const oldVdi = String(b.VDI);
          const others = [...db.table('VDI')].filter(([, r]) => r.rec.snapshot_of === oldVdi).map(([r]) => r);
          const sv = snapVbds.find(([, sb]) => db.get('VDI', String(sb.VDI))?.snapshot_of === oldVdi)!;
          const clone = await inSubtask(ctx, 'Async.VDI.clone', () => vdiSnapshotOrClone(sim, String(sv[1].VDI), false));
          copyVbd(sim, sv[0], vmRef, clone, false);
          for (const o of others) db.update('VDI', o, { snapshot_of: clone });
          try { vdiDestroy(sim, oldVdi); } catch { /* kept when the backend refuses */ }
        }
      }
      for (const [vbdRef, sb] of snapVbds) {
        if (sb.type === 'CD' || sb.empty) copyVbd(sim, vbdRef, vmRef, sb.empty ? NULL_REF : String(sb.VDI), false);
      }
      for (const v of [...((db.get('VM', vmRef)!.VIFs as string[]) ?? [])]) db.delete('VIF', v);
      for (const v of (s.VIFs as string[]) ?? []) if (db.get('VIF', v)) copyVif(sim, v, vmRef, true);
      let power = 'Halted';
      if (s.power_state === 'Suspended' && !isNullRef(s.suspend_VDI) && db.get('VDI', String(s.suspend_VDI))) {
        const sv = await inSubtask(ctx, 'Async.VDI.clone', () => vdiSnapshotOrClone(sim, String(s.suspend_VDI), false));
        db.update('VM', vmRef, { suspend_VDI: sv });
        power = 'Suspended';
      }
      db.update('VM', vmRef, { parent: snapRef, power_state: power });
      await sim.work(ctx, sim.durationMs(ctx) / 2, 0.5, 0.99);
      refreshDevicesOf(sim, vmRef);
      message(sim, vmRef, 'VM_SNAPSHOT_REVERTED', `reverted to snapshot: ${String(s.name_label)} (uuid ${String(s.uuid)})`);
    });
  });
  return '';
};

interface DiskSpec { device: string; size: number; sr: string; bootable: boolean; type: string }
function parseDisks(xml: string): DiskSpec[] {
  const out: DiskSpec[] = [];
  const re = /<disk\b([^>]*?)\/?>/g;
  for (let m = re.exec(xml); m; m = re.exec(xml)) {
    const attrs: Record<string, string> = {};
    for (const a of m[1].matchAll(/([\w-]+)\s*=\s*"([^"]*)"/g)) attrs[a[1]] = a[2];
    out.push({ device: attrs.device ?? 'autodetect', size: Number(attrs.size ?? 0), sr: attrs.sr ?? '', bootable: attrs.bootable === 'true', type: attrs.type ?? 'system' });
  }
  return out;
}

const provision: Handler = async (ctx, [vm]) => {
  const vmRef = String(vm);
  const { sim } = ctx;
  const { db } = sim;
  await withVmOp(ctx, vmRef, 'provision', async (rec) => {
    if (ctx.task && db.get('task', ctx.task)) db.update('task', ctx.task, { progress: 0.1 });
    const other = { ...((rec.other_config ?? {}) as Record<string, string>) };
    const specs = other.disks ? parseDisks(other.disks) : [];
    const pool = [...db.table('pool').values()][0]?.rec;
    const made: { vdi: string; vbd: string }[] = [];
    try {
      for (const d of specs) {
        // sr="" (a template nobody rewrote) means the pool's default SR.
        const sr = d.sr === '' ? String(pool?.default_SR ?? NULL_REF) : db.findByUuid('SR', d.sr);
        if (!sr || !db.get('SR', sr)) throw new XapiError('UUID_INVALID', ['sr', d.sr]);
        const vdi = await inSubtask(ctx, 'Async.VDI.create', () => sim.handlers.get('VDI.create')!(ctx, [{
          name_label: '', name_description: 'Created by template provisioner', SR: sr, virtual_size: d.size, type: d.type === 'system' ? 'system' : 'user',
          sharable: false, read_only: false, other_config: {}, sm_config: { vmhint: String(rec.uuid) },
        }]) as string);
        const vbd = vbdCreate(sim, { VM: vmRef, VDI: vdi, userdevice: d.device, bootable: d.bootable, mode: 'RW', type: 'Disk', unpluggable: d.type !== 'system', empty: false, other_config: { owner: '' } });
        db.update('VDI', vdi, { name_label: String(db.get('VBD', vbd)!.userdevice) });
        made.push({ vdi, vbd });
      }
    } catch (e) {
      for (const m of made) { deleteVbd(sim, m.vbd); try { vdiDestroy(sim, m.vdi); } catch { db.delete('VDI', m.vdi); } }
      throw e;
    }
    await sim.work(ctx, sim.durationMs(ctx) / 2, 0.1, 0.99);
    delete other.disks;
    delete other.postinstall;
    let metrics = String(rec.metrics);
    if (!db.get('VM_metrics', metrics)) metrics = db.create('VM_metrics', { install_time: nowDatetime(), last_updated: nowDatetime() });
    else db.update('VM_metrics', metrics, { install_time: nowDatetime() });
    db.update('VM', vmRef, { other_config: other, is_a_template: false, metrics });
  });
  refreshVmAllowed(db, vmRef);
  return '';
};

const destroy: Handler = async (ctx, [vm]) => {
  const vmRef = String(vm);
  const err = vmOpError(ctx.sim.db, vmRef, 'destroy', false);
  if (err && err.code !== 'OTHER_OPERATION_IN_PROGRESS') throw err;
  await withVmOp(ctx, vmRef, 'destroy', async () => { await ctx.sim.work(ctx, Math.round(ctx.sim.durationMs(ctx) / 4)); });
  destroyRecord(ctx.sim, vmRef);
  return '';
};

const create: Handler = (ctx, [record]) => {
  const { db } = ctx.sim;
  const given = (record ?? {}) as Rec;
  const values: Rec = {};
  // Runtime fields are the server's; everything else may come from the record.
  for (const f of classInfo('VM')!.fields.values()) if (f.qualifier !== 'RO/runtime' && f.name in given) values[f.name] = structuredClone(given[f.name]);
  const other = { ...((given.other_config ?? {}) as Record<string, string>) };
  if (!other.mac_seed) other.mac_seed = randomUUID();
  const metrics = db.create('VM_metrics', { install_time: nowDatetime(), last_updated: nowDatetime(), VCPUs_number: Number(given.VCPUs_at_startup ?? 1) });
  const ref = db.create('VM', { ...values, other_config: other, power_state: 'Halted', domid: -1, metrics, resident_on: NULL_REF });
  db.update('VM', ref, { memory_overhead: memoryOverhead(db.get('VM', ref)!) });
  refreshVmAllowed(db, ref);
  return ref;
};

const running = (ctx: CallCtx, vmRef: string, op: string): void => {
  const err = vmOpError(ctx.sim.db, vmRef, op, false);
  if (err) throw err;
};

const lifecycleHandlers: Record<string, Handler> = {
  'VM.clone': clone('clone'),
  'VM.copy': clone('copy'),
  'VM.snapshot': snapshot,
  'VM.snapshot_with_quiesce': async (ctx, [vm]) => {
    const vmRef = String(vm);
    const err = vmOpError(ctx.sim.db, vmRef, 'snapshot_with_quiesce', false);
    throw err ?? new XapiError('VM_SNAPSHOT_WITH_QUIESCE_NOT_SUPPORTED', [vmRef]);
  },
  'VM.checkpoint': checkpoint,
  'VM.revert': revert,
  'VM.provision': provision,
  'VM.destroy': destroy,
  'VM.create': create,
  'VM.compute_memory_overhead': (ctx, [vm]) => memoryOverhead(rowOf(ctx, 'VM', vm)),
  'VM.maximise_memory': (ctx, [vm, total, approximate]) => {
    const rec = rowOf(ctx, 'VM', vm);
    const t = Number(total);
    // Largest static_max m with m + overhead(m) <= total (overhead grows with memory).
    let lo = 0, hi = t;
    while (hi - lo > 1) { const mid = Math.floor((lo + hi) / 2); if (mid + memoryOverhead({ ...rec, memory_static_max: mid }) <= t) lo = mid; else hi = mid; }
    return approximate === true ? Math.floor(lo / MiB) * MiB : lo;
  },
  'VM.send_sysrq': (ctx, [vm]) => { running(ctx, String(vm), 'send_sysrq'); return ''; },
  'VM.send_trigger': (ctx, [vm]) => { running(ctx, String(vm), 'send_trigger'); return ''; },
};

// ---------- memory and VCPUs (§4) ----------
function assertOp(ctx: CallCtx, vmRef: string, op: string): Rec {
  const err = vmOpError(ctx.sim.db, vmRef, op, false);
  if (err) throw err;
  return ctx.sim.db.get('VM', vmRef)!;
}

function setMemory(ctx: CallCtx, vmRef: string, op: string, next: { smin: number; smax: number; dmin: number; dmax: number }): string {
  const vm = assertOp(ctx, vmRef, op);
  const { smin, smax, dmin, dmax } = next;
  if (!(smin <= dmin && dmin <= dmax && dmax <= smax)) throw new XapiError('MEMORY_CONSTRAINT_VIOLATION_ORDER', []);
  if (vm.is_control_domain && !(dmin === dmax && dmax === smax)) throw new XapiError('MEMORY_CONSTRAINT_VIOLATION_MAXPIN', ['control domain']);
  if (vm.power_state === 'Running' && dmin > Number(vm.memory_dynamic_min) && !isNullRef(vm.resident_on)) {
    const host = ctx.sim.db.get('host', String(vm.resident_on));
    const metrics = host && ctx.sim.db.get('host_metrics', String(host.metrics));
    let free = Number(metrics?.memory_total ?? 0) - Number(host?.memory_overhead ?? 0);
    for (const row of ctx.sim.db.table('VM').values()) if (row.rec.resident_on === vm.resident_on) free -= Number(row.rec.memory_dynamic_min) + Number(row.rec.memory_overhead);
    const needed = dmin - Number(vm.memory_dynamic_min);
    if (needed > Math.max(0, free)) throw new XapiError('HOST_NOT_ENOUGH_FREE_MEMORY', [String(Math.ceil(needed / 1024)), String(Math.max(0, Math.floor(free / 1024)))]);
  }
  const patch: Rec = { memory_static_min: smin, memory_static_max: smax, memory_dynamic_min: dmin, memory_dynamic_max: dmax, memory_target: dmin };
  ctx.sim.db.update('VM', vmRef, patch);
  ctx.sim.db.update('VM', vmRef, { memory_overhead: memoryOverhead(ctx.sim.db.get('VM', vmRef)!) });
  if (vm.power_state === 'Running' && !isNullRef(vm.resident_on)) {
    // The balloon target is applied: the domain's memory moves into the new range (squeezed), and the
    // host's free memory follows the new dynamic minimum (§2.8).
    const m = ctx.sim.db.get('VM_metrics', String(vm.metrics));
    const actual = Number(m?.memory_actual ?? 0);
    const next = Math.min(dmax, Math.max(dmin, actual));
    if (m && next !== actual) ctx.sim.db.update('VM_metrics', String(vm.metrics), { memory_actual: next, last_updated: nowDatetime() });
    refreshHostMemory(ctx.sim, String(vm.resident_on));
  }
  refreshVmAllowed(ctx.sim.db, vmRef);
  return '';
}

const mem = (vm: Rec) => ({ smin: Number(vm.memory_static_min), smax: Number(vm.memory_static_max), dmin: Number(vm.memory_dynamic_min), dmax: Number(vm.memory_dynamic_max) });
/** An Async call keeps its op in the VM's current_operations until its task ends (xapi's
 * with_vm_operation in message_forwarding), so every client sees which VM the task is about. */
const memSetter = (op: string, f: (cur: ReturnType<typeof mem>, a: number[]) => ReturnType<typeof mem>): Handler => async (ctx, [vm, ...rest]) => {
  const rec = rowOf(ctx, 'VM', vm);
  const out = setMemory(ctx, String(vm), op, f(mem(rec), rest.map(Number)));
  if (ctx.async && ctx.task) {
    const { db } = ctx.sim;
    await withCurrentOp(db, 'VM', String(vm), ctx.task, op, () => refreshVmAllowed(db, String(vm)), () => ctx.sim.work(ctx, Math.round(ctx.sim.durationMs(ctx) / 4)));
  }
  return out;
};
const VCPU_RULE = 'VCPU values must satisfy: 0 < VCPUs_at_startup ≤ VCPUs_max';

/** §4: making a VM protected must keep the HA plan (xapi checks whatever its power state); a running
 * VM's protection (ha_always_run) follows the priority at once. */
function setHaRestartPriority(ctx: CallCtx, [vm, value]: unknown[]): string {
  const rec = rowOf(ctx, 'VM', vm);
  const v = String(value);
  if (!['restart', 'best-effort', ''].includes(v)) throw new XapiError('INVALID_VALUE', ['ha_restart_priority', v]);
  if (rec.ha_restart_priority !== 'restart' && v === 'restart') assertNewVmPreservesPlan(ctx.sim, String(vm));
  ctx.sim.db.update('VM', String(vm), { ha_restart_priority: v, ...(rec.power_state === 'Running' ? { ha_always_run: v === 'restart' } : {}) });
  return '';
}

/** A setter of an int field xapi refuses below 0: INVALID_VALUE ["<field> must be non-negative", value]. */
function nonNegative(field: 'order' | 'start_delay' | 'shutdown_delay'): Handler {
  return (ctx: CallCtx, [vm, value]: unknown[]) => {
    rowOf(ctx, 'VM', vm);
    const n = Number(value);
    if (n < 0) throw new XapiError('INVALID_VALUE', [`${field} must be non-negative`, String(value)]);
    ctx.sim.db.update('VM', String(vm), { [field]: n });
    return '';
  };
}

Object.assign(lifecycleHandlers, {
  'VM.set_memory_limits': memSetter('changing_memory_limits', (_c, [smin, smax, dmin, dmax]) => ({ smin, smax, dmin, dmax })),
  'VM.set_memory': memSetter('changing_memory_limits', (c, [v]) => ({ ...c, smax: v, dmin: v, dmax: v })),
  'VM.set_memory_static_range': memSetter('changing_static_range', (c, [min, max]) => ({ ...c, smin: min, smax: max })),
  'VM.set_memory_static_min': memSetter('changing_static_range', (c, [v]) => ({ ...c, smin: v })),
  'VM.set_memory_static_max': memSetter('changing_static_range', (c, [v]) => ({ ...c, smax: v })),
  'VM.set_memory_dynamic_range': memSetter('changing_dynamic_range', (c, [min, max]) => ({ ...c, dmin: min, dmax: max })),
  'VM.set_memory_dynamic_min': memSetter('changing_dynamic_range', (c, [v]) => ({ ...c, dmin: v })),
  'VM.set_memory_dynamic_max': memSetter('changing_dynamic_range', (c, [v]) => ({ ...c, dmax: v })),
  'VM.set_memory_target_live': (ctx: CallCtx, [vm]: unknown[]) => { rowOf(ctx, 'VM', vm); return ''; },
  'VM.set_VCPUs_max': (ctx: CallCtx, [vm, value]: unknown[]) => {
    const rec = assertOp(ctx, String(vm), 'changing_VCPUs');
    const n = Number(value);
    if (n < 1 || n < Number(rec.VCPUs_at_startup)) throw new XapiError('INVALID_VALUE', [VCPU_RULE, String(n)]);
    ctx.sim.db.update('VM', String(vm), { VCPUs_max: n });
    ctx.sim.db.update('VM', String(vm), { memory_overhead: memoryOverhead(ctx.sim.db.get('VM', String(vm))!) });
    return '';
  },
  'VM.set_VCPUs_at_startup': (ctx: CallCtx, [vm, value]: unknown[]) => {
    const rec = rowOf(ctx, 'VM', vm);
    const n = Number(value);
    if (rec.is_control_domain && Number(rec.domid) === 0) throw new XapiError('OPERATION_NOT_ALLOWED', ['set_VCPUs_at_startup is not allowed on dom0']);
    if (n < 1 || n > Number(rec.VCPUs_max)) throw new XapiError('INVALID_VALUE', [VCPU_RULE, String(n)]);
    ctx.sim.db.update('VM', String(vm), { VCPUs_at_startup: n });
    return '';
  },
  'VM.set_VCPUs_number_live': (ctx: CallCtx, [vm, value]: unknown[]) => {
    const rec = assertOp(ctx, String(vm), 'changing_VCPUs_live');
    const n = Number(value);
    if (n < 1 || n > Number(rec.VCPUs_max)) throw new XapiError('INVALID_VALUE', ['VCPU values must satisfy: 0 < VCPUs ≤ VCPUs_max', String(n)]);
    ctx.sim.db.update('VM', String(vm), { VCPUs_at_startup: n });
    if (ctx.sim.db.get('VM_metrics', String(rec.metrics))) ctx.sim.db.update('VM_metrics', String(rec.metrics), { VCPUs_number: n });
    return '';
  },
  'VM.set_HVM_shadow_multiplier': (ctx: CallCtx, [vm, value]: unknown[]) => {
    assertOp(ctx, String(vm), 'changing_shadow_memory');
    const v = Number(value);
    if (!(v >= 1)) throw new XapiError('INVALID_VALUE', ['multiplier', String(value)]);
    ctx.sim.db.update('VM', String(vm), { HVM_shadow_multiplier: v });
    ctx.sim.db.update('VM', String(vm), { memory_overhead: memoryOverhead(ctx.sim.db.get('VM', String(vm))!) });
    return '';
  },
  // Running only (op changing_shadow_memory_live); the domain's shadow allocation follows the multiplier.
  'VM.set_shadow_multiplier_live': (ctx: CallCtx, [vm, value]: unknown[]) => {
    assertOp(ctx, String(vm), 'changing_shadow_memory_live');
    const v = Number(value);
    if (!(v >= 1)) throw new XapiError('INVALID_VALUE', ['multiplier', String(value)]);
    ctx.sim.db.update('VM', String(vm), { HVM_shadow_multiplier: v });
    ctx.sim.db.update('VM', String(vm), { memory_overhead: memoryOverhead(ctx.sim.db.get('VM', String(vm))!) });
    return '';
  },
  // §3.7: a halted VM becomes a template (op make_into_template); an HA-protected one is refused while HA
  // is on. Back to a VM: the metrics' install time is now.
  'VM.set_is_a_template': (ctx: CallCtx, [vm, value]: unknown[]) => {
    const ref = String(vm);
    const db = ctx.sim.db;
    if (value !== true) {
      const rec = rowOf(ctx, 'VM', ref);
      db.update('VM', ref, { is_a_template: false });
      if (db.get('VM_metrics', String(rec.metrics))) db.update('VM_metrics', String(rec.metrics), { install_time: nowDatetime() });
      refreshVmAllowed(db, ref);
      return '';
    }
    const rec = assertOp(ctx, ref, 'make_into_template');
    if (poolRec(ctx.sim)?.ha_enabled === true && rec.ha_restart_priority === 'restart') throw new XapiError('VM_IS_PROTECTED', [ref]);
    for (const v of (rec.VUSBs as string[] | undefined) ?? []) if (db.get('VUSB', v)) db.delete('VUSB', v);
    for (const [p, row] of db.table('PVS_proxy')) if (row.rec.VIF && ((rec.VIFs as string[] | undefined) ?? []).includes(String(row.rec.VIF))) db.delete('PVS_proxy', p);
    if (db.get('VM_metrics', String(rec.metrics))) db.delete('VM_metrics', String(rec.metrics));
    db.update('VM', ref, { ha_always_run: false, groups: [], metrics: NULL_REF, is_a_template: true });
    refreshVmAllowed(db, ref);
    return '';
  },
  'VM.set_ha_restart_priority': setHaRestartPriority,
  // Deprecated since Boston: xapi maps it onto the restart priority.
  'VM.set_ha_always_run': (ctx: CallCtx, [vm, value]: unknown[]) => setHaRestartPriority(ctx, [vm, value === true ? 'restart' : '']),
  // xapi_vm.ml: HA's restart order and delays are plain fields, but never negative.
  'VM.set_order': nonNegative('order'),
  'VM.set_start_delay': nonNegative('start_delay'),
  'VM.set_shutdown_delay': nonNegative('shutdown_delay'),
} satisfies Record<string, Handler>);

/** Every operation above runs inside a task when called synchronously, but these quick calls. */
export const lifecycleMethods: MethodModule = operations(lifecycleHandlers, [
  'VM.compute_memory_overhead',
  'VM.maximise_memory',
  'VM.set_memory_limits',
  'VM.set_memory',
  'VM.set_memory_static_range',
  'VM.set_memory_static_min',
  'VM.set_memory_static_max',
  'VM.set_memory_dynamic_range',
  'VM.set_memory_dynamic_min',
  'VM.set_memory_dynamic_max',
  'VM.set_memory_target_live',
  'VM.set_VCPUs_max',
  'VM.set_VCPUs_at_startup',
  'VM.set_VCPUs_number_live',
  'VM.set_HVM_shadow_multiplier',
  'VM.set_shadow_multiplier_live',
  'VM.set_ha_restart_priority',
  'VM.set_ha_always_run',
  'VM.set_order',
  'VM.set_start_delay',
  'VM.set_shutdown_delay',
  'VM.set_is_a_template',
]);
