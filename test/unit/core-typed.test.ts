// TypedXapi: compile-time checks of method names, parameter types and counts, and result types
// (the @ts-expect-error lines fail `tsc --noEmit` if a wrong call ever compiles), and the runtime
// behaviour of call / callAsync against a scripted call function.
import { describe, expect, expectTypeOf, it, vi } from 'vitest';
import { TypedXapi, type SessionCallFn } from '../../electron/core/xapi/typed-client';
import { XapiError } from '../../electron/core/xapi/errors';
import type { TaskRecord, VMRecord } from '../../shared/xapi/types.generated';

function scripted(answers: Record<string, (args: readonly unknown[]) => unknown>): { fn: SessionCallFn; calls: Array<[string, unknown[]]> } {
  const calls: Array<[string, unknown[]]> = [];
  const fn: SessionCallFn = async (method, args) => {
    calls.push([method, [...args]]);
    const a = answers[method];
    if (!a) throw new XapiError('MESSAGE_METHOD_UNKNOWN', [method], { fromServer: true });
    return a(args);
  };
  return { fn, calls };
}

// Compiled only (never run): every line must type-check, each @ts-expect-error must be an error.
export function typeChecks(x: TypedXapi): void {
  void x.call('VM.start', 'OpaqueRef:v', false, false);
  void x.call('VM.clone', 'OpaqueRef:v', 'copy');
  void x.call('event.from', ['*'], '', 30);
  void x.callAsync('VM.clone', 'OpaqueRef:v', 'copy');
  // @ts-expect-error wrong parameter type (start_paused is a bool)
  void x.call('VM.start', 'OpaqueRef:v', 'no', false);
  // @ts-expect-error too few parameters
  void x.call('VM.start', 'OpaqueRef:v', false);
  // @ts-expect-error too many parameters
  void x.call('VM.start', 'OpaqueRef:v', false, false, true);
  // @ts-expect-error unknown method
  void x.call('VM.frobnicate', 'OpaqueRef:v');
  // @ts-expect-error the Async. form goes through callAsync
  void x.call('Async.VM.start', 'OpaqueRef:v', false, false);
  // @ts-expect-error login takes no session: use login()
  void x.call('session.login_with_password', 'root', 'pw', '2.21', 'me');
  // @ts-expect-error event.* has no Async. form
  void x.callAsync('event.from', ['*'], '', 30);
  // @ts-expect-error wrong parameter type for the async form too
  void x.callAsync('VM.clone', 'OpaqueRef:v', 7);
}

describe('TypedXapi types', () => {
  it('gives each message its result type', () => {
    const x = new TypedXapi(async () => undefined);
    expectTypeOf(x.call<'VM.get_record'>).returns.toEqualTypeOf<Promise<VMRecord>>();
    expectTypeOf(x.call<'task.get_record'>).returns.toEqualTypeOf<Promise<TaskRecord>>();
    expectTypeOf(x.call<'VM.clone'>).returns.toEqualTypeOf<Promise<string>>();
    expectTypeOf(x.call<'VM.start'>).returns.toEqualTypeOf<Promise<void>>();
    expectTypeOf(x.call<'VM.start'>).parameters.toEqualTypeOf<['VM.start', string, boolean, boolean]>();
  });
});

