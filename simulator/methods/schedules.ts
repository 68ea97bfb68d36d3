// Handlers for VMSS snapshot_now and VMPP protect_now, and the schedule constructors/destructors
// (SEMANTICS.md 10.4: VMSS_SNAPSHOT_SUCCEEDED). Each key is a wire name ("Class.message").
// Snapshots are made by the lifecycle code (VM.snapshot / VM.checkpoint / VM.snapshot_with_quiesce),
// marked is_vmss_snapshot (VMSS) or is_snapshot_from_vmpp (VMPP); beyond the retention count the
// oldest marked snapshots of each VM are destroyed together with their disks, as the host's
// schedule plugin does. Both calls return "" (the plugin's answer is not specified).
import { isNullRef } from '../db';
import type { Rec } from '../fields';
import { nowDatetime, type CallCtx, type Handler, type Sim } from '../sim';
import { XapiError } from '../xapi-error';
import { rowOf } from './generic';
import { vdiDestroy } from './storage';
import { lifecycleMethods } from './vm-lifecycle';
import { operations, type MethodModule } from '../method-module';

const stamp = () => nowDatetime().replace(/[-:]/g, '');

/** Destroys a snapshot VM and the disks only it used. */
async function destroySnapshot(ctx: CallCtx, snap: string): Promise<void> {
  const { db } = ctx.sim;
  const rec = db.get('VM', snap);
  if (!rec) return;
  const vdis = ((rec.VBDs as string[]) ?? []).map((b) => db.get('VBD', b)).filter((b) => b && b.type === 'Disk' && !b.empty && !isNullRef(b.VDI)).map((b) => String(b!.VDI));
  if (!isNullRef(rec.suspend_VDI)) vdis.push(String(rec.suspend_VDI));
  await lifecycleMethods.handlers['VM.destroy'](ctx, [snap]);
  for (const vdi of vdis) {
    const v = db.get('VDI', vdi);
    if (v && ((v.VBDs as string[]) ?? []).length === 0) vdiDestroy(ctx.sim, vdi);
  }
}

async function snapshotVms(ctx: CallCtx, vms: string[], kind: string, retain: number, flag: 'is_vmss_snapshot' | 'is_snapshot_from_vmpp'): Promise<string[]> {
  const { db } = ctx.sim;
  const made: string[] = [];
  for (const vm of vms) {
    const v = db.get('VM', vm);
    if (!v) continue;
    const name = `${String(v.name_label)}-${stamp()}`;
    const fn = kind === 'checkpoint' ? 'VM.checkpoint' : kind === 'snapshot_with_quiesce' ? 'VM.snapshot_with_quiesce' : 'VM.snapshot';
    const args = fn === 'VM.snapshot' ? [vm, name, []] : [vm, name];
    const snap = String(await lifecycleMethods.handlers[fn](ctx, args));
    db.update('VM', snap, { [flag]: true });
    made.push(snap);
    const marked = ((db.get('VM', vm)!.snapshots as string[]) ?? [])
      .filter((s) => db.get('VM', s)?.[flag] === true)
      .sort((a, b) => String(db.get('VM', a)!.snapshot_time).localeCompare(String(db.get('VM', b)!.snapshot_time)) || db.table('VM').get(a)!.ctime - db.table('VM').get(b)!.ctime);
    for (const old of marked.slice(0, Math.max(0, marked.length - Math.max(1, retain)))) await destroySnapshot(ctx, old);
  }
  return made;
}

function scheduleMessage(sim: Sim, cls: 'VMSS' | 'VMPP', rec: Rec, name: string, priority: number, body: string): void {
  sim.db.create('message', { name, priority, cls, obj_uuid: rec.uuid, timestamp: nowDatetime(), body });
}

const snapshotNow: Handler = async (ctx, [vmss]) => {
  const s = rowOf(ctx, 'VMSS', vmss);
  const vms = [...((s.VMs as string[]) ?? [])];
  try {
    await snapshotVms(ctx, vms, String(s.type), Number(s.retained_snapshots), 'is_vmss_snapshot');
  } catch (e) {
    if (ctx.sim.db.get('VMSS', String(vmss))) {
      scheduleMessage(ctx.sim, 'VMSS', s, 'VMSS_SNAPSHOT_FAILED', 3, `Snapshot schedule '${String(s.name_label)}': ${e instanceof XapiError ? e.toArray().join(' ') : String(e)}`);
    }
    throw e;
  }
  ctx.sim.db.update('VMSS', String(vmss), { last_run_time: nowDatetime() });
  scheduleMessage(ctx.sim, 'VMSS', s, 'VMSS_SNAPSHOT_SUCCEEDED', 5, `Snapshot schedule '${String(s.name_label)}' succeeded for ${vms.length} VM(s)`);
  return '';
};

const protectNow: Handler = async (ctx, [vmpp]) => {
  const p = rowOf(ctx, 'VMPP', vmpp);
  const vms = [...((p.VMs as string[]) ?? [])];
  await snapshotVms(ctx, vms, String(p.backup_type), Number(p.backup_retention_value), 'is_snapshot_from_vmpp');
  ctx.sim.db.update('VMPP', String(vmpp), { backup_last_run_time: nowDatetime() });
  return '';
};

const RETAINED_MAX = 10;

const scheduleHandlers: Record<string, Handler> = {
  'VMSS.snapshot_now': snapshotNow,
  'VMPP.protect_now': protectNow,
  'VMSS.create': (ctx, [record]) => {
    const r = (record ?? {}) as Rec;
    const retained = r.retained_snapshots === undefined ? 7 : Number(r.retained_snapshots);
    if (!(retained >= 1 && retained <= RETAINED_MAX)) throw new XapiError('INVALID_VALUE', ['retained_snapshots', String(r.retained_snapshots)]);
    const values: Rec = { name_label: r.name_label ?? '', name_description: r.name_description ?? '', enabled: r.enabled ?? true, type: r.type ?? 'snapshot', retained_snapshots: retained, frequency: r.frequency ?? 'daily', schedule: r.schedule ?? {} };
    return ctx.sim.db.create('VMSS', values);
  },
  'VMSS.destroy': (ctx, [self]) => {
    const s = rowOf(ctx, 'VMSS', self);
    if (((s.VMs as string[]) ?? []).length > 0) throw new XapiError('VMSS_HAS_VM', []);
    ctx.sim.db.delete('VMSS', String(self));
    return '';
  },
  'VMPP.destroy': (ctx, [self]) => {
    const p = rowOf(ctx, 'VMPP', self);
    if (((p.VMs as string[]) ?? []).length > 0) throw new XapiError('VMPP_HAS_VM', []);
    ctx.sim.db.delete('VMPP', String(self));
    return '';
  },
};

/** Every operation above runs inside a task when called synchronously. */
export const scheduleMethods: MethodModule = operations(scheduleHandlers, []);
