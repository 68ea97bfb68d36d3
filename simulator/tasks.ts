// Tasks (SEMANTICS.md 10.1-10.2, FORMATS.md 2.4/4.3): Async calls return a task at once and run in
// the background; sync calls of messages with an async form run inside a task that is destroyed
// when the call returns.
import type { MessageInfo } from '../shared/xapi/model';
import { EPOCH, NULL_REF } from './fields';
import { nowDatetime, type CallCtx, type Handler, type Sim } from './sim';
import { XapiError } from './xapi-error';
import { xmlRpcText } from './xmlrpc-text';
import { rolesFrom } from './rbac';
import { quickCalls, type MethodModule } from './method-module';

/** Who made each task (the caller's user), for task.cancel/destroy of another user's task (§10.1). */
const owners = new WeakMap<Sim, Map<string, string>>();
const userOf = (sim: Sim, session: string): string => {
  const s = sim.db.get('session', session);
  return s ? `${String(s.auth_user_sid)}|${String(s.auth_user_name)}` : '';
};
function setOwner(sim: Sim, task: string, session: string): void {
  let m = owners.get(sim);
  if (!m) owners.set(sim, (m = new Map()));
  m.set(task, userOf(sim, session));
}
/** SEMANTICS.md 10.1: a user may cancel or destroy their own tasks; another user's need the extra
 * permission task.destroy/any (pool-operator and up). */
function assertMayTouch(ctx: CallCtx, task: string): void {
  const owner = owners.get(ctx.sim)?.get(task);
  const s = ctx.sim.db.get('session', ctx.session);
  if (owner === undefined || !s || s.is_local_superuser === true || owner === userOf(ctx.sim, ctx.session)) return;
  if (((s.rbac_permissions as string[]) ?? []).includes('task.destroy/any')) return;
  throw new XapiError('RBAC_PERMISSION_DENIED', ['task.destroy/any', `No permission in user session. (Roles with this permission: ${rolesFrom('pool-operator').join(', ')})`]);
}

export function createTask(sim: Sim, label: string, description = '', cancellable = false): string {
  return sim.db.create('task', {
    name_label: label, name_description: description, status: 'pending', progress: 0, created: nowDatetime(),
    finished: EPOCH, resident_on: sim.coordinator(), type: '<none/>', result: '', error_info: [], backtrace: '()',
    subtask_of: NULL_REF, allowed_operations: cancellable ? ['cancel'] : [], current_operations: {}, other_config: {},
  });
}

export function finish(sim: Sim, task: string, patch: Record<string, unknown>): void {
  const rec = sim.db.get('task', task);
  if (!rec) return;
  sim.db.update('task', task, { ...patch, progress: 1, finished: nowDatetime(), allowed_operations: [] });
  sim.taskCancels.delete(task);
  // task.destroy on a pending task marks it; it goes once complete (SEMANTICS.md 10.1).
  if (Object.values((rec.current_operations ?? {}) as Record<string, string>).includes('destroy')) sim.db.delete('task', task);
}

export function errorPatch(task: string, e: unknown): Record<string, unknown> {
  const err = e instanceof XapiError ? e : new XapiError('INTERNAL_ERROR', [String((e as Error)?.message ?? e)]);
  return {
    status: err.code === 'TASK_CANCELLED' ? 'cancelled' : 'failure',
    error_info: err.code === 'TASK_CANCELLED' && err.params.length === 0 ? [err.code, task] : err.toArray(),
    backtrace: '()', result: '',
  };
}

/** Starts handler as an Async task; returns the task ref at once. */
export function startAsync(sim: Sim, m: MessageInfo, handler: Handler, ctx: CallCtx, args: unknown[]): string {
  const task = createTask(sim, `Async.${m.wire}`, '', true);
  setOwner(sim, task, ctx.session);
  const ctl = new AbortController();
  sim.taskCancels.set(task, ctl);
  const tctx: CallCtx = { ...ctx, task, async: true, cancel: ctl.signal, connection: new AbortController().signal };
  void (async () => {
    try {
      const v = await handler(tctx, args);
      finish(sim, task, { status: 'success', result: xmlRpcText(v, m.result) });
    } catch (e) {
      finish(sim, task, errorPatch(task, e));
    }
  })();
  return task;
}

/** Runs a sync call inside a short-lived task named after the call. */
export async function runSyncInTask(sim: Sim, m: MessageInfo, handler: Handler, ctx: CallCtx, args: unknown[]): Promise<unknown> {
  const task = createTask(sim, m.wire, '', true);
  setOwner(sim, task, ctx.session);
  const ctl = new AbortController();
  sim.taskCancels.set(task, ctl);
  try {
    return await handler({ ...ctx, task, async: false, cancel: ctl.signal }, args);
  } finally {
    sim.taskCancels.delete(task);
    sim.db.delete('task', task);
  }
}

function taskRef(sim: Sim, ref: unknown): string {
  const r = String(ref);
  if (!sim.db.get('task', r)) throw new XapiError('HANDLE_INVALID', ['task', r]);
  return r;
}

const taskHandlers: Record<string, Handler> = {
  'task.create': (ctx, [label, description]) => { const t = createTask(ctx.sim, String(label), String(description)); setOwner(ctx.sim, t, ctx.session); return t; },
  'task.cancel': (ctx, [ref]) => {
    const t = taskRef(ctx.sim, ref);
    assertMayTouch(ctx, t);
    const rec = ctx.sim.db.get('task', t)!;
    if (rec.status !== 'pending') return '';
    const ctl = ctx.sim.taskCancels.get(t);
    ctx.sim.db.update('task', t, { current_operations: { ...(rec.current_operations as object), [ctx.task ?? 'cancel']: 'cancel' } });
    if (ctl) ctl.abort();
    else finish(ctx.sim, t, { status: 'cancelled', error_info: ['TASK_CANCELLED', t] }); // task.create tasks: nobody else notices
    return '';
  },
  'task.destroy': (ctx, [ref]) => {
    const t = taskRef(ctx.sim, ref);
    assertMayTouch(ctx, t);
    const rec = ctx.sim.db.get('task', t)!;
    if (rec.status === 'pending' && ctx.sim.taskCancels.has(t)) {
      ctx.sim.db.update('task', t, { current_operations: { ...(rec.current_operations as object), destroy: 'destroy' } });
    } else ctx.sim.db.delete('task', t);
    return '';
  },
  'task.set_status': (ctx, [ref, v]) => { ctx.sim.db.update('task', taskRef(ctx.sim, ref), { status: String(v) }); return ''; },
  'task.set_progress': (ctx, [ref, v]) => { ctx.sim.db.update('task', taskRef(ctx.sim, ref), { progress: Number(v) }); return ''; },
  'task.set_result': (ctx, [ref, v]) => { ctx.sim.db.update('task', taskRef(ctx.sim, ref), { result: String(v) }); return ''; },
  'task.set_error_info': (ctx, [ref, v]) => { ctx.sim.db.update('task', taskRef(ctx.sim, ref), { error_info: (v as string[]) ?? [] }); return ''; },
};

export const taskMethods: MethodModule = quickCalls(taskHandlers);
