// Users and roles: the domain join and leave (the requests that carry an AD password: it goes to this
// connection's server and nowhere else, never logged or kept), and the session calls
// the renderer may not make (shared/xapi/renderer-calls.ts refuses session.*).
import type { UsersRequests } from '../../../../shared/ipc/areas/users';
import { XapiError } from '../../xapi/errors';
import type { HandlerSlice } from '../context';

function taskOf(ref: unknown, method: string): { taskRef: string } {
  if (typeof ref !== 'string' || !ref.startsWith('OpaqueRef:')) throw new XapiError('INVALID_RESPONSE', [], { message: `Async.${method} did not return a task reference` });
  return { taskRef: ref };
}

export const USERS_HANDLERS: HandlerSlice<UsersRequests> = {
  'users.joinDomain': async ({ connectionId, poolRef, domain, user, password }, ctx) => {
    const config = { user, pass: password, domain };
    return taskOf(await ctx.get(connectionId).call<unknown>('Async.pool.enable_external_auth', [poolRef, config, domain, 'AD']), 'pool.enable_external_auth');
  },
  // XenCenter's DisableAdAction: {user, pass} disables the machine accounts in AD; {} leaves them.
  'users.leaveDomain': async ({ connectionId, poolRef, credentials }, ctx) => {
    const config = credentials ? { user: credentials.user, pass: credentials.password } : {};
    return taskOf(await ctx.get(connectionId).call<unknown>('Async.pool.disable_external_auth', [poolRef, config]), 'pool.disable_external_auth');
  },
  'users.loggedIn': async ({ connectionId }, ctx) => {
    const sids = await ctx.get(connectionId).call<unknown>('session.get_all_subject_identifiers', []);
    return { sids: Array.isArray(sids) ? sids.map(String) : [] };
  },
  'users.logout': async ({ connectionId, sid }, ctx) => {
    await ctx.get(connectionId).call<unknown>('session.logout_subject_identifier', [sid]);
    return {};
  },
};
