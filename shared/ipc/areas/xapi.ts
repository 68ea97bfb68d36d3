// XAPI calls: the renderer's own calls, with the connection's session injected by main. Messages
// that create, read or end sessions (or return secrets) are refused here and stay in main.
import { rendererCallRefusal } from '../../xapi/renderer-calls';
import { ContractError, MAX_STRING, RefusedCallError, exactKeys, isPlainObject, str, type Validators } from '../checks';

export interface XapiRequests {
  /** A synchronous XAPI call with the connection's session injected first. */
  'xapi.call': { args: { connectionId: string; method: string; args: unknown[] }; result: unknown };
  /** `Async.<method>`: resolves with the task ref as soon as the server returns it. */
  'xapi.callAsync': { args: { connectionId: string; method: string; args: unknown[] }; result: { taskRef: string } };
}

/** Bounds for xapi.call arguments: longest string, all strings together, and number of values. */
const MAX_ARG_STRING = 1024 * 1024;
const MAX_ARG_CHARS = 4 * 1024 * 1024;
const MAX_ARG_VALUES = 100_000;
/**
 * JSON-able values only, bounded depth and size: what a XAPI call may carry. The size budget is
 * new: strings inside args were unbounded (an 8 MiB string or a million-element array passed),
 * so a compromised renderer could make main serialise and send arbitrarily large requests.
 */
function plainValue(v: unknown, depth = 0, budget = { chars: MAX_ARG_CHARS, values: MAX_ARG_VALUES }): void {
  if (depth > 16) throw new ContractError('argument nested too deeply');
  if (--budget.values < 0) throw new ContractError('arguments too large');
  if (typeof v === 'string') {
    budget.chars -= v.length;
    if (v.length > MAX_ARG_STRING || budget.chars < 0) throw new ContractError('argument string too long');
    return;
  }
  if (v === null || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v))) return;
  if (Array.isArray(v)) {
    if (v.length > budget.values) throw new ContractError('arguments too large');
    for (const x of v) plainValue(x, depth + 1, budget);
    return;
  }
  if (isPlainObject(v)) {
    for (const [k, x] of Object.entries(v)) {
      budget.chars -= k.length;
      if (k.length > MAX_STRING || budget.chars < 0) throw new ContractError('argument key too long');
      plainValue(x, depth + 1, budget);
    }
    return;
  }
  throw new ContractError('arguments must be plain JSON values');
}

const METHOD = /^[A-Za-z_]+\.[A-Za-z_0-9]+$/;
function xapiCallArgs(o: Record<string, unknown>): { connectionId: string; method: string; args: unknown[] } {
  exactKeys(o, ['connectionId', 'method', 'args']);
  const method = str(o, 'method');
  if (!METHOD.test(method)) throw new ContractError(`"${method}" is not a XAPI method name`);
  // Sessions and secrets belong to the main process: the renderer may neither create, read nor
  // end a session, nor call a message whose result (or Async task result) holds one.
  const refusal = rendererCallRefusal(method);
  if (refusal) throw new RefusedCallError(method, refusal);
  if (!Array.isArray(o.args) || o.args.length > 32) throw new ContractError('"args" must be an array');
  plainValue(o.args);
  return { connectionId: str(o, 'connectionId'), method, args: o.args };
}

export const XAPI_VALIDATORS: Validators<XapiRequests> = {
  'xapi.call': xapiCallArgs,
  'xapi.callAsync': xapiCallArgs,
};
