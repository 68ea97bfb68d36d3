// A task the client makes with task.create for work of several XAPI calls, as XenCenter does for
// its actions: it carries the work's progress, optionally the step being run (other_config
// STEP_KEY), and at the end its outcome (status, result, or the first error as error_info), so the
// Events panel of every client follows it like an Async call. Async calls made on its behalf
// (runAsync) are followed by polling task.get_record and marked as its steps (SUBTASK_OF_KEY).
// Used by the host maintenance flows, New VM and Delete VM.
import { XapiError } from '../xapi/errors';
import { isTaskFinished, taskOutcome } from '../xapi/task-result';
import { TypedXapi, type AsyncMethodName, type ParamsOf, type ResultOf } from '../xapi/typed-client';
import type { CacheEvent } from '../cache/object-cache';
import { NOTE_KEY, STEP_KEY, SUBTASK_OF_KEY } from '../../../shared/task-keys';

/** What a client task needs of a Connection (the session stays inside it). */
export interface TaskConnection {
  call<T = unknown>(method: string, args: readonly unknown[]): Promise<T>;
  /** The connection's object cache: the task's final record goes in before the task is destroyed. */
  readonly cache: { apply(events: readonly CacheEvent[]): void; markStep?(taskRef: string, parentRef: string): void };
}

export interface ClientTaskOptions {
  /** task.create's description (default ''). */
  description?: string;
  /** How often runAsync polls its sub-task (default 500 ms). */
  pollMs?: number;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const isRef = (v: unknown): v is string => typeof v === 'string' && v.startsWith('OpaqueRef:') && v !== 'OpaqueRef:NULL';

export class ClientTask {
  #reported = 0;
  readonly #x: TypedXapi;

  private constructor(private readonly c: TaskConnection, readonly ref: string, private readonly pollMs: number) {
    this.#x = TypedXapi.fromConnection(c);
  }

  static async create(c: TaskConnection, label: string, opts: ClientTaskOptions = {}): Promise<ClientTask> {
    const ref: unknown = await TypedXapi.fromConnection(c).call('task.create', label, opts.description ?? '');
    if (!isRef(ref)) throw new XapiError('INVALID_RESPONSE', [], { message: 'task.create did not return a task reference' });
    return new ClientTask(c, ref, opts.pollMs ?? 500);
  }

  /**
   * Sets the task's progress (0..1), skipping changes under 1 %: each one is an event to every
   * client. Stays under 1 until the task ends, so no client shows 100 % while it still runs.
   */
  async progress(p: number): Promise<void> {
    const v = Math.round(Math.min(0.99, Math.max(0, p)) * 100) / 100;
    if (v - this.#reported < 0.01) return;
    this.#reported = v;
    await this.#x.call('task.set_progress', this.ref, v).catch(() => undefined);
  }

  /**
   * Names the step being run (other_config STEP_KEY, shown by the Events panel), with its progress.
   * Best effort: a user without permission to write task.other_config (it needs pool-operator)
   * still gets the work done; the step is then missing from the Events panel, nothing else.
   */
  async step(name: string, progress?: number): Promise<void> {
    if (progress !== undefined) await this.progress(progress);
    await this.#x.call('task.set_other_config', this.ref, { [STEP_KEY]: name }).catch(() => undefined);
  }

  /**
   * Leaves a note in words on the task (other_config NOTE_KEY) that the Events panel shows once it has
   * succeeded. Best effort, as step(): without permission to write it, the note is lost, nothing else.
   */
  async note(text: string): Promise<void> {
    await this.#x.call('task.add_to_other_config', this.ref, NOTE_KEY, text).catch(() => undefined);
  }

  /**
   * Starts `Async.<method>` and waits for its task, reporting its progress scaled into [from, to] of
   * this task; resolves with the decoded result, rejects with the sub-task's XapiError. The method
   * and its arguments are checked against the data model (typed-client.ts) at compile time.
   */
  async runAsync<M extends AsyncMethodName>(method: M, args: ParamsOf<M>, from: number, to: number): Promise<ResultOf<M>> {
    const sub = await this.c.call<unknown>(`Async.${method}`, args);
    if (!isRef(sub)) throw new XapiError('INVALID_RESPONSE', [], { message: `Async.${method} did not return a task reference` });
    // Shown as a step of this task, not a row of its own: at once in this client's cache, then on the
    // server for every other client (best effort: the work does not depend on it).
    this.c.cache.markStep?.(sub, this.ref);
    await this.#x.call('task.add_to_other_config', sub, SUBTASK_OF_KEY, this.ref).catch(() => undefined);
    try {
      for (;;) {
        const rec = await this.#x.call('task.get_record', sub);
        if (isTaskFinished(rec)) return taskOutcome(sub, rec, method) as ResultOf<M>;
        await this.progress(from + (to - from) * (Number(rec.progress) || 0));
        await sleep(this.pollMs);
      }
    } finally {
      // As XenCenter: the caller destroys the tasks it started once their outcome is read.
      void this.#x.call('task.destroy', sub).catch(() => undefined);
    }
  }

  /** Ends the task with the work's outcome: success without an error, else failure with it. */
  finish(error?: unknown): Promise<void> {
    return error === undefined ? this.succeed() : this.fail(error);
  }

  /** Ends the task as a success (with `result`, the XML-RPC value text xapi puts there), then destroys it. */
  async succeed(result?: string): Promise<void> {
    if (result !== undefined) await this.#x.call('task.set_result', this.ref, result).catch(() => undefined);
    await this.#x.call('task.set_progress', this.ref, 1).catch(() => undefined);
    await this.#x.call('task.set_status', this.ref, 'success').catch(() => undefined);
    await this.destroy();
  }

  /**
   * Ends the task as a failure, then destroys it. Progress 1 as xapi gives every finished task;
   * error_info is the XAPI error itself ([code, ...params]), so clients show its words and code; it
   * is set before the status, so a client never sees a failed task without its error (and an older
   * server without set_error_info still learns that it failed).
   */
  async fail(error: unknown): Promise<void> {
    const e = error instanceof XapiError ? error : new XapiError('INTERNAL_ERROR', [error instanceof Error ? error.message : String(error)]);
    await this.#x.call('task.set_progress', this.ref, 1).catch(() => undefined);
    await this.#x.call('task.set_error_info', this.ref, [e.code, ...e.params]).catch(() => undefined);
    await this.#x.call('task.set_status', this.ref, 'failure').catch(() => undefined);
    await this.destroy();
  }

  /**
   * Destroys the task, as XenCenter does with the tasks it creates. Its final record goes into the
   * cache first: event.from reports an object changed and destroyed between two calls as a bare
   * del, and the cache's del then carries that record to the renderer (ObjectChange.record).
   */
  private async destroy(): Promise<void> {
    const rec: unknown = await this.#x.call('task.get_record', this.ref).catch(() => undefined);
    if (rec && typeof rec === 'object' && !Array.isArray(rec)) this.c.cache.apply([{ class: 'task', operation: 'mod', ref: this.ref, snapshot: rec as Record<string, unknown> }]);
    await this.#x.call('task.destroy', this.ref).catch(() => undefined);
  }
}
