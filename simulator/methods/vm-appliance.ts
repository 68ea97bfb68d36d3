// VM_appliance (vApp) operations as xapi_vm_appliance.ml and xapi_vm_appliance_lifecycle.ml do them:
// start runs the VMs not yet in the wanted state in groups of equal VM.order, ascending, each group's
// VM.start calls together, the next group once every task of the group has ended (a VM.start itself
// waits its VM's start_delay, xapi_vm_helpers.ml); the shutdowns run the groups descending, each
// VM's shutdown waiting its shutdown_delay. A VM that fails does not stop the others: at the end the
// VMs not in the wanted state give OPERATION_PARTIALLY_FAILED [operation, vm...].
import { withCurrentOp } from '../current-ops';
import type { Rec } from '../fields';
import type { CallCtx, Handler, Sim } from '../sim';
import { createTask } from '../tasks';
import { XapiError } from '../xapi-error';
import { rowOf } from './generic';
import { operations, type MethodModule } from '../method-module';

const OPS = ['start', 'clean_shutdown', 'hard_shutdown', 'shutdown'] as const;
type ApplianceOp = (typeof OPS)[number];

/** xapi_vm_appliance_lifecycle.check_operation_error: one operation at a time; then some VM must be in a state the op makes sense for. */
export function applianceOpError(sim: Sim, ref: string, op: ApplianceOp): XapiError | null {
  const rec = sim.db.get('VM_appliance', ref);
  if (!rec) return new XapiError('HANDLE_INVALID', ['VM_appliance', ref]);
  const running = Object.entries((rec.current_operations ?? {}) as Record<string, string>)[0];
  if (running) return new XapiError('OTHER_OPERATION_IN_PROGRESS', ['VM_appliance', ref, running[1], running[0]]);
  const vms = (rec.VMs as string[]) ?? [];
  if (vms.length === 0) return new XapiError('OPERATION_NOT_ALLOWED', ['Appliance has no VMs.']);
  const states = vms.map((vm) => String(sim.db.get('VM', vm)?.power_state ?? 'Halted'));
  const [ok, why]: [(s: string) => boolean, string] =
    op === 'start' ? [(s) => s === 'Halted', 'There are no halted VMs in this appliance.']
      : op === 'clean_shutdown' ? [(s) => s === 'Running', 'There are no running VMs in this appliance.']
        : [(s) => s !== 'Halted', 'All VMs in this appliance are halted.'];
  return states.some(ok) ? null : new XapiError('OPERATION_NOT_ALLOWED', [why]);
}

function refreshApplianceAllowed(sim: Sim, ref: string): void {
  const rec = sim.db.get('VM_appliance', ref);
  if (!rec) return;
  const next = OPS.filter((op) => applianceOpError(sim, ref, op) === null);
  const cur = (rec.allowed_operations ?? []) as string[];
  if (cur.length !== next.length || cur.some((o, i) => o !== next[i])) sim.db.update('VM_appliance', ref, { allowed_operations: next });
}

/** Keeps every vApp's allowed_operations true to its VMs' power states and its membership, as xapi's
 * update_allowed_operations calls do after each VM operation and membership change. */
export function watchApplianceOps(sim: Sim): void {
  sim.db.onRowChange((cls, ref, op) => {
    if (cls === 'VM_appliance' && op !== 'del') refreshApplianceAllowed(sim, ref);
    else if (cls === 'VM') for (const a of sim.db.table('VM_appliance').keys()) refreshApplianceAllowed(sim, a);
  });
}

/** The VMs in their run order: groups of equal VM.order, ascending for a start, descending for a shutdown. */
export function orderGroups(sim: Sim, vms: string[], ascending: boolean): string[][] {
  const byOrder = new Map<number, string[]>();
  for (const vm of vms) {
    const o = Number(sim.db.get('VM', vm)?.order ?? 0);
    byOrder.set(o, [...(byOrder.get(o) ?? []), vm]);
  }
  const keys = [...byOrder.keys()].sort((a, b) => (ascending ? a - b : b - a));
  return keys.map((k) => byOrder.get(k)!);
}

