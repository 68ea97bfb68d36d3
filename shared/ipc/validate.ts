// Main validates every request from the (untrusted) renderer before acting on it. Each area
// (areas/*.ts) brings the validators of its channels; areas/index.ts joins them, and VALIDATORS's
// type makes the type checker refuse a RequestMap channel without one. The channel list is that table's keys.
import type { RequestArgs, RequestChannel, RequestMap } from './contract';
import { ContractError, isPlainObject } from './checks';
import { AREA_VALIDATORS } from './areas/index';

export { ContractError, RefusedCallError } from './checks';

// Typed here, so that a RequestMap channel whose area has no validator for it does not compile.
const VALIDATORS: { readonly [C in RequestChannel]: (o: Record<string, unknown>) => RequestMap[C]['args'] } = AREA_VALIDATORS;

/** Every request channel, derived from the validator table. */
export const REQUEST_CHANNELS: readonly RequestChannel[] = Object.freeze(Object.keys(VALIDATORS) as RequestChannel[]);

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
  // The list, not the table: a name such as "__proto__" or "toString" is no channel.
  if (typeof channel !== 'string' || !(REQUEST_CHANNELS as readonly string[]).includes(channel)) {
    throw new ContractError(`unknown channel ${typeof channel === 'string' ? JSON.stringify(channel.slice(0, 64)) : typeof channel}`);
  }
  if (!isPlainObject(payload)) throw new ContractError('payload must be an object');
  const validate = VALIDATORS[channel as C] as (o: Record<string, unknown>) => RequestArgs<C>;
  return { channel: channel as C, args: validate(payload) };
}
