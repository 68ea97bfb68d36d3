// A client-side flow of several XAPI calls shown as one task, as XenCenter shows its actions: a
// task.create task that carries the flow's progress and, at the end, its outcome (status, and the
// first error as error_info), so the Events panel follows it like any Async call, and other clients
// see it too. Sub-tasks (Async calls of the flow) are followed by polling task.get_record.
import { XapiError } from '../xapi/errors';
import { isTaskFinished, taskOutcome } from '../xapi/task-result';
import type { CacheEvent } from '../cache/object-cache';
import { SUBTASK_OF_KEY } from '../../../shared/task-keys';

/** What a flow needs of a Connection (the session stays inside it). */
export interface FlowConnection {
  call<T = unknown>(method: string, args: readonly unknown[]): Promise<T>;
  readonly cache: { get(cls: string, ref: string): Record<string, unknown> | undefined; getAll(cls: string): ReadonlyMap<string, Record<string, unknown>>; apply(events: readonly CacheEvent[]): void };
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const isRef = (v: unknown): v is string => typeof v === 'string' && v.startsWith('OpaqueRef:') && v !== 'OpaqueRef:NULL';

export class FlowTask {
  #reported = 0;

  private constructor(private readonly c: FlowConnection, readonly ref: string, private readonly pollMs: number) {}

  static async create(c: FlowConnection, label: string, pollMs = 500): Promise<FlowTask> {
    const ref = await c.call<unknown>('task.create', [label, '']);
    if (!isRef(ref)) throw new XapiError('INVALID_RESPONSE', [], { message: 'task.create did not return a task reference' });
    return new FlowTask(c, ref, pollMs);
  }

  /** Sets the task's progress (0..1), skipping changes under 1 %: each one is an event to every client. */
  async progress(p: number): Promise<void> {
    const v = Math.round(Math.min(0.99, Math.max(0, p)) * 100) / 100;
    if (v - this.#reported < 0.01) return;
    this.#reported = v;
    await this.c.call('task.set_progress', [this.ref, v]).catch(() => undefined);
  }

  /**
   * Starts `Async.<method>` and waits for its task, reporting its progress scaled into [from, to] of
   * this task; resolves with the result text, rejects with the sub-task's XapiError.
   */
  async runAsync(method: string, args: readonly unknown[], from: number, to: number): Promise<unknown> {
    const sub = await this.c.call<unknown>(`Async.${method}`, args);
    if (!isRef(sub)) throw new XapiError('INVALID_RESPONSE', [], { message: `Async.${method} did not return a task reference` });
    // Shown as a step of this task, not a row of its own (best effort: the flow does not depend on it).
    await this.c.call('task.add_to_other_config', [sub, SUBTASK_OF_KEY, this.ref]).catch(() => undefined);
    try {
      for (;;) {
        const rec = await this.c.call<Record<string, unknown>>('task.get_record', [sub]);
        if (isTaskFinished(rec)) return taskOutcome(sub, rec, method);
        await this.progress(from + (to - from) * (Number(rec.progress) || 0));
        await sleep(this.pollMs);
      }
    } finally {
      // As XenCenter: the caller destroys the tasks it started once their outcome is read.
      void this.c.call('task.destroy', [sub]).catch(() => undefined);
    }
  }

  /**
   * Ends the task with the flow's outcome, then destroys it. Its final record goes into the cache
   * first: event.from may report a task changed and destroyed within one call as a bare del, and
   * the cache then delivers that record with the deletion (ObjectChange.record).
   */
  async finish(error?: unknown): Promise<void> {
    const c = this.c;
    if (error === undefined) {
      await c.call('task.set_progress', [this.ref, 1]).catch(() => undefined);
      await c.call('task.set_status', [this.ref, 'success']).catch(() => undefined);
    } else {
      const e = error instanceof XapiError ? error : new XapiError('INTERNAL_ERROR', [error instanceof Error ? error.message : String(error)]);
      await c.call('task.set_error_info', [this.ref, [e.code, ...e.params]]).catch(() => undefined);
      await c.call('task.set_status', [this.ref, 'failure']).catch(() => undefined);
    }
    const rec = await c.call<unknown>('task.get_record', [this.ref]).catch(() => undefined);
    if (rec && typeof rec === 'object' && !Array.isArray(rec)) c.cache.apply([{ class: 'task', operation: 'mod', ref: this.ref, snapshot: rec as Record<string, unknown> }]);
    await c.call('task.destroy', [this.ref]).catch(() => undefined);
  }
}
