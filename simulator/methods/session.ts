// session.login_with_password / logout (SEMANTICS.md 11.1). Local auth only: the configured user.
import { NULL_REF } from '../fields';
import { nowDatetime, sleep, type Handler } from '../sim';
import { XapiError } from '../xapi-error';

export const sessionHandlers: Record<string, Handler> = {
  'session.login_with_password': async (ctx, [user, password, _version, originator]) => {
    const { sim } = ctx;
    const coordAddr = sim.coordinatorAddress();
    // 127.0.0.1 stands in for a coordinator whose address is not served (a loaded dump's pool).
    const standIn = ctx.hostAddress === '127.0.0.1' && !sim.listenAddresses.has(coordAddr);
    if (ctx.hostAddress !== coordAddr && !standIn) throw new XapiError('HOST_IS_SLAVE', [coordAddr]);
    if (user !== sim.config.user || password !== sim.config.password) {
      await sleep(100); // a real host waits 5 s; short here so tests stay fast
      throw new XapiError('SESSION_AUTHENTICATION_FAILED', [String(user), 'Authentication failure']);
    }
    const now = nowDatetime();
    return sim.db.create('session', {
      this_host: sim.coordinator(), this_user: NULL_REF, last_active: now, validation_time: now, pool: false,
      is_local_superuser: true, subject: NULL_REF, auth_user_sid: '', auth_user_name: String(user), rbac_permissions: [],
      originator: originator === undefined ? '' : String(originator), parent: NULL_REF, other_config: {},
    });
  },
  'session.logout': (ctx) => { ctx.sim.db.delete('session', ctx.session); return ''; },
  'session.local_logout': (ctx) => { ctx.sim.db.delete('session', ctx.session); return ''; },
  'session.get_all_subject_identifiers': () => [],
};
