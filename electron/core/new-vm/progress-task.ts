// The one task a New VM run reports on (task.create, as XenCenter does for multi-call actions):
// every client's Events panel sees it through event.from, with progress per step and the step's
// name in other_config (so a failure says where it happened). The XAPI calls of each step run
// synchronously, so no other task rows appear beside it (xapi's bookkeeping tasks of synchronous
// calls vanish when the call returns).
import type { CacheEvent } from '../cache/object-cache';
import { TypedXapi } from '../xapi/typed-client';
import type { XapiError } from '../xapi/errors';

/** other_config key holding the step being run (or the step that failed, with what cleanup did). */
export const STEP_KEY = 'xenclient_step';

export interface TaskConnection {
  call<T = unknown>(method: string, args: readonly unknown[], timeoutMs?: number): Promise<T>;
  readonly cache: { apply(events: readonly CacheEvent[]): void };
}

export class ProgressTask {
  private readonly x: TypedXapi;

  private constructor(private readonly c: TaskConnection, readonly ref: string) {
    this.x = TypedXapi.fromConnection(c);
  }

  static async create(c: TaskConnection, label: string, description: string): Promise<ProgressTask> {
    const ref = await TypedXapi.fromConnection(c).call('task.create', label, description);
    return new ProgressTask(c, ref);
  }

  /**
   * Best effort: a user without permission to write task.other_config (it needs pool-operator)
   * still gets the VM; the step is then missing from the Events panel, nothing else.
   */
  async step(name: string, progress: number): Promise<void> {
    await this.x.call('task.set_progress', this.ref, Math.max(0, Math.min(1, progress))).catch(() => undefined);
    await this.x.call('task.set_other_config', this.ref, { [STEP_KEY]: name }).catch(() => undefined);
  }

  async succeed(vmRef: string): Promise<void> {
    await this.x.call('task.set_result', this.ref, `<value>${vmRef}</value>`).catch(() => undefined);
    await this.x.call('task.set_progress', this.ref, 1).catch(() => undefined);
    await this.x.call('task.set_status', this.ref, 'success').catch(() => undefined);
  }

  /** error_info is the XAPI error itself ([code, ...params]), so clients show its words and code. */
  async fail(err: XapiError): Promise<void> {
    await this.x.call('task.set_error_info', this.ref, [err.code, ...err.params]).catch(() => undefined);
    await this.x.call('task.set_status', this.ref, 'failure').catch(() => undefined);
  }

  /**
   * Destroys the task, as XenCenter does with the tasks it creates. Its final record goes into the
   * cache first: event.from reports an object changed and deleted between two calls as a bare del,
   * and the cache's del then carries the record to the renderer.
   */
  async end(): Promise<void> {
    const rec = await this.x.call('task.get_record', this.ref).catch(() => undefined);
    if (rec) this.c.cache.apply([{ class: 'task', operation: 'mod', ref: this.ref, snapshot: rec as unknown as Record<string, unknown> }]);
    await this.x.call('task.destroy', this.ref).catch(() => undefined);
  }
}