/** One VM's operation in a visible subtask of the appliance's task; its failure is left to the final power-state check. */
async function runOnVm(ctx: CallCtx, method: string, args: unknown[]): Promise<void> {
  const { sim } = ctx;
  const h = sim.handlers.get(method)!;
  const sub = createTask(sim, `Async.${method}`);
  if (ctx.task && sim.db.get('task', ctx.task)) sim.db.update('task', sub, { subtask_of: ctx.task });
  try { await h({ ...ctx, task: sub, async: true }, args); } catch { /* xapi: Tasks.wait_for_all, then the power states decide */ } finally { sim.db.delete('task', sub); }
}

const perform = (op: ApplianceOp, method: string, ascending: boolean): Handler => async (ctx, args) => {
  const { sim } = ctx;
  const ref = String(args[0]);
  rowOf(ctx, 'VM_appliance', ref);
  const err = applianceOpError(sim, ref, op);
  if (err) throw err;
  const paused = op === 'start' && args[1] === true;
  const wanted = op === 'start' ? (paused ? 'Paused' : 'Running') : 'Halted';
  await withCurrentOp(sim.db, 'VM_appliance', ref, ctx.task ?? `sync-${op}`, op, () => refreshApplianceAllowed(sim, ref), async () => {
    const state = (vm: string) => sim.db.get('VM', vm)?.power_state;
    const targets = ((sim.db.get('VM_appliance', ref)!.VMs as string[]) ?? []).filter((vm) => state(vm) !== wanted);
    const groups = orderGroups(sim, targets, ascending);
    for (const [i, group] of groups.entries()) {
      await Promise.all(group.map((vm) => runOnVm(ctx, method, op === 'start' ? [vm, paused, false] : [vm])));
      if (ctx.task && sim.db.get('task', ctx.task)) sim.db.update('task', ctx.task, { progress: Math.round(((i + 1) / groups.length) * 99) / 100 });
    }
    const failed = targets.filter((vm) => state(vm) !== wanted);
    if (failed.length) throw new XapiError('OPERATION_PARTIALLY_FAILED', [`VM_appliance.${op}`, ...failed]);
  });
  return '';
};

const create: Handler = (ctx, [record]) => {
  const given = (record ?? {}) as Rec;
  const ref = ctx.sim.db.create('VM_appliance', {
    name_label: String(given.name_label ?? ''), name_description: String(given.name_description ?? ''), allowed_operations: [], current_operations: {},
  });
  refreshApplianceAllowed(ctx.sim, ref);
  return ref;
};

/** xapi_vm.ml's set_appliance: real VMs only (the old and new vApps' allowed_operations follow through the watcher). */
const setAppliance: Handler = (ctx, [vm, value]) => {
  const rec = rowOf(ctx, 'VM', vm);
  if (rec.is_control_domain === true || rec.is_a_template === true || rec.is_a_snapshot === true) {
    throw new XapiError('OPERATION_NOT_ALLOWED', ['Control domains, templates and snapshots cannot be assigned to appliances.']);
  }
  ctx.sim.db.update('VM', String(vm), { appliance: String(value) });
  return '';
};

const applianceHandlers: Record<string, Handler> = {
  'VM.set_appliance': setAppliance,
  'VM_appliance.create': create,
  'VM_appliance.start': perform('start', 'VM.start', true),
  'VM_appliance.clean_shutdown': perform('clean_shutdown', 'VM.clean_shutdown', false),
  'VM_appliance.hard_shutdown': perform('hard_shutdown', 'VM.hard_shutdown', false),
  'VM_appliance.shutdown': perform('shutdown', 'VM.shutdown', false),
};

export const applianceMethods: MethodModule = operations(applianceHandlers, ['VM_appliance.create', 'VM.set_appliance']);
