// Validates a request from the renderer before main acts on it: known channel, exact argument
// shape, bounded strings. The renderer is treated as untrusted (a compromised page must not be
// able to call session.* or a message whose result holds a session or secret: see
// shared/xapi/renderer-calls.ts).
import { parseNetworkChange } from '../network/change';
import { REQUEST_CHANNELS, type RequestChannel, type RequestArgs } from './contract';
import { metricsRange } from '../metrics/ranges';
import { parseNewVmSpec } from '../new-vm/spec';
import { HOST_MAINTENANCE_ACTIONS } from '../host/maintenance';
import { rendererCallRefusal } from '../xapi/renderer-calls';
import { CONFIRMATION_IDS, isConfirmationId } from '../settings/confirmations';

export class ContractError extends Error {
  readonly code: string = 'IPC_INVALID_REQUEST';
}

/** A well-formed xapi.call / xapi.callAsync of a message that stays in main (not on the allow-list). */
export class RefusedCallError extends ContractError {
  override readonly code = 'IPC_CALL_REFUSED';
  constructor(readonly method: string, reason: string) {
    super(`${method} cannot be called from the renderer: ${reason}; it stays in the main process`);
  }
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
function optStr(o: Record<string, unknown>, key: string, max = MAX_STRING): string | undefined {
  if (o[key] === undefined) return undefined;
  const v = o[key];
  if (typeof v !== 'string' || v.length > max) throw new ContractError(`"${key}" must be a string of at most ${max} characters`);
  return v;
}
function bool(o: Record<string, unknown>, key: string): boolean {
  if (typeof o[key] !== 'boolean') throw new ContractError(`"${key}" must be true or false`);
  return o[key] as boolean;
}
/** Longest friendly name and server list import accepted. */
const MAX_NAME = 256;
const MAX_IMPORT = 1024 * 1024;
const MAX_FILE_NAME = 1024;
function exactKeys(o: Record<string, unknown>, keys: string[]): void {
  for (const k of Object.keys(o)) if (!keys.includes(k)) throw new ContractError(`unexpected field "${k}"`);
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
const OPAQUE_REF = /^OpaqueRef:[A-Za-z0-9-]{1,64}$/;
function ref(o: Record<string, unknown>, key: string): string {
  const v = str(o, key);
  if (!OPAQUE_REF.test(v)) throw new ContractError(`"${key}" must be an OpaqueRef`);
  return v;
}
/** Most entries a VDI or VIF map may have (a VM has at most a few hundred devices). */
const MAX_MAP_ENTRIES = 1024;
/** A map from refs to refs (VDI -> SR, VIF -> network). */
function refMap(o: Record<string, unknown>, key: string): Record<string, string> {
  const v = o[key];
  if (!isPlainObject(v)) throw new ContractError(`"${key}" must be an object`);
  const entries = Object.entries(v);
  if (entries.length > MAX_MAP_ENTRIES) throw new ContractError(`"${key}" has too many entries`);
  const out: Record<string, string> = {};
  for (const [k, x] of entries) {
    if (!OPAQUE_REF.test(k) || typeof x !== 'string' || !OPAQUE_REF.test(x)) throw new ContractError(`"${key}" must map OpaqueRefs to OpaqueRefs`);
    out[k] = x;
  }
  return out;
}
/** A list of distinct refs (a VM's disks or snapshots). */
function refList(o: Record<string, unknown>, key: string): string[] {
  const v = o[key];
  if (!Array.isArray(v) || v.length > MAX_MAP_ENTRIES) throw new ContractError(`"${key}" must be an array of OpaqueRefs`);
  if (!v.every((x) => typeof x === 'string' && OPAQUE_REF.test(x))) throw new ContractError(`"${key}" must be an array of OpaqueRefs`);
  return [...new Set(v as string[])];
}
/** The name (non-blank) and description a new VM or snapshot gets. */
function vmNaming(o: Record<string, unknown>): { name: string; description: string } {
  const name = str(o, 'name').trim();
  if (!name || name.length > MAX_VM_NAME) throw new ContractError(`"name" must be a name of at most ${MAX_VM_NAME} characters`);
  const description = str(o, 'description', { allowEmpty: true });
  if (description.length > MAX_VM_NAME * 4) throw new ContractError('"description" is too long');
  return { name, description };
}
const MAX_VM_NAME = 1024;
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

export function validateRequest<C extends RequestChannel>(channel: unknown, payload: unknown): { channel: C; args: RequestArgs<C> } {
  try {
    return validateUnchecked<C>(channel, payload);
  } catch (e) {
    // Only ContractError may leave: a payload with a throwing getter or a Proxy (possible for the
    // in-process callers, which get no structured clone) used to surface its own TypeError.
    if (e instanceof ContractError) throw e;
    throw new ContractError(`malformed request: ${e instanceof Error ? e.message : typeof e}`);
  }
}

function validateUnchecked<C extends RequestChannel>(channel: unknown, payload: unknown): { channel: C; args: RequestArgs<C> } {
  if (typeof channel !== 'string' || !(REQUEST_CHANNELS as readonly string[]).includes(channel)) {
    throw new ContractError(`unknown channel ${typeof channel === 'string' ? JSON.stringify(channel.slice(0, 64)) : typeof channel}`);
  }
  if (!isPlainObject(payload)) throw new ContractError('payload must be an object');
  const o = payload;
  let args: unknown;
  switch (channel as RequestChannel) {
    case 'servers.add': {
      exactKeys(o, ['address', 'user', 'password', 'friendlyName', 'save']);
      const friendlyName = optStr(o, 'friendlyName', MAX_NAME)?.trim();
      args = {
        address: str(o, 'address').trim(), user: str(o, 'user'), password: str(o, 'password', { allowEmpty: true }),
        ...(friendlyName ? { friendlyName } : {}),
        ...(o.save !== undefined ? { save: bool(o, 'save') } : {}),
      };
      break;
    }
    case 'servers.reconnect': {
      exactKeys(o, ['connectionId', 'user', 'password']);
      const user = o.user === undefined ? undefined : str(o, 'user');
      const password = o.password === undefined ? undefined : str(o, 'password', { allowEmpty: true });
      if (user !== undefined && password === undefined) throw new ContractError('"Reconnect As" needs a password with the user');
      args = { connectionId: str(o, 'connectionId'), ...(user !== undefined ? { user } : {}), ...(password !== undefined ? { password } : {}) };
      break;
    }
    case 'servers.forget':
      exactKeys(o, ['connectionId']);
      args = { connectionId: str(o, 'connectionId') };
      break;
    case 'servers.import': {
      exactKeys(o, ['json']);
      const json = o.json;
      if (typeof json !== 'string' || json.length === 0 || json.length > MAX_IMPORT) throw new ContractError(`"json" must be a non-empty string of at most ${MAX_IMPORT} characters`);
      args = { json };
      break;
    }
    case 'certificate.answer':
      exactKeys(o, ['promptId', 'accept']);
      args = { promptId: str(o, 'promptId'), accept: bool(o, 'accept') };
      break;
    case 'settings.setMainPassword': {
      exactKeys(o, ['password', 'current']);
      const current = o.current === undefined ? undefined : str(o, 'current', { allowEmpty: true });
      args = { password: str(o, 'password', { allowEmpty: true }), ...(current !== undefined ? { current } : {}) };
      break;
    }
    case 'settings.unlock':
      exactKeys(o, ['password']);
      args = { password: str(o, 'password', { allowEmpty: true }) };
      break;
    case 'settings.setConfirmation':
      exactKeys(o, ['id', 'ask']);
      if (!isConfirmationId(o.id)) throw new ContractError(`"id" must be one of ${CONFIRMATION_IDS.join(', ')}`);
      args = { id: o.id, ask: bool(o, 'ask') };
      break;
    case 'settings.confirmations':
    case 'settings.resetConfirmations':
    case 'servers.connectAll':
    case 'servers.disconnectAll':
    case 'servers.export':
    case 'settings.status':
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
    case 'console.open':
      exactKeys(o, ['connectionId', 'consoleRef']);
      args = { connectionId: str(o, 'connectionId'), consoleRef: ref(o, 'consoleRef') };
      break;
    case 'console.close':
      exactKeys(o, ['streamId']);
      args = { streamId: str(o, 'streamId') };
      break;
    case 'vm.export':
      exactKeys(o, ['connectionId', 'vmRef']);
      args = { connectionId: str(o, 'connectionId'), vmRef: ref(o, 'vmRef') };
      break;
    case 'vm.import': {
      exactKeys(o, ['connectionId', 'srRef', 'fileName', 'size']);
      const fileName = str(o, 'fileName', { allowEmpty: true });
      if (fileName.length > MAX_FILE_NAME || [...fileName].some((ch) => ch.charCodeAt(0) < 32)) throw new ContractError(`"fileName" must be a file name of at most ${MAX_FILE_NAME} characters`);
      const size = o.size;
      if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) throw new ContractError('"size" must be a whole number of bytes');
      args = { connectionId: str(o, 'connectionId'), srRef: ref(o, 'srRef'), fileName, size };
      break;
    }
    case 'pool.join':
      exactKeys(o, ['connectionId', 'poolConnectionId']);
      args = { connectionId: str(o, 'connectionId'), poolConnectionId: str(o, 'poolConnectionId') };
      break;
    case 'vm.crossPoolMigrate':
    case 'vm.crossPoolMigrateCheck':
      exactKeys(o, ['connectionId', 'vmRef', 'destConnectionId', 'hostRef', 'vdiMap', 'vifMap']);
      args = {
        connectionId: str(o, 'connectionId'), vmRef: ref(o, 'vmRef'), destConnectionId: str(o, 'destConnectionId'), hostRef: ref(o, 'hostRef'),
        vdiMap: refMap(o, 'vdiMap'), vifMap: refMap(o, 'vifMap'),
      };
      break;
    case 'vm.snapshot': {
      exactKeys(o, ['connectionId', 'vmRef', 'name', 'description', 'mode']);
      const mode = o.mode;
      if (mode !== 'snapshot' && mode !== 'checkpoint' && mode !== 'quiesce') throw new ContractError('"mode" must be snapshot, checkpoint or quiesce');
      args = { connectionId: str(o, 'connectionId'), vmRef: ref(o, 'vmRef'), ...vmNaming(o), mode };
      break;
    }
    case 'vm.copy':
      exactKeys(o, ['connectionId', 'vmRef', 'name', 'description', 'srRef']);
      args = { connectionId: str(o, 'connectionId'), vmRef: ref(o, 'vmRef'), ...vmNaming(o), ...(o.srRef !== undefined ? { srRef: ref(o, 'srRef') } : {}) };
      break;
    case 'vm.delete':
      exactKeys(o, ['connectionId', 'vmRef', 'vdiRefs', 'snapshotRefs']);
      args = { connectionId: str(o, 'connectionId'), vmRef: ref(o, 'vmRef'), vdiRefs: refList(o, 'vdiRefs'), snapshotRefs: refList(o, 'snapshotRefs') };
      break;
    case 'network.change':
      args = parseNetworkChange(o, (m) => new ContractError(m));
      break;
    case 'vm.create':
      args = parseNewVmSpec(o, (m) => new ContractError(m));
      break;
    case 'metrics.series': {
      exactKeys(o, ['connectionId', 'cls', 'ref', 'range']);
      const cls = o.cls;
      if (cls !== 'host' && cls !== 'vm') throw new ContractError('"cls" must be "host" or "vm"');
      const range = typeof o.range === 'string' ? metricsRange(o.range) : undefined;
      if (!range) throw new ContractError('"range" must be one of 10m, 2h, 1w, 1y');
      args = { connectionId: str(o, 'connectionId'), cls, ref: ref(o, 'ref'), range: range.id };
      break;
    }
    case 'host.maintenance': {
      exactKeys(o, ['connectionId', 'hostRef', 'action', 'shutDownVms']);
      const action = HOST_MAINTENANCE_ACTIONS.find((x) => x === o.action);
      if (!action) throw new ContractError(`"action" must be one of ${HOST_MAINTENANCE_ACTIONS.join(', ')}`);
      const vms = o.shutDownVms;
      if (vms !== undefined && (!Array.isArray(vms) || vms.length > MAX_MAP_ENTRIES || !vms.every((v) => typeof v === 'string' && OPAQUE_REF.test(v)))) {
        throw new ContractError('"shutDownVms" must be an array of OpaqueRefs');
      }
      args = { connectionId: str(o, 'connectionId'), hostRef: ref(o, 'hostRef'), action, ...(vms !== undefined ? { shutDownVms: [...new Set(vms as string[])] } : {}) };
      break;
    }
    case 'console.undock':
      exactKeys(o, ['connectionId', 'ref']);
      args = { connectionId: str(o, 'connectionId'), ref: ref(o, 'ref') };
      break;
  }
  return { channel: channel as C, args: args as RequestArgs<C> };
}
