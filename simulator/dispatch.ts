// Method table built from the data model: every message of every class resolves to a custom
// handler, a generic one (implicit getters/setters/...), or NOT_IMPLEMENTED; Async.* forms run as
// tasks. Checks in xapi's order: known name, parameter count, session.
import { allMessages, hasAsyncForm, messageInfo } from '../shared/xapi/model';
import { eventMethods } from './events';
import { genericHandler } from './methods/generic';
import { messageMethods } from './methods/message';
import { sessionMethods } from './methods/session';
import { vmPowerMethods } from './methods/vm-power';
import type { CallCtx, Sim } from './sim';
import { runSyncInTask, startAsync, taskMethods } from './tasks';
import { XapiError } from './xapi-error';
import { checkParams } from './params';
import { checkRbac, roleMethods } from './rbac';
import { TABLE_CLASSES } from './db';
import { lifecycleMethods } from './methods/vm-lifecycle';
import { storageMethods } from './methods/storage';
import { hostMethods } from './methods/host';
import { poolMethods } from './methods/pool';
import { srMethods } from './methods/sr';
import { networkMethods } from './methods/network';
import { vmMigrateMethods } from './methods/vm-migrate';
import { scheduleMethods } from './methods/schedules';
import { importMethods } from './methods/vm-import';
import { haPlanMethods } from './methods/ha';
import { hostPluginMethods } from './methods/host-plugins';
import { applianceMethods } from './methods/vm-appliance';
import { authMethods } from './methods/auth';
import { mergeModules } from './method-module';

/** Every module's handlers, and the sync calls that run inside a visible task (SEMANTICS.md 10.2),
 * as each module declares them (method-module.ts). */
const { handlers: CUSTOM, tasked: SYNC_TASKED } = mergeModules([
  sessionMethods, messageMethods, eventMethods, taskMethods, roleMethods,
  vmPowerMethods, lifecycleMethods, storageMethods, hostMethods, poolMethods, srMethods, networkMethods,
  vmMigrateMethods, scheduleMethods, importMethods, haPlanMethods, hostPluginMethods, applianceMethods, authMethods,
]);
const TABLES = new Set(TABLE_CLASSES);

export function installHandlers(sim: Sim): void {
  for (const m of allMessages()) {
    const h = CUSTOM[m.wire] ?? genericHandler(m);
    if (h) sim.handlers.set(m.wire, h);
  }
}

export function listMethods(): string[] {
  const out = ['system.listMethods'];
  for (const m of allMessages()) {
    out.push(m.wire);
    if (hasAsyncForm(m)) out.push(`Async.${m.wire}`);
  }
  return out;
}

export interface CallEnv {
  connection: AbortSignal;
  hostAddress: string;
  /** The request's User-Agent header ('' when absent): which client a fault hit (faults.ts). */
  userAgent?: string;
  /** Fault injection (faults.ts): may wait, throw a XapiError, or answer with a raw HTTP status. */
  beforeCall?: (method: string, env: CallEnv) => Promise<RawReply | undefined>;
}

/** A reply that is not JSON-RPC (an injected HTTP 5xx). */
export interface RawReply { status: number; text: string }

export async function dispatch(sim: Sim, method: string, params: unknown[], env: CallEnv): Promise<unknown> {
  if (method === 'system.listMethods') return listMethods();
  const isAsync = method.startsWith('Async.');
  const m = messageInfo(isAsync ? method.slice(6) : method);
  if (!m || (isAsync && !hasAsyncForm(m))) throw new XapiError('MESSAGE_METHOD_UNKNOWN', [method]);
  const expected = m.paramTypes.length + (m.takesSession ? 1 : 0);
  // login_with_password takes 2, 3 or 4 parameters (WIRE.md "Sessions").
  const countOk = m.wire === 'session.login_with_password' ? params.length >= 2 && params.length <= 4 : params.length === expected;
  if (!countOk) throw new XapiError('MESSAGE_PARAMETER_COUNT_MISMATCH', [method, String(expected), String(params.length)]);
  let session = '';
  let args = params;
  let sessionRec: Record<string, unknown> | undefined;
  if (m.takesSession) {
    session = String(params[0]);
    sessionRec = sim.db.get('session', session);
    if (!sessionRec) throw new XapiError('SESSION_INVALID', [session]);
    args = params.slice(1);
  }
  args = checkParams(m, args);
  if (sessionRec) checkRbac(sessionRec, m, args);
  // The object a message acts on (first parameter of the class's own ref type) must exist.
  if (m.paramTypes[0] === `${m.cls} ref` && TABLES.has(m.cls) && m.cls !== 'role' && !sim.db.get(m.cls, String(args[0]))) {
    throw new XapiError('HANDLE_INVALID', [m.cls, String(args[0])]);
  }
  const handler = sim.handlers.get(m.wire);
  if (!handler) throw new XapiError('NOT_IMPLEMENTED', [method]);
  const ctx: CallCtx = { sim, session, method, async: isAsync, connection: env.connection, hostAddress: env.hostAddress };
  if (isAsync) return startAsync(sim, m, handler, ctx, args);
  if (SYNC_TASKED.has(m.wire)) return runSyncInTask(sim, m, handler, ctx, args);
  return handler(ctx, args);
}
