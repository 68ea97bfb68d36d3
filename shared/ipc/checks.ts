// The checks every area's validators are made of (shared/ipc/areas/*). The renderer is untrusted:
// a payload is plain JSON of bounded size with exactly the fields its channel names, else a
// ContractError (IPC_INVALID_REQUEST) says what is wrong.

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

/**
 * One area's validators: for each of its channels, the checked arguments made from the payload
 * (already known to be a plain object). Throws ContractError on anything else.
 */
export type Validators<M extends { [C in keyof M]: { args: unknown } }> = { [C in keyof M]: (o: Record<string, unknown>) => M[C]['args'] };

export const MAX_STRING = 64 * 1024;
export const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;

export function str(o: Record<string, unknown>, key: string, { allowEmpty = false } = {}): string {
  const v = o[key];
  if (typeof v !== 'string' || v.length > MAX_STRING || (!allowEmpty && v.length === 0)) {
    throw new ContractError(`"${key}" must be a ${allowEmpty ? '' : 'non-empty '}string`);
  }
  return v;
}
export function optStr(o: Record<string, unknown>, key: string, max = MAX_STRING): string | undefined {
  if (o[key] === undefined) return undefined;
  const v = o[key];
  if (typeof v !== 'string' || v.length > max) throw new ContractError(`"${key}" must be a string of at most ${max} characters`);
  return v;
}
export function bool(o: Record<string, unknown>, key: string): boolean {
  if (typeof o[key] !== 'boolean') throw new ContractError(`"${key}" must be true or false`);
  return o[key] as boolean;
}
export function exactKeys(o: Record<string, unknown>, keys: string[]): void {
  for (const k of Object.keys(o)) if (!keys.includes(k)) throw new ContractError(`unexpected field "${k}"`);
}
/** A channel without arguments: the payload must be {}. */
export function noArgs(o: Record<string, unknown>): Record<string, never> {
  exactKeys(o, []);
  return {};
}
/** A payload of just a connection id. */
export function connectionOnly(o: Record<string, unknown>): { connectionId: string } {
  exactKeys(o, ['connectionId']);
  return { connectionId: str(o, 'connectionId') };
}
export const OPAQUE_REF = /^OpaqueRef:[A-Za-z0-9-]{1,64}$/;
export function ref(o: Record<string, unknown>, key: string): string {
  const v = str(o, key);
  if (!OPAQUE_REF.test(v)) throw new ContractError(`"${key}" must be an OpaqueRef`);
  return v;
}
/** Most entries a VDI or VIF map may have (a VM has at most a few hundred devices). */
export const MAX_MAP_ENTRIES = 1024;
/** A map from refs to refs (VDI -> SR, VIF -> network). */
export function refMap(o: Record<string, unknown>, key: string): Record<string, string> {
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
export function refList(o: Record<string, unknown>, key: string): string[] {
  const v = o[key];
  if (!Array.isArray(v) || v.length > MAX_MAP_ENTRIES) throw new ContractError(`"${key}" must be an array of OpaqueRefs`);
  if (!v.every((x) => typeof x === 'string' && OPAQUE_REF.test(x))) throw new ContractError(`"${key}" must be an array of OpaqueRefs`);
  return [...new Set(v as string[])];
}
