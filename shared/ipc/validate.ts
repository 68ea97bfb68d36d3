// Validates a request from the renderer before main acts on it: known channel, exact argument
// shape, bounded strings. The renderer is treated as untrusted (a compromised page must not be
// able to call session.* or pass a session ref).
import { REQUEST_CHANNELS, type RequestChannel, type RequestArgs } from './contract';

export class ContractError extends Error {
  readonly code = 'IPC_INVALID_REQUEST';
}

const MAX_STRING = 64 * 1024;
const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;

function str(o: Record<string, unknown>, key: string, { allowEmpty = false } = {}): string {
  const v = o[key];
  if (typeof v !== 'string' || v.length > MAX_STRING || (!allowEmpty && v.length === 0)) {
    throw new ContractError(`"${key}" must be a ${allowEmpty ? '' : 'non-empty '}string`);
  }
  return v;
}
function exactKeys(o: Record<string, unknown>, keys: string[]): void {
  for (const k of Object.keys(o)) if (!keys.includes(k)) throw new ContractError(`unexpected field "${k}"`);
}
/** JSON-able values only, bounded depth: what a XAPI call may carry. */
function plainValue(v: unknown, depth = 0): void {
  if (depth > 16) throw new ContractError('argument nested too deeply');
  if (v === null || typeof v === 'boolean' || typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v))) return;
  if (Array.isArray(v)) { v.forEach((x) => plainValue(x, depth + 1)); return; }
  if (isPlainObject(v)) { Object.values(v).forEach((x) => plainValue(x, depth + 1)); return; }
  throw new ContractError('arguments must be plain JSON values');
}
const METHOD = /^[A-Za-z_]+\.[A-Za-z_0-9]+$/;
function xapiCallArgs(o: Record<string, unknown>): { connectionId: string; method: string; args: unknown[] } {
  exactKeys(o, ['connectionId', 'method', 'args']);
  const method = str(o, 'method');
  if (!METHOD.test(method)) throw new ContractError(`"${method}" is not a XAPI method name`);
  // Sessions belong to the main process: the renderer may neither create, read nor end one.
  if (/^(session|event)\./i.test(method)) throw new ContractError(`${method} is reserved to the main process`);
  if (!Array.isArray(o.args) || o.args.length > 32) throw new ContractError('"args" must be an array');
  plainValue(o.args);
  return { connectionId: str(o, 'connectionId'), method, args: o.args };
}

export function validateRequest<C extends RequestChannel>(channel: unknown, payload: unknown): { channel: C; args: RequestArgs<C> } {
  if (typeof channel !== 'string' || !(REQUEST_CHANNELS as readonly string[]).includes(channel)) {
    throw new ContractError(`unknown channel ${JSON.stringify(channel)}`);
  }
  if (!isPlainObject(payload)) throw new ContractError('payload must be an object');
  const o = payload;
  let args: unknown;
  switch (channel as RequestChannel) {
    case 'servers.add':
      exactKeys(o, ['address', 'user', 'password']);
      args = { address: str(o, 'address').trim(), user: str(o, 'user'), password: str(o, 'password', { allowEmpty: true }) };
      break;
    case 'servers.demo':
    case 'state.snapshot':
      exactKeys(o, []);
      args = {};
      break;
    case 'servers.disconnect':
    case 'servers.remove':
      exactKeys(o, ['connectionId']);
      args = { connectionId: str(o, 'connectionId') };
      break;
    case 'xapi.call':
    case 'xapi.callAsync':
      args = xapiCallArgs(o);
      break;
  }
  return { channel: channel as C, args: args as RequestArgs<C> };
}
