// A finished task's outcome (FORMATS.md §2.4, WIRE.md "Async calls and tasks"): success → its
// `result` text (one XML-RPC value, also under JSON-RPC) decoded and shaped by the method's model
// result type; failure → XapiError(error_info[0], error_info[1..]); cancelled → TASK_CANCELLED [task].
import { messageInfo } from '../../../shared/xapi/model';
import { XapiError, paramToString } from './errors';
import { parseXmlRpcValue, shapeBySchema } from './xmlrpc-codec';

/** The task fields an outcome is read from (a task.get_record result or an event snapshot). */
export interface TaskStateLike { status?: unknown; result?: unknown; error_info?: unknown }

/** pending and cancelling are still running; success, failure and cancelled are final. */
export function isTaskFinished(t: TaskStateLike): boolean {
  return t.status === 'success' || t.status === 'failure' || t.status === 'cancelled';
}

/**
 * A task's result text as a value of the method's result type (`method` without "Async."):
 * `<value>OpaqueRef:…</value>` → the ref; `<value></value>` (void) → ''; `""` (no result, e.g. a
 * task from task.create) → ''; structs, arrays, ints and floats as JSON-RPC would give them.
 */
export function decodeTaskResult(text: unknown, method: string): unknown {
  if (text === '' || text === undefined || text === null) return '';
  if (typeof text !== 'string') {
    throw new XapiError('INVALID_RESPONSE', [], { message: `The result of the ${method} task is not text: ${paramToString(text)}` });
  }
  let v: unknown;
  try {
    v = parseXmlRpcValue(text);
  } catch (e) {
    throw new XapiError('INVALID_RESPONSE', [], { message: `The result of the ${method} task could not be read: ${(e as Error).message}`, cause: e });
  }
  return shapeBySchema(v, messageInfo(method)?.result);
}

/** The final outcome of a finished task: its decoded result, or throws its XapiError. */
export function taskOutcome(taskRef: string, t: TaskStateLike, method: string): unknown {
  if (t.status === 'success') return decodeTaskResult(t.result, method);
  if (t.status === 'cancelled') return fail(new XapiError('TASK_CANCELLED', [taskRef], { fromServer: true }));
  if (t.status === 'failure') {
    const info = Array.isArray(t.error_info) ? t.error_info.map(paramToString) : [];
    if (info.length === 0) return fail(new XapiError('INVALID_RESPONSE', [], { message: `The ${method} task failed without saying why` }));
    return fail(new XapiError(info[0], info.slice(1), { fromServer: true }));
  }
  return fail(new XapiError('INVALID_RESPONSE', [], { message: `The ${method} task has an unknown status ${paramToString(t.status)}` }));
}

function fail(e: XapiError): never {
  throw e;
}
