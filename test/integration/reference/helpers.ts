// Small helpers shared by the reference walk's case files.
import { expect } from 'vitest';
import { messageInfo } from '../../../shared/xapi/model';
import type { RefCtx } from './types';

export type Rec = Record<string, unknown>;
export const NULL = 'OpaqueRef:NULL';

/** The typed client with the method name as a runtime string (getter tables built in loops). */
export const callAny = (ctx: RefCtx, fn: string, ...args: unknown[]): Promise<unknown> =>
  (ctx.xapi.call as unknown as (m: string, ...a: unknown[]) => Promise<unknown>)(fn, ...args);

/** A record as the simulator holds it now (the server's truth, read from outside the client). */
export const rec = (ctx: RefCtx, cls: string, ref: string): Rec => {
  const r = ctx.sim.records(cls).get(ref);
  if (!r) throw new Error(`${cls} ${ref} is not in the simulator`);
  return r;
};

/** The ref of the first record of `cls` that matches. */
export const find = (ctx: RefCtx, cls: string, pred: (r: Rec) => boolean): string => {
  const hit = [...ctx.sim.records(cls)].find(([, r]) => pred(r));
  if (!hit) throw new Error(`no ${cls} matches`);
  return hit[0];
};

/** SEMANTICS.md 11.2's roles, most privileged first. */
const ROLES = ['pool-admin', 'pool-operator', 'vm-power-admin', 'vm-admin', 'vm-operator', 'read-only'];
/** §11.2's denial of `fn` to a user below `minRole`: [code, permission, text listing every role at or above it]. */
export const rbacDenied = (fn: string, minRole: string): string[] => {
  if (!ROLES.includes(minRole)) throw new Error(`no role ${minRole}`);
  return ['RBAC_PERMISSION_DENIED', fn.toLowerCase(), `No permission in user session. (Roles with this permission: ${ROLES.slice(0, ROLES.indexOf(minRole) + 1).join(', ')})`];
};
/** §11.2's denial with the minimum role the data model gives `fn` ("the roles list per message in
 * xenapi.json is exactly that set"), for functions §11.2 does not name. */
export const rbacDeniedByModel = (fn: string): string[] => rbacDenied(fn, messageInfo(fn)?.minRole ?? '');

/** A refusal's check that the record is as it was before the call (returns the check to run after it). */
export const same = (ctx: RefCtx, cls: string, ref: string): (() => void) => {
  const before = structuredClone(rec(ctx, cls, ref));
  return () => { expect(rec(ctx, cls, ref)).toEqual(before); };
};

/** A refusal's check that no record of the class was made or removed. */
export const count = (ctx: RefCtx, cls: string): (() => void) => {
  const before = ctx.sim.records(cls).size;
  return () => { expect(ctx.sim.records(cls).size).toBe(before); };
};
