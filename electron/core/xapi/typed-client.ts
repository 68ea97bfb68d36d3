// Every message of the XenAPI reference, typed: `call('VM.start', vm, false, false)` checks the
// method name, each parameter and the result type at compile time (shared/xapi/types.generated.ts),
// and `callAsync` runs the `Async.` form, returning the task ref and a promise of the decoded result.
// It wraps any "call with the session injected" function: a SessionClient, or a Connection (which
// re-logs in on SESSION_INVALID), so the session ref never reaches this module.
import type { XapiMethodName, XapiMethods } from '../../../shared/xapi/types.generated';
import { hasAsyncForm, messageInfo } from '../../../shared/xapi/model';
import { XapiError } from './errors';
import { isTaskFinished, taskOutcome, type TaskStateLike } from './task-result';
import type { SessionClient } from './session';

/** Sends `method` with the session ref put in front of `args`. */
export type SessionCallFn = (method: string, args: readonly unknown[]) => Promise<unknown>;

/** Messages called without a session (log in with session.ts login() instead). */
type SessionlessMethod = 'session.login_with_password' | 'session.slave_local_login_with_password';
/** Every message that takes the session as its first parameter. */
export type TypedMethodName = Exclude<XapiMethodName, SessionlessMethod>;
/**
 * Messages that may have an Async. form. session.* and event.* never do; the rest of the rule
 * (implicit getters and setters have none) is checked at run time by hasAsyncForm.
 */
export type AsyncMethodName = Exclude<TypedMethodName, `session.${string}` | `event.${string}`>;
export type ParamsOf<M extends XapiMethodName> = XapiMethods[M]['params'];
export type ResultOf<M extends XapiMethodName> = XapiMethods[M]['result'];

/** Resolves with the task's final state (status success | failure | cancelled). */
export type TaskWaiter = (taskRef: string) => Promise<TaskStateLike>;

export interface TypedXapiOptions {
  /**
   * How to wait for a task to finish. Default: poll task.get_record every `pollIntervalMs`. A
   * Connection can pass cacheTaskWaiter(connection.cache) to watch the task events it receives anyway.
   */
  waitForTask?: TaskWaiter;
  /** Polling interval of the default waiter (default 1000 ms; XenCenter uses 900). */
  pollIntervalMs?: number;
  /** task.destroy the task once its outcome is read, as XenCenter does (default true). */
  destroyTasks?: boolean;
}

export interface AsyncCall<R> {
  /** The task running the call ("OpaqueRef:…"). */
  taskRef: string;
  /**
   * The task's result decoded to the method's result type (void methods: ''); rejects with the
   * task's XapiError(error_info[0], error_info[1..]), or TASK_CANCELLED [taskRef] after a cancel.
   */
  result: Promise<R>;
  /** task.cancel: `result` then rejects with TASK_CANCELLED (unless the task finished first). */
  cancel(): Promise<void>;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export class TypedXapi {
  readonly #call: SessionCallFn;
  readonly #opts: TypedXapiOptions;

  constructor(call: SessionCallFn, opts: TypedXapiOptions = {}) {
    this.#call = call;
    this.#opts = opts;
  }

  static fromSession(session: SessionClient, opts: TypedXapiOptions = {}): TypedXapi {
    return new TypedXapi((method, args) => session.callWith(method, [...args]), opts);
  }

  /** A Connection (or anything with its call signature): calls re-log in on SESSION_INVALID. */
  static fromConnection(conn: { call(method: string, args: readonly unknown[]): Promise<unknown> }, opts: TypedXapiOptions = {}): TypedXapi {
    return new TypedXapi((method, args) => conn.call(method, args), opts);
  }

  /** One message, synchronously on the server; resolves with its result (void methods: ''). */
  call<M extends TypedMethodName>(method: M, ...args: ParamsOf<M>): Promise<ResultOf<M>> {
    const info = messageInfo(method);
    if (!info) return Promise.reject(unknownMethod(method));
    if (!info.takesSession) return Promise.reject(new XapiError('UNKNOWN_METHOD', [method], { message: `${method} takes no session: use login()` }));
    return this.#call(method, args) as Promise<ResultOf<M>>;
  }

  /**
   * `Async.<method>`: resolves once the server created the task, with its ref and the promise of
   * the outcome. Rejects at once (nothing sent) for a message without an Async. form.
   */
  async callAsync<M extends AsyncMethodName>(method: M, ...args: ParamsOf<M>): Promise<AsyncCall<ResultOf<M>>> {
    const taskRef = await this.startAsync(method, ...args);
    const result = this.#outcome(taskRef, method) as Promise<ResultOf<M>>;
    // The caller may attach its handlers later: no unhandled-rejection warning in between.
    result.catch(() => undefined);
    return { taskRef, result, cancel: () => this.cancelTask(taskRef) };
  }

  /**
   * `Async.<method>` without following the task: resolves with its ref once the server created it.
   * For callers that watch the task through the event stream anyway (the renderer's Events panel).
   */
  async startAsync<M extends AsyncMethodName>(method: M, ...args: ParamsOf<M>): Promise<string> {
    const info = messageInfo(method);
    if (!info) throw unknownMethod(method);
    if (!info.takesSession || !hasAsyncForm(info)) {
      throw new XapiError('UNKNOWN_METHOD', [`Async.${method}`], { message: `${method} has no Async. form (getters, setters, session.* and event.* run synchronously: use call())` });
    }
    const taskRef = await this.#call(`Async.${method}`, args);
    if (typeof taskRef !== 'string' || !taskRef.startsWith('OpaqueRef:')) {
      throw new XapiError('INVALID_RESPONSE', [], { message: `Async.${method} returned no task reference` });
    }
    return taskRef;
  }

  /** task.cancel (the task then ends cancelled, or finishes normally if it was too late). */
  async cancelTask(taskRef: string): Promise<void> {
    await this.call('task.cancel', taskRef);
  }

  async #outcome(taskRef: string, method: string): Promise<unknown> {
    const wait = this.#opts.waitForTask ?? ((ref: string) => this.#pollTask(ref));
    const state = await wait(taskRef);
    try {
      return taskOutcome(taskRef, state, method);
    } finally {
      // Best effort, as XenCenter: a task left behind is destroyed by the server later anyway.
      if (this.#opts.destroyTasks ?? true) this.call('task.destroy', taskRef).catch(() => undefined);
    }
  }

  async #pollTask(taskRef: string): Promise<TaskStateLike> {
    const interval = Math.max(10, this.#opts.pollIntervalMs ?? 1000);
    for (;;) {
      const rec = await this.call('task.get_record', taskRef);
      if (isTaskFinished(rec)) return rec;
      await sleep(interval);
    }
  }
}

function unknownMethod(method: string): XapiError {
  return new XapiError('UNKNOWN_METHOD', [method], { message: `${method} is not a message of the XenAPI` });
}

/**
 * A TaskWaiter that watches a connection's object cache (fed by its event.from loop, so no extra
 * calls): checks the task's record every `intervalMs` until it is final. Falls back to nothing
 * else: pass a timeout-aware waiter if the connection may stop receiving events.
 */
export function cacheTaskWaiter(cache: { get(cls: string, ref: string): Record<string, unknown> | undefined }, intervalMs = 100): TaskWaiter {
  return async (taskRef) => {
    for (;;) {
      const rec = cache.get('task', taskRef);
      if (rec && isTaskFinished(rec)) return rec;
      await sleep(intervalMs);
    }
  };
}
