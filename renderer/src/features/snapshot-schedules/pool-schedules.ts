// Pure reads of the store for the schedules dialog and wizard: a connection's snapshot schedules
// with their VMs and run messages, and the VMs a schedule can take.
import type { StoreView } from '../../state/store';
import { parseXapiDate } from '../../state/store';
import { entries, record } from '../../xapi-model/records';
import { allows, isPlainVm } from '../../xapi-model/predicates';
import { str } from '../../xapi-model/format';
import { choiceOf, type ScheduleChoice, type ScheduleMessage, type SnapshotType } from './schedule-model';

export interface ScheduleRow {
  ref: string;
  uuid: string;
  name: string;
  description: string;
  enabled: boolean;
  type: SnapshotType;
  frequency: string;
  schedule: Record<string, string>;
  choice: ScheduleChoice;
  retained: number;
  vms: string[];
  lastRun: number;
  messages: ScheduleMessage[];
}

const strMap = (v: unknown): Record<string, string> =>
  Object.fromEntries(Object.entries(v && typeof v === 'object' ? v as Record<string, unknown> : {}).map(([k, x]) => [k, str(x)]));

/** The connection's schedules by name, each with its real VMs and its messages (cls VMSS, by uuid). */
export function poolSchedules(store: StoreView, connectionId: string): ScheduleRow[] {
  const byUuid = new Map<string, ScheduleMessage[]>();
  for (const [, m] of entries(store, connectionId, 'message')) {
    if (m.cls !== 'VMSS') continue;
    const list = byUuid.get(str(m.obj_uuid)) ?? [];
    list.push({ name: str(m.name), timestamp: parseXapiDate(m.timestamp), body: str(m.body) });
    byUuid.set(str(m.obj_uuid), list);
  }
  return entries(store, connectionId, 'vmss').map(([ref, s]) => {
    const schedule = strMap(s.schedule);
    const vms = (Array.isArray(s.VMs) ? s.VMs as unknown[] : []).map(str).filter((v) => isPlainVm(record(store, connectionId, 'vm', v)));
    return {
      ref, uuid: str(s.uuid), name: str(s.name_label), description: str(s.name_description), enabled: s.enabled === true,
      type: (str(s.type) || 'snapshot') as SnapshotType, frequency: str(s.frequency), schedule, choice: choiceOf(s.frequency, schedule),
      retained: Number(s.retained_snapshots) || 7, vms, lastRun: parseXapiDate(s.last_run_time),
      messages: byUuid.get(str(s.uuid)) ?? [],
    };
  }).sort((a, b) => a.name.localeCompare(b.name, undefined, { numeric: true }) || a.ref.localeCompare(b.ref));
}

export interface PoolVm { ref: string; name: string; schedule: string; scheduleName: string; quiesce: boolean }

/** The pool's VMs (not templates, snapshots or dom0) by name, with the schedule each is in now. */
export function poolVms(store: StoreView, connectionId: string): PoolVm[] {
  const out: PoolVm[] = [];
  for (const [ref, vm] of entries(store, connectionId, 'vm')) {
    if (!isPlainVm(vm)) continue;
    const schedule = str(vm.snapshot_schedule);
    const s = record(store, connectionId, 'vmss', schedule);
    out.push({ ref, name: str(vm.name_label), schedule: s ? schedule : '', scheduleName: s ? str(s.name_label) : '', quiesce: allows(vm, 'snapshot_with_quiesce') });
  }
  return out.sort((a, b) => a.name.localeCompare(b.name, undefined, { numeric: true }) || a.ref.localeCompare(b.ref));
}

/** VMs of `chosen` that another schedule than `self` holds now (they move: XenCenter warns). */
export function movingVms(vms: readonly PoolVm[], chosen: ReadonlySet<string>, self = ''): PoolVm[] {
  return vms.filter((v) => chosen.has(v.ref) && v.schedule && v.schedule !== self);
}
