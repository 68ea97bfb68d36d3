// Handlers for VMSS snapshot_now and VMPP protect_now, the schedule constructors/destructors
// (SEMANTICS.md 10.4: VMSS_SNAPSHOT_SUCCEEDED), the VMSS setters xapi checks (xapi_vmss.ml: the
// schedule map's keys per frequency, retained_snapshots 1..10, quiesce support; vmss-rules.ts) and
// VM.set_snapshot_schedule. Each key is a wire name ("Class.message").
// Snapshots are made by the lifecycle code (VM.snapshot / VM.checkpoint / VM.snapshot_with_quiesce),
// marked is_vmss_snapshot (VMSS) or is_snapshot_from_vmpp (VMPP); beyond the retention count the
// oldest marked snapshots of each VM are destroyed together with their disks, as the host's
// schedule plugin does. Both calls return "" (the plugin's answer is not specified).
import { isNullRef } from '../db';
import type { Rec } from '../fields';
import { nowDatetime, type CallCtx, type Handler, type Sim } from '../sim';
import { checkCreateSchedule, isFrequency, mergeSchedule, scheduleForFrequency } from '../vmss-rules';
import { armSchedule } from '../vmss-scheduler-state';
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
  sim.db.create('message', { name, priority, cls, obj_uuid: rec.uuid, timestamp: nowDatetime(new Date(sim.now())), body });
}

