// VM lifecycle commands that take more than one XAPI call, run here so that each stays one bridge
// request (DESIGN.md) and carries on when the window goes:
// - vm.snapshot / vm.copy: Async.VM.snapshot|checkpoint|snapshot_with_quiesce|clone|copy, whose
//   task the renderer follows as usual (left for the server to clean up, like xapi.callAsync's);
//   once it succeeded the new VM gets its description (VM.set_name_description), as XenCenter's
//   VMSnapshotCreateAction / VMCopyAction do.
// - vm.delete: XenCenter's VMDestroyAction (SEMANTICS.md 3.6: VM.destroy deletes no disk): chosen
//   snapshots first (hard_shutdown of a suspended one, then destroy with all its disks), then
//   VM.destroy, then VDI.destroy of the ticked disks and the suspend VDI, HANDLE_INVALID ignored.
//   These are synchronous calls, so progress goes on a task made with task.create (ClientTask),
//   which every client sees, ending with the first error's code and params.
// - vm.convertToTemplate: VM.set_is_a_template(vm, true), a field setter with no Async. form, on a
//   task.create task likewise, so the Events panel shows it end.
import type { Connection } from '../../connection/connection';
import { XapiError, toErrorInfo } from '../../xapi/errors';
import { TypedXapi } from '../../xapi/typed-client';
import { isTaskFinished, taskOutcome } from '../../xapi/task-result';
import { ClientTask } from '../../tasks/client-task';

export type SnapshotMode = 'snapshot' | 'checkpoint' | 'quiesce';

const NULL_REF = 'OpaqueRef:NULL';
const isRef = (v: unknown): v is string => typeof v === 'string' && v.startsWith('OpaqueRef:') && v !== NULL_REF;
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const refs = (v: unknown): string[] => (Array.isArray(v) ? v.filter(isRef) : []);

type Log = (message: string) => void;

function cachedVm(c: Connection, vmRef: string): Record<string, unknown> {
  const vm = c.cache.get('vm', vmRef);
  if (!vm) throw new XapiError('HANDLE_INVALID', ['VM', vmRef]);
  return vm;
}

/**
 * Starts the Async call. With a description, follows the task (task.get_record each second, as
 * XenCenter polls) and, once it succeeded, sets the description on the VM it made.
 */
async function startThenDescribe(c: Connection, method: NewVmMethod, start: (x: TypedXapi) => Promise<string>, description: string, log: Log): Promise<{ taskRef: string }> {
  const x = TypedXapi.fromConnection(c);
  const taskRef = await start(x);
  if (description) {
    void describeWhenDone(x, taskRef, method, description)
      .catch((e: unknown) => log(`The description of the new VM was not set: ${(e as Error).message}`));
  }
  return { taskRef };
}

type NewVmMethod = 'VM.snapshot' | 'VM.checkpoint' | 'VM.snapshot_with_quiesce' | 'VM.clone' | 'VM.copy';

