// session.login_with_password / logout (SEMANTICS.md 11.1). Local auth only: the configured user.
import { NULL_REF, type Rec } from '../fields';
import { permissionsOfRole, ROLE_TABLE, roleRef } from '../rbac';
import { nowDatetime, sleep, type Handler } from '../sim';
import { XapiError } from '../xapi-error';
import { quickCalls, type MethodModule } from '../method-module';
import { groupSidsOfSession, loginWithDirectory, logoutSubject } from './auth';

const sessionHandlers: Record<string, Handler> = {
  'session.login_with_password': async (ctx, [user, password, _version, originator]) => {
    const { sim } = ctx;
    if (sim.memberOf) throw new XapiError('HOST_IS_SLAVE', [sim.memberOf]);
    const coordAddr = sim.coordinatorAddress();
    // 127.0.0.1 stands in for a coordinator whose address is not served (a loaded dump's pool).
    const standIn = ctx.hostAddress === '127.0.0.1' && !sim.listenAddresses.has(coordAddr);
    if (ctx.hostAddress !== coordAddr && !standIn) throw new XapiError('HOST_IS_SLAVE', [coordAddr]);
    const extra = (sim.config.users ?? []).find((u) => u.user === user && u.password === password);
    if (extra && !(user === sim.config.user && password === sim.config.password)) {
      const now = nowDatetime();
      const subject = [...sim.db.table('subject')].find(([, r]) => (r.rec.other_config as Rec)['subject-name'] === user);
      const sid = String(subject?.[1].rec.subject_identifier ?? '');
      return sim.db.create('session', {
        this_host: sim.coordinator(), this_user: NULL_REF, last_active: now, validation_time: now, pool: false,
        is_local_superuser: false, subject: subject?.[0] ?? NULL_REF, auth_user_sid: sid, auth_user_name: String(user),
        rbac_permissions: permissionsOfRole(extra.role), originator: originator === undefined ? '' : String(originator),
        parent: NULL_REF, other_config: {},
      });
    }
    if (user !== sim.config.user || password !== sim.config.password) {
      // 11.1: with AD enabled, the directory after the local accounts.
      const viaDirectory = await loginWithDirectory(ctx, String(user), String(password), originator === undefined ? '' : String(originator));
      if (viaDirectory) return viaDirectory;
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
  // The emergency login to the host the request reached, member or coordinator alike (no
  // HOST_IS_SLAVE): only the local superuser; the session belongs to that host.
  'session.slave_local_login_with_password': async (ctx, [user, password]) => {
    const { sim } = ctx;
    if (user !== sim.config.user || password !== sim.config.password) {
      await sleep(100);
      throw new XapiError('SESSION_AUTHENTICATION_FAILED', [String(user), 'Authentication failure']);
    }
    const here = [...sim.db.table('host')].find(([, r]) => r.rec.address === ctx.hostAddress)?.[0] ?? sim.coordinator();
    const now = nowDatetime();
    return sim.db.create('session', {
      this_host: here, this_user: NULL_REF, last_active: now, validation_time: now, pool: false,
      is_local_superuser: true, subject: NULL_REF, auth_user_sid: '', auth_user_name: String(user), rbac_permissions: [],
      originator: '', parent: NULL_REF, other_config: {},
    });
  },
  'session.logout': (ctx) => { ctx.sim.db.delete('session', ctx.session); return ''; },
  'session.local_logout': (ctx) => { ctx.sim.db.delete('session', ctx.session); return ''; },
  // 11.1: only the local superuser (RBAC roles []: role users are refused by RBAC first); the old
  // password is not checked; the new one applies to later logins, open sessions stay valid.
  'session.change_password': (ctx, [_old, next]) => {
    const rec = ctx.sim.db.get('session', ctx.session);
    if (rec?.is_local_superuser !== true) throw new XapiError('USER_IS_NOT_LOCAL_SUPERUSER', [`Failed to change password for user ${ctx.sim.config.user}`]);
    if (String(next) === '') throw new XapiError('CHANGE_PASSWORD_REJECTED', ['Authentication token manipulation error']);
    ctx.sim.config.password = String(next);
    return '';
  },
  // The users' SIDs and the group subjects' SIDs they were let in through.
  'session.get_all_subject_identifiers': (ctx) => [...new Set([...ctx.sim.db.table('session')].flatMap(([ref, r]) => [String(r.rec.auth_user_sid), ...groupSidsOfSession(ctx.sim, ref)]).filter((x) => x !== ''))],
  'session.logout_subject_identifier': (ctx, [sid]) => { logoutSubject(ctx.sim, String(sid), ctx.session); return ''; },
  'subject.get_permissions_name_label': (ctx, [self]) => {
    const s = ctx.sim.db.get('subject', String(self));
    if (!s) throw new XapiError('HANDLE_INVALID', ['subject', String(self)]);
    const out = new Set<string>();
    for (const r of (s.roles as string[]) ?? []) {
      const role = ROLE_TABLE.get(r);
      if (!role) continue;
      out.add(String(role.name_label));
      for (const p of (role.subroles as string[]) ?? []) out.add(String(ROLE_TABLE.get(p)?.name_label ?? ''));
    }
    return [...out];
  },
  'subject.add_to_roles': (ctx, [self, role]) => {
    const s = ctx.sim.db.get('subject', String(self));
    if (!s) throw new XapiError('HANDLE_INVALID', ['subject', String(self)]);
    if (!ROLE_TABLE.has(String(role))) throw new XapiError('HANDLE_INVALID', ['role', String(role)]);
    const roles = (s.roles as string[]) ?? [];
    if (roles.includes(String(role))) throw new XapiError('ROLE_ALREADY_EXISTS', []);
    ctx.sim.db.update('subject', String(self), { roles: [...roles, String(role)] });
    return '';
  },
  'subject.remove_from_roles': (ctx, [self, role]) => {
    const s = ctx.sim.db.get('subject', String(self));
    if (!s) throw new XapiError('HANDLE_INVALID', ['subject', String(self)]);
    const roles = (s.roles as string[]) ?? [];
    if (!roles.includes(String(role))) throw new XapiError('ROLE_NOT_FOUND', []);
    ctx.sim.db.update('subject', String(self), { roles: roles.filter((r) => r !== String(role)) });
    return '';
  },
};

/** One subject record per configured extra user (index.ts calls it at start). */
export function createSubjects(sim: { db: import('../db').Db; config: { users?: { user: string; role: string }[] } }): void {
  (sim.config.users ?? []).forEach((u, i) => {
    sim.db.create('subject', {
      subject_identifier: `S-1-5-21-1000-1000-1000-${1100 + i}`,
      other_config: { 'subject-name': u.user, 'subject-displayname': u.user, 'subject-is-group': 'false', 'subject-account-disabled': 'false' },
      roles: [roleRef(u.role)],
    });
  });
}

export const sessionMethods: MethodModule = quickCalls(sessionHandlers);
