// vmProperties.apply: the VM Properties dialog's changes, as one task.create task ("Changing
// properties of '<name>'") that names each step and ends with the first XAPI error, so every
// client's Events panel shows it. The VM is read live: the plan depends on its power state and
// current vCPU counts, which may have changed since the dialog opened.
import { ClientTask } from '../../tasks/client-task';
import { XapiError } from '../../xapi/errors';
import type { Connection } from '../../connection/connection';
import { refreshPerfmon } from '../object-properties/perfmon-refresh';
import { changeProblems, planCalls, type VmPropertyChanges } from '../../../../shared/vm-properties/plan';

type Log = (m: string) => void;

export function propertiesTitle(name: string): string {
  return `Changing properties of '${name}'`;
}

export async function startVmProperties(c: Connection, vmRef: string, changes: VmPropertyChanges, log: Log): Promise<{ taskRef: string }> {
  const vm = await c.call<Record<string, unknown>>('VM.get_record', [vmRef]);
  if (vm.is_a_snapshot === true || vm.is_control_domain === true) {
    throw new XapiError('OPERATION_NOT_ALLOWED', ['Properties are not changed on snapshots or the control domain']);
  }
  const problems = changeProblems(changes, vm);
  if (problems.length > 0) throw new XapiError('INVALID_VALUE', [problems[0]]);
  const calls = planCalls(changes, vm);
  const title = propertiesTitle(typeof vm.name_label === 'string' ? vm.name_label : '');
  const task = await ClientTask.create(c, title);
  void (async () => {
    const refresh = changes.perfmon !== undefined;
    for (const [i, call] of calls.entries()) {
      await task.step(call.step, i / (calls.length + (refresh ? 1 : 0)));
      await c.call(call.method, [vmRef, ...call.args]);
    }
    // As XenCenter's PerfmonDefinitionAction: the VM's server's perfmon re-reads the alerts at once.
    const note = refresh ? await refreshPerfmon(c, task, 'VM', vmRef, calls.length / (calls.length + 1)) : undefined;
    if (note !== undefined) await task.note(note);
  })().then(() => task.finish(), (e: unknown) => {
    log(`${title} failed: ${(e as Error).message}`);
    return task.finish(e);
  });
  return { taskRef: task.ref };
}