async function describeWhenDone(x: TypedXapi, taskRef: string, method: NewVmMethod, description: string): Promise<void> {
  // Ends with the task: HANDLE_INVALID once it is gone, a call error once the connection is.
  for (;;) {
    const rec = await x.call('task.get_record', taskRef);
    if (isTaskFinished(rec)) {
      if (rec.status !== 'success') return;
      const ref = taskOutcome(taskRef, rec, method);
      if (isRef(ref)) await x.call('VM.set_name_description', ref, description);
      return;
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
}

export function startSnapshot(c: Connection, a: { vmRef: string; name: string; description: string; mode: SnapshotMode }, log: Log): Promise<{ taskRef: string }> {
  cachedVm(c, a.vmRef);
  if (a.mode === 'checkpoint') return startThenDescribe(c, 'VM.checkpoint', (x) => x.startAsync('VM.checkpoint', a.vmRef, a.name), a.description, log);
  if (a.mode === 'quiesce') return startThenDescribe(c, 'VM.snapshot_with_quiesce', (x) => x.startAsync('VM.snapshot_with_quiesce', a.vmRef, a.name), a.description, log);
  return startThenDescribe(c, 'VM.snapshot', (x) => x.startAsync('VM.snapshot', a.vmRef, a.name, []), a.description, log);
}

/** Fast clone (no srRef: VM.clone, disks cloned on their own SR) or full copy to srRef (VM.copy). */
export function startCopy(c: Connection, a: { vmRef: string; name: string; description: string; srRef?: string }, log: Log): Promise<{ taskRef: string }> {
  cachedVm(c, a.vmRef);
  const srRef = a.srRef;
  if (srRef === undefined) return startThenDescribe(c, 'VM.clone', (x) => x.startAsync('VM.clone', a.vmRef, a.name), a.description, log);
  if (!c.cache.get('sr', srRef)) throw new XapiError('HANDLE_INVALID', ['SR', srRef]);
  return startThenDescribe(c, 'VM.copy', (x) => x.startAsync('VM.copy', a.vmRef, a.name, srRef), a.description, log);
}

/** The VDIs of a VM's disk VBDs (not CDs, not empty drives). */
export function diskVdis(c: Pick<Connection, 'cache'>, vm: Record<string, unknown>): string[] {
  const out: string[] = [];
  for (const vbdRef of refs(vm.VBDs)) {
    const vbd = c.cache.get('vbd', vbdRef);
    if (vbd && vbd.type === 'Disk' && isRef(vbd.VDI)) out.push(vbd.VDI);
  }
  return out;
}

interface DeletePlan { vmRef: string; vdiRefs: string[]; snapshotRefs: string[] }

/**
 * Checks the request against the cache: the disks must be the VM's own (this request must not
 * become a way to delete any disk) and the snapshots its own.
 */
function checkDeletePlan(c: Connection, p: DeletePlan): Record<string, unknown> {
  const vm = cachedVm(c, p.vmRef);
  const own = new Set(diskVdis(c, vm));
  for (const v of p.vdiRefs) {
    if (!own.has(v)) throw new XapiError('VDI_NOT_OF_VM', [v, p.vmRef], { message: 'A disk to delete is not attached to this VM' });
  }
  for (const s of p.snapshotRefs) {
    const snap = c.cache.get('vm', s);
    if (!snap || snap.is_a_snapshot !== true || snap.snapshot_of !== p.vmRef) {
      throw new XapiError('SNAPSHOT_NOT_OF_VM', [s, p.vmRef], { message: 'A snapshot to delete is not a snapshot of this VM' });
    }
  }
  return vm;
}

/** "Deleting VM 'web'", "Deleting template 'Debian custom'", "Deleting snapshot 'before'" (the task's title). */
export function deleteTitle(vm: Record<string, unknown>): string {
  const what = vm.is_a_snapshot === true ? 'snapshot' : vm.is_a_template === true ? 'template' : 'VM';
  const name = str(vm.name_label);
  return name ? `Deleting ${what} '${name}'` : `Deleting ${what}`;
}

export async function startDelete(c: Connection, p: DeletePlan, log: Log): Promise<{ taskRef: string }> {
  const vm = checkDeletePlan(c, p);
  const title = deleteTitle(vm);
  const task = await ClientTask.create(c, title);
  void runDelete(c, task, p, vm).then(
    (error) => task.finish(error),
    (e: unknown) => {
      log(`${title} failed: ${(e as Error).message}`);
      return task.finish(e);
    },
  );
  return { taskRef: task.ref };
}

/** "Converting 'web' to a template" (the task's title). */
export function convertTitle(vm: Record<string, unknown>): string {
  const name = str(vm.name_label);
  return name ? `Converting '${name}' to a template` : 'Converting a VM to a template';
}

/**
 * Convert to Template: VM.set_is_a_template(vm, true) is a field setter (no Async. form), so it runs on
 * a task made with task.create that ends done, or failed with the server's error (VM_BAD_POWER_STATE…).
 */
export async function startConvertToTemplate(c: Connection, vmRef: string, log: Log): Promise<{ taskRef: string }> {
  const vm = cachedVm(c, vmRef);
  const title = convertTitle(vm);
  const task = await ClientTask.create(c, title);
  void TypedXapi.fromConnection(c).call('VM.set_is_a_template', vmRef, true).then(
    () => task.finish(),
    (e: unknown) => {
      log(`${title} failed: ${(e as Error).message}`);
      return task.finish(asXapiError(e));
    },
  );
  return { taskRef: task.ref };
}

/** Destroys a VM record, then the VDIs collected before (they outlive VM.destroy). */
async function destroyWithDisks(x: TypedXapi, vmRef: string, vdis: string[], errors: XapiError[], step: () => Promise<void>): Promise<void> {
  await x.call('VM.destroy', vmRef);
  await step();
  for (const vdi of vdis) {
    try {
      await x.call('VDI.destroy', vdi);
    } catch (e) {
      // Already gone (another client, or hard_shutdown took the suspend VDI): nothing left to do.
      if (!(e instanceof XapiError && e.code === 'HANDLE_INVALID')) errors.push(asXapiError(e));
    }
    await step();
  }
}

function asXapiError(e: unknown): XapiError {
  if (e instanceof XapiError) return e;
  const info = toErrorInfo(e);
  return new XapiError(info.code, info.params, { message: info.message });
}

/** Resolves with the first error (the task's outcome), undefined when all went. */
async function runDelete(c: Connection, task: ClientTask, p: DeletePlan, vm: Record<string, unknown>): Promise<XapiError | undefined> {
  const snapshots = p.snapshotRefs.map((ref) => ({ ref, rec: c.cache.get('vm', ref) ?? {} }));
  const withSuspend = (rec: Record<string, unknown>, vdis: string[]) => (isRef(rec.suspend_VDI) ? [...vdis, rec.suspend_VDI] : vdis);
  const total = 1 + p.vdiRefs.length + snapshots.reduce((n, s) => n + 2 + diskVdis(c, s.rec).length, 0) + (isRef(vm.suspend_VDI) ? 1 : 0);
  let done = 0;
  const step = () => task.progress(++done / total);
  const x = TypedXapi.fromConnection(c);
  // Best effort per snapshot, as XenCenter: one that cannot go does not keep the VM.
  const errors: XapiError[] = [];
  for (const s of snapshots) {
    try {
      const vdis = withSuspend(s.rec, diskVdis(c, s.rec));
      if (s.rec.power_state === 'Suspended') await x.call('VM.hard_shutdown', s.ref);
      await step();
      await destroyWithDisks(x, s.ref, vdis, errors, step);
    } catch (e) {
      errors.push(asXapiError(e));
    }
  }
  try {
    // A checkpoint (suspended snapshot) is shut down first, as XenCenter's VMSnapshotDeleteAction does.
    if (vm.is_a_snapshot === true && vm.power_state === 'Suspended') await x.call('VM.hard_shutdown', p.vmRef);
    await destroyWithDisks(x, p.vmRef, withSuspend(vm, p.vdiRefs), errors, step);
  } catch (e) {
    // The VM itself stays: its disks are not touched.
    errors.unshift(asXapiError(e));
  }
  return errors[0];
}