describe('TypedXapi at run time', () => {
  it('passes the call through unchanged', async () => {
    const { fn, calls } = scripted({ 'VM.get_name_label': () => 'web 1' });
    const x = new TypedXapi(fn);
    await expect(x.call('VM.get_name_label', 'OpaqueRef:v')).resolves.toBe('web 1');
    expect(calls).toEqual([['VM.get_name_label', ['OpaqueRef:v']]]);
  });

  it('refuses unknown and sessionless methods from untyped callers without sending anything', async () => {
    const { fn, calls } = scripted({});
    const x = new TypedXapi(fn);
    const untyped = x as unknown as { call(m: string, ...a: unknown[]): Promise<unknown>; callAsync(m: string, ...a: unknown[]): Promise<unknown> };
    await expect(untyped.call('VM.frobnicate')).rejects.toMatchObject({ code: 'UNKNOWN_METHOD', params: ['VM.frobnicate'] });
    await expect(untyped.call('session.login_with_password', 'a', 'b', 'c', 'd')).rejects.toMatchObject({ code: 'UNKNOWN_METHOD' });
    await expect(untyped.callAsync('VM.frobnicate')).rejects.toMatchObject({ code: 'UNKNOWN_METHOD' });
    expect(calls).toEqual([]);
  });

  it('callAsync rejects at once for a message without an Async. form (getters, setters)', async () => {
    const { fn, calls } = scripted({});
    const x = new TypedXapi(fn);
    await expect(x.callAsync('VM.get_record', 'OpaqueRef:v')).rejects.toMatchObject({ code: 'UNKNOWN_METHOD', params: ['Async.VM.get_record'], message: expect.stringMatching(/no Async\. form/) });
    await expect(x.callAsync('VM.set_name_label', 'OpaqueRef:v', 'x')).rejects.toMatchObject({ code: 'UNKNOWN_METHOD' });
    expect(calls).toEqual([]);
  });

  it('callAsync: polls task.get_record, decodes the result by type, then destroys the task', async () => {
    let polls = 0;
    const { fn, calls } = scripted({
      'Async.VM.clone': () => 'OpaqueRef:task1',
      'task.get_record': () => (++polls < 3 ? { status: 'pending', result: '', error_info: [] } : { status: 'success', result: '<value>OpaqueRef:new</value>', error_info: [] }),
      'task.destroy': () => '',
    });
    const x = new TypedXapi(fn, { pollIntervalMs: 10 });
    const { taskRef, result } = await x.callAsync('VM.clone', 'OpaqueRef:v', 'copy');
    expect(taskRef).toBe('OpaqueRef:task1');
    await expect(result).resolves.toBe('OpaqueRef:new');
    await vi.waitFor(() => expect(calls.map(([m]) => m)).toEqual(['Async.VM.clone', 'task.get_record', 'task.get_record', 'task.get_record', 'task.destroy']));
    expect(calls[0]).toEqual(['Async.VM.clone', ['OpaqueRef:v', 'copy']]);
    expect(calls[4]).toEqual(['task.destroy', ['OpaqueRef:task1']]);
  });

  it('callAsync: a caller-supplied waiter, failure → the exact XapiError, cancel → task.cancel and TASK_CANCELLED', async () => {
    const { fn, calls } = scripted({ 'Async.VM.start': () => 'OpaqueRef:t2', 'task.cancel': () => '', 'task.destroy': () => '' });
    const failing = new TypedXapi(fn, { waitForTask: async () => ({ status: 'failure', error_info: ['VM_BAD_POWER_STATE', 'OpaqueRef:v', 'halted', 'running'], result: '' }) });
    const a = await failing.callAsync('VM.start', 'OpaqueRef:v', false, false);
    await expect(a.result).rejects.toMatchObject({ code: 'VM_BAD_POWER_STATE', params: ['OpaqueRef:v', 'halted', 'running'] });

    let finish: (() => void) | undefined;
    const cancelling = new TypedXapi(fn, {
      destroyTasks: false,
      waitForTask: () => new Promise((r) => { finish = () => r({ status: 'cancelled', error_info: ['TASK_CANCELLED', 'OpaqueRef:t2'] }); }),
    });
    const b = await cancelling.callAsync('VM.start', 'OpaqueRef:v', false, false);
    await b.cancel();
    finish?.();
    const err = await b.result.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(XapiError);
    expect(err).toMatchObject({ code: 'TASK_CANCELLED', params: ['OpaqueRef:t2'] });
    expect(calls.filter(([m]) => m === 'task.cancel')).toEqual([['task.cancel', ['OpaqueRef:t2']]]);
    expect(calls.filter(([m]) => m === 'task.destroy')).toHaveLength(1); // only the first client destroys
  });

  it('startAsync: only starts the task (no polling, no destroy), and refuses what has no Async. form', async () => {
    const { fn, calls } = scripted({ 'Async.pool.join': () => 'OpaqueRef:t3' });
    const x = new TypedXapi(fn);
    vi.useFakeTimers();
    try {
      expect(await x.startAsync('pool.join', '10.0.0.1', 'root', 'pw')).toBe('OpaqueRef:t3');
      // Nothing was scheduled: running every timer (a poll would be one) calls nothing more.
      expect(vi.getTimerCount()).toBe(0);
      await vi.runAllTimersAsync();
    } finally {
      vi.useRealTimers();
    }
    expect(calls).toEqual([['Async.pool.join', ['10.0.0.1', 'root', 'pw']]]);
    await expect(x.startAsync('VM.get_record', 'OpaqueRef:v')).rejects.toMatchObject({ code: 'UNKNOWN_METHOD' });
    const empty = scripted({ 'Async.pool.eject': () => 'nope' });
    await expect(new TypedXapi(empty.fn).startAsync('pool.eject', 'OpaqueRef:h')).rejects.toMatchObject({ code: 'INVALID_RESPONSE' });
  });

  it('callAsync rejects when the server returns no task ref', async () => {
    const { fn } = scripted({ 'Async.VM.start': () => '' });
    await expect(new TypedXapi(fn).callAsync('VM.start', 'OpaqueRef:v', false, false)).rejects.toMatchObject({ code: 'INVALID_RESPONSE' });
  });
});
