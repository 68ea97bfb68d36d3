// What Finish and the dialog's buttons send: XAPI calls through the bridge, one after another, each
// reported to `progress` so the page can say what it is doing; the first refusal stops the run and
// comes back in words with its code.
import type { Bridge } from '../../bridge/types';
import { toErrorInfo } from '../../bridge/types';
import { errorText } from '../../xapi-model/errors';
import { NULL_REF } from '../../xapi-model/refs';
import { scheduleMap, type ScheduleChoice, type SnapshotType } from './schedule-model';
import type { ScheduleRow } from './pool-schedules';

export interface ScheduleDraft {
  name: string;
  description: string;
  vms: string[];
  type: SnapshotType;
  choice: ScheduleChoice;
  retained: number;
}

export interface CallStep { method: string; args: unknown[]; what: string }
export type Progress = (done: number, total: number, what: string) => void;


/** Runs the steps in order; returns the refusal as "words (CODE)", or '' when all went through. */
export async function runSteps(bridge: Bridge, connectionId: string, steps: CallStep[], progress?: Progress): Promise<string> {
  for (let i = 0; i < steps.length; i++) {
    progress?.(i, steps.length, steps[i].what);
    try {
      await bridge.request('xapi.call', { connectionId, method: steps[i].method, args: steps[i].args });
    } catch (e) {
      return `${steps[i].what}: ${errorText(toErrorInfo(e))}`;
    }
  }
  progress?.(steps.length, steps.length, 'Done');
  return '';
}

/** New schedule: VMSS.create, then VM.set_snapshot_schedule for each VM (XenCenter's CreateVMPolicy). */
export async function createSchedule(bridge: Bridge, connectionId: string, d: ScheduleDraft, vmName: (ref: string) => string, progress?: Progress): Promise<{ ref?: string; error: string }> {
  const total = 1 + d.vms.length;
  progress?.(0, total, `Creating snapshot schedule '${d.name}'`);
  let ref: string;
  try {
    ref = String(await bridge.request('xapi.call', { connectionId, method: 'VMSS.create', args: [{
      name_label: d.name.trim(), name_description: d.description, enabled: true, type: d.type,
      frequency: d.choice.frequency, schedule: scheduleMap(d.choice), retained_snapshots: d.retained,
    }] }));
  } catch (e) {
    return { error: `Creating snapshot schedule '${d.name}': ${errorText(toErrorInfo(e))}` };
  }
  const steps = d.vms.map((vm) => ({ method: 'VM.set_snapshot_schedule', args: [vm, ref], what: `Assigning '${vmName(vm)}'` }));
  const error = await runSteps(bridge, connectionId, steps, (done, _t, what) => progress?.(done + 1, total, what));
  return { ref, error };
}

/** Properties: only what changed, the VMs leaving first, then those joining. */
export function editSteps(s: ScheduleRow, d: ScheduleDraft, vmName: (ref: string) => string): CallStep[] {
  const steps: CallStep[] = [];
  const self = s.ref;
  if (d.name.trim() !== s.name) steps.push({ method: 'VMSS.set_name_label', args: [self, d.name.trim()], what: 'Renaming the schedule' });
  if (d.description !== s.description) steps.push({ method: 'VMSS.set_name_description', args: [self, d.description], what: 'Changing the description' });
  const leaving = s.vms.filter((v) => !d.vms.includes(v));
  const joining = d.vms.filter((v) => !s.vms.includes(v));
  for (const vm of leaving) steps.push({ method: 'VM.set_snapshot_schedule', args: [vm, NULL_REF], what: `Removing '${vmName(vm)}'` });
  if (d.type !== s.type) steps.push({ method: 'VMSS.set_type', args: [self, d.type], what: 'Changing the snapshot type' });
  for (const vm of joining) steps.push({ method: 'VM.set_snapshot_schedule', args: [vm, self], what: `Assigning '${vmName(vm)}'` });
  const map = scheduleMap(d.choice);
  if (d.choice.frequency !== s.frequency) steps.push({ method: 'VMSS.set_frequency', args: [self, d.choice.frequency], what: 'Changing the frequency' });
  const same = Object.keys(map).length === Object.keys(s.schedule).length && Object.entries(map).every(([k, v]) => s.schedule[k] === v);
  if (!same) steps.push({ method: 'VMSS.set_schedule', args: [self, map], what: 'Changing the schedule' });
  if (d.retained !== s.retained) steps.push({ method: 'VMSS.set_retained_snapshots', args: [self, d.retained], what: 'Changing the number of snapshots kept' });
  return steps;
}

/** Delete: every VM leaves, then VMSS.destroy (xapi refuses a schedule with VMs: VMSS_HAS_VM). */
export function deleteSteps(s: ScheduleRow, vmName: (ref: string) => string): CallStep[] {
  return [
    ...s.vms.map((vm) => ({ method: 'VM.set_snapshot_schedule', args: [vm, NULL_REF], what: `Removing '${vmName(vm)}' from '${s.name}'` })),
    { method: 'VMSS.destroy', args: [s.ref], what: `Deleting snapshot schedule '${s.name}'` },
  ];
}
