// The host maintenance flows in main against a fake connection: the order of the calls, the first
// error ending the flow (and on its task), and the flow task's progress and outcome.
import { describe, expect, it } from 'vitest';
import { startHostMaintenance } from '../../electron/core/features/host/maintenance';
import type { FlowConnection } from '../../electron/core/features/host/maintenance';
import { XapiError } from '../../electron/core/xapi/errors';

type Rec = Record<string, unknown>;
const H = 'OpaqueRef:h1';

/** Records calls; Async.* tasks finish at once (or fail with `failAsync[method]`); sync calls fail with `failSync[method]`. */
function fake(opts: { failAsync?: Record<string, string[]>; failSync?: Record<string, string[]>; vms?: Record<string, Rec> } = {}) {
  const calls: string[] = [];
  const tasks = new Map<string, Rec>();
  const applied: Rec[] = [];
  let n = 0;
  const records: Record<string, Map<string, Rec>> = {
    host: new Map([[H, { name_label: 'alpha' }]]),
    vm: new Map(Object.entries(opts.vms ?? {})),
  };
  const c: FlowConnection = {
    async call<T>(method: string, args: readonly unknown[]): Promise<T> {
      const show = method.startsWith('task.') && method !== 'task.create' ? `${method}(${JSON.stringify(args[1] ?? '')})` : method;
      if (!['task.get_record', 'task.destroy'].includes(method)) calls.push(show);
      if (method === 'task.create') { const ref = `OpaqueRef:flow${++n}`; tasks.set(ref, { name_label: args[0], status: 'pending' }); return ref as T; }
      if (method.startsWith('Async.')) {
        const m = method.slice(6);
        const ref = `OpaqueRef:sub${++n}`;
        const err = opts.failAsync?.[m];
        tasks.set(ref, err ? { status: 'failure', error_info: err } : { status: 'success', result: '' });
        return ref as T;
      }
      if (method === 'task.get_record') return tasks.get(String(args[0])) as T;
      if (method === 'task.set_status') tasks.get(String(args[0]))!.status = args[1];
      if (method === 'task.set_error_info') tasks.get(String(args[0]))!.error_info = args[1];
      const err = opts.failSync?.[method];
      if (err) throw new XapiError(err[0], err.slice(1), { fromServer: true });
      return '' as T;
    },
    cache: {
      get: (cls, ref) => records[cls]?.get(ref),
      getAll: (cls) => records[cls] ?? new Map(),
      apply: (events) => { for (const e of events) applied.push(e.snapshot as Rec); },
    },
  };
  return { c, calls, applied };
}

const flowCalls = (calls: string[]) => calls.filter((m) => !m.startsWith('task.set_progress') && !m.startsWith('task.add_to_other_config'));

describe('host maintenance flows', () => {
  it('enter: mark, disable, evacuate; the task ends success and is read into the cache before it goes', async () => {
    const f = fake();
    const { taskRef, done } = await startHostMaintenance(f.c, { hostRef: H, action: 'enter' }, { pollMs: 1 });
    await done;
    expect(taskRef).toBe('OpaqueRef:flow1');
    expect(flowCalls(f.calls)).toEqual([
      'task.create', 'host.remove_from_other_config', 'host.add_to_other_config', 'host.disable', 'Async.host.evacuate',
      'task.set_status("success")',
    ]);
    expect(f.applied).toEqual([expect.objectContaining({ name_label: "Entering maintenance mode 'alpha'", status: 'success' })]);
    // The evacuate task is marked as a step of the flow's task, so it shows no row of its own.
    expect(f.calls).toContain('task.add_to_other_config("xenclient_subtask_of")');
  });

  it('a failed evacuation ends the flow with its error on the task; the host is left disabled', async () => {
    const f = fake({ failAsync: { 'host.evacuate': ['VM_REQUIRES_SR', 'OpaqueRef:vm', 'OpaqueRef:sr'] } });
    await (await startHostMaintenance(f.c, { hostRef: H, action: 'reboot' }, { pollMs: 1 })).done;
    expect(flowCalls(f.calls)).toEqual([
      'task.create', 'host.disable', 'Async.host.evacuate',
      'task.set_error_info(["VM_REQUIRES_SR","OpaqueRef:vm","OpaqueRef:sr"])', 'task.set_status("failure")',
    ]);
    expect(f.calls).not.toContain('host.reboot');
    expect(f.calls).not.toContain('host.enable');
  });

  it('reboot: shuts down the agreed VMs still on the host (hard when clean is not allowed), evacuates, reboots', async () => {
    const f = fake({ vms: {
      'OpaqueRef:a': { resident_on: H, allowed_operations: ['clean_shutdown', 'hard_shutdown'] },
      'OpaqueRef:paused': { resident_on: H, allowed_operations: ['hard_shutdown', 'unpause'] },
      'OpaqueRef:gone': { resident_on: 'OpaqueRef:h2', allowed_operations: ['clean_shutdown'] },
    } });
    await (await startHostMaintenance(f.c, { hostRef: H, action: 'reboot', shutDownVms: ['OpaqueRef:a', 'OpaqueRef:paused', 'OpaqueRef:gone'] }, { pollMs: 1 })).done;
    expect(flowCalls(f.calls)).toEqual([
      'task.create', 'host.disable', 'Async.VM.clean_shutdown', 'Async.VM.hard_shutdown', 'Async.host.evacuate', 'host.reboot', 'task.set_status("success")',
    ]);
  });

  it('exit: enable then clear the mark; a refused enable keeps the mark', async () => {
    const ok = fake();
    await (await startHostMaintenance(ok.c, { hostRef: H, action: 'exit' })).done;
    expect(flowCalls(ok.calls)).toEqual(['task.create', 'host.enable', 'host.remove_from_other_config', 'task.set_status("success")']);
    const refused = fake({ failSync: { 'host.enable': ['HOST_STILL_BOOTING'] } });
    await (await startHostMaintenance(refused.c, { hostRef: H, action: 'exit' })).done;
    expect(flowCalls(refused.calls)).toEqual(['task.create', 'host.enable', 'task.set_error_info(["HOST_STILL_BOOTING"])', 'task.set_status("failure")']);
  });

  it('refuses an unknown host before making a task', async () => {
    const f = fake();
    await expect(startHostMaintenance(f.c, { hostRef: 'OpaqueRef:nope', action: 'enter' })).rejects.toMatchObject({ code: 'HANDLE_INVALID' });
    expect(f.calls).toEqual([]);
  });
});