/** Takes the schedule's snapshots now (the host's vmss plugin): on the scheduler's tick or snapshot_now. */
export const snapshotNow: Handler = async (ctx, [vmss]) => {
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
  ctx.sim.db.update('VMSS', String(vmss), { last_run_time: nowDatetime(new Date(ctx.sim.now())) });
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
type Schedule = Record<string, string>;

function checkRetained(value: unknown): number {
  const n = Number(value);
  if (!(Number.isInteger(n) && n >= 1 && n <= RETAINED_MAX)) throw new XapiError('INVALID_VALUE', ['retained_snapshots', String(value)]);
  return n;
}

/** xapi's assert_vm_supports_quiesce_snapshot: the simulator's guests have no VSS provider. */
function checkQuiesce(ctx: CallCtx, vms: string[]): void {
  for (const vm of vms) {
    const v = ctx.sim.db.get('VM', vm);
    if (v && !((v.allowed_operations as string[]) ?? []).includes('snapshot_with_quiesce')) throw new XapiError('VM_SNAPSHOT_WITH_QUIESCE_NOT_SUPPORTED', [vm]);
  }
}

const scheduleOf = (s: Rec): Schedule => ({ ...((s.schedule as Schedule) ?? {}) });

const scheduleHandlers: Record<string, Handler> = {
  'VMSS.snapshot_now': snapshotNow,
  'VMPP.protect_now': protectNow,
  'VMSS.create': (ctx, [record]) => {
    const r = (record ?? {}) as Rec;
    const frequency = r.frequency ?? 'daily';
    if (!isFrequency(frequency)) throw new XapiError('INVALID_VALUE', ['frequency', String(frequency)]);
    const given = (r.schedule ?? {}) as Schedule;
    checkCreateSchedule(frequency, given);
    const schedule = scheduleForFrequency(frequency, given);
    const retained = checkRetained(r.retained_snapshots ?? 7);
    const values: Rec = { name_label: r.name_label ?? '', name_description: r.name_description ?? '', enabled: r.enabled ?? true, type: r.type ?? 'snapshot', retained_snapshots: retained, frequency, schedule, last_run_time: '19700101T00:00:00Z' };
    const ref = ctx.sim.db.create('VMSS', values);
    armSchedule(ctx.sim, ref);
    return ref;
  },
  'VMSS.destroy': (ctx, [self]) => {
    const s = rowOf(ctx, 'VMSS', self);
    if (((s.VMs as string[]) ?? []).length > 0) throw new XapiError('VMSS_HAS_VM', []);
    // destroy_all_messages: the schedule's run history goes with it.
    for (const [ref, row] of [...ctx.sim.db.table('message')]) if (row.rec.obj_uuid === s.uuid) ctx.sim.db.delete('message', ref);
    ctx.sim.db.delete('VMSS', String(self));
    return '';
  },
  'VMSS.set_frequency': (ctx, [self, value]) => {
    const s = rowOf(ctx, 'VMSS', self);
    if (!isFrequency(value)) throw new XapiError('INVALID_VALUE', ['frequency', String(value)]);
    // The schedule map follows: the new frequency's keys, the missing ones at their defaults.
    ctx.sim.db.update('VMSS', String(self), { frequency: value, schedule: scheduleForFrequency(value, {}, scheduleOf(s)) });
    return '';
  },
  'VMSS.set_schedule': (ctx, [self, value]) => {
    const s = rowOf(ctx, 'VMSS', self);
    ctx.sim.db.update('VMSS', String(self), { schedule: mergeSchedule((value ?? {}) as Schedule, scheduleOf(s)) });
    return '';
  },
  'VMSS.add_to_schedule': (ctx, [self, key, value]) => {
    const s = rowOf(ctx, 'VMSS', self);
    const current = scheduleOf(s);
    const k = String(key);
    if (k in current) throw new XapiError('MAP_DUPLICATE_KEY', ['VMSS', 'schedule', String(self), k]);
    ctx.sim.db.update('VMSS', String(self), { schedule: mergeSchedule({ [k]: String(value) }, current) });
    return '';
  },
  'VMSS.remove_from_schedule': (ctx, [self, key]) => {
    const current = scheduleOf(rowOf(ctx, 'VMSS', self));
    delete current[String(key)];
    ctx.sim.db.update('VMSS', String(self), { schedule: current });
    return '';
  },
  'VMSS.set_retained_snapshots': (ctx, [self, value]) => {
    rowOf(ctx, 'VMSS', self);
    ctx.sim.db.update('VMSS', String(self), { retained_snapshots: checkRetained(value) });
    return '';
  },
  'VMSS.set_type': (ctx, [self, value]) => {
    const s = rowOf(ctx, 'VMSS', self);
    if (value === 'snapshot_with_quiesce') checkQuiesce(ctx, (s.VMs as string[]) ?? []);
    ctx.sim.db.update('VMSS', String(self), { type: value });
    return '';
  },
  'VMSS.set_enabled': (ctx, [self, value]) => {
    rowOf(ctx, 'VMSS', self);
    // A schedule turned on runs at its next due moment, not for those it missed while off.
    if (value === true) armSchedule(ctx.sim, String(self));
    ctx.sim.db.update('VMSS', String(self), { enabled: value });
    return '';
  },
  'VM.set_snapshot_schedule': (ctx, [self, value]) => {
    rowOf(ctx, 'VM', self);
    const ref = String(value);
    if (!isNullRef(ref)) {
      const s = ctx.sim.db.get('VMSS', ref);
      if (!s) throw new XapiError('INVALID_VALUE', [ref]);
      if (s.type === 'snapshot_with_quiesce') checkQuiesce(ctx, [String(self)]);
    }
    ctx.sim.db.update('VM', String(self), { snapshot_schedule: isNullRef(ref) ? 'OpaqueRef:NULL' : ref });
    return '';
  },
  'VMPP.destroy': (ctx, [self]) => {
    const p = rowOf(ctx, 'VMPP', self);
    if (((p.VMs as string[]) ?? []).length > 0) throw new XapiError('VMPP_HAS_VM', []);
    ctx.sim.db.delete('VMPP', String(self));
    return '';
  },
};

/** The operations run inside a task when called synchronously; the setters do not. */
export const scheduleMethods: MethodModule = operations(scheduleHandlers, [
  'VMSS.set_frequency', 'VMSS.set_schedule', 'VMSS.add_to_schedule', 'VMSS.remove_from_schedule', 'VMSS.set_retained_snapshots',
  'VMSS.set_type', 'VMSS.set_enabled', 'VM.set_snapshot_schedule',
]);
