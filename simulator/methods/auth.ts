// External authentication against the simulator's AD domain (ad-domain.ts): pool/host
// enable_external_auth and disable_external_auth (xapi_pool.ml, xapi_host.ml), auth.* lookups
// (xapi_auth.ml), subject.create/destroy (xapi_subject.ml) and the directory half of
// session.login_with_password (xapi_session.ml, SEMANTICS.md 11.1).
import { NULL_REF, type Rec } from '../fields';
import { ROLE_TABLE, permissionsOfRole, type RoleName } from '../rbac';
import { nowDatetime, sleep, type CallCtx, type Handler, type Sim } from '../sim';
import { XapiError } from '../xapi-error';
import { Directory, DEFAULT_DOMAIN } from '../ad-domain';
import { operations, type MethodModule } from '../method-module';

const directories = new WeakMap<Sim, Directory>();
/** The group subjects' SIDs each AD session was let in through (get_all_subject_identifiers lists them). */
const sessionGroups = new WeakMap<Sim, Map<string, string[]>>();

export function directoryOf(sim: Sim): Directory {
  let d = directories.get(sim);
  if (!d) { d = new Directory(sim.config.domain ?? DEFAULT_DOMAIN); directories.set(sim, d); }
  return d;
}
export function groupSidsOfSession(sim: Sim, session: string): string[] {
  return sessionGroups.get(sim)?.get(session) ?? [];
}

const hostsCoordinatorFirst = (sim: Sim): string[] => {
  const c = sim.coordinator();
  return [c, ...[...sim.db.table('host').keys()].filter((h) => h !== c)];
};
/** Extauth is on when the coordinator has a type (xapi asks the host it runs on). */
const enabled = (sim: Sim): boolean => String(sim.db.get('host', sim.coordinator())?.external_auth_type ?? '') !== '';
function assertEnabled(sim: Sim): Directory {
  if (!enabled(sim)) throw new XapiError('AUTH_IS_DISABLED', []);
  return directoryOf(sim);
}
const cfg = (v: unknown): Record<string, string> =>
  Object.fromEntries(Object.entries((v ?? {}) as Rec).map(([k, x]) => [k, String(x)]));

/** host.enable_external_auth on one host: the winbind plugin's on_enable checks, host-level errors. */
function enableOnHost(sim: Sim, host: string, config: Record<string, string>, serviceName: string, authType: string): void {
  const h = sim.db.get('host', host)!;
  if (String(h.external_auth_type) !== '') throw new XapiError('AUTH_ALREADY_ENABLED', [String(h.external_auth_type), String(h.external_auth_service_name)]);
  if (authType === '') throw new XapiError('AUTH_UNKNOWN_TYPE', ['']);
  if (authType !== 'AD') throw new XapiError('AUTH_UNKNOWN_TYPE', [`Unknown authentication type ${authType}`]);
  const dir = directoryOf(sim);
  if (config.user === undefined) throw new XapiError('AUTH_ENABLE_FAILED', ['enable requires user']);
  if (config.pass === undefined) throw new XapiError('AUTH_ENABLE_FAILED', ['enable requires pass']);
  if (config.domain !== undefined && config.domain.toLowerCase() !== serviceName.toLowerCase()) {
    throw new XapiError('AUTH_ENABLE_FAILED', [`if present, config:domain must match service-name. Service-name: ${serviceName}, config:domain: ${config.domain}`]);
  }
  if (serviceName.toLowerCase() !== dir.domain.name.toLowerCase()) {
    throw new XapiError('AUTH_ENABLE_FAILED_DOMAIN_LOOKUP_FAILED', [`Failed to lookup domain ${serviceName}: the domain cannot be found`]);
  }
  const who = dir.authenticate(config.user, config.pass);
  if (!who) throw new XapiError('AUTH_ENABLE_FAILED_WRONG_CREDENTIALS', [`Failed to join domain ${serviceName} as ${config.user}: the user name or password is incorrect`]);
  if (!dir.mayJoin(who)) throw new XapiError('AUTH_ENABLE_FAILED_PERMISSION_DENIED', [`${config.user} may not join machines to domain ${serviceName}`]);
  // on_enable keeps what later calls need and drops the one-time password.
  const { pass: _pass, ...kept } = config;
  dir.machines.set(String(h.hostname ?? host).toLowerCase(), { enabled: true });
  sim.db.update('host', host, { external_auth_type: 'AD', external_auth_service_name: serviceName, external_auth_configuration: { ...kept, domain: serviceName } });
}

/**
 * host.disable_external_auth on one host (xapi_host.ml disable_external_auth_common): the plugin's
 * on_disable first, which with config user and pass disables the machine account in AD (winbind's
 * `net ads leave`) and without them leaves it; then the host's configuration goes whatever the plugin
 * said; its failure (AUTH_DISABLE_FAILED_*) is returned for the caller to raise afterwards.
 */
function disableOnHost(sim: Sim, host: string, config: Record<string, string> = {}): XapiError | undefined {
  const h = sim.db.get('host', host)!;
  let failure: XapiError | undefined;
  const domain = String(h.external_auth_service_name ?? '');
  if (domain !== '' && config.user !== undefined && config.pass !== undefined) {
    const dir = directoryOf(sim);
    const machine = String(h.hostname ?? host);
    const who = dir.authenticate(config.user, config.pass);
    if (!who) failure = new XapiError('AUTH_DISABLE_FAILED_WRONG_CREDENTIALS', [`Failed to disable the machine account for ${machine} in domain ${domain}: the user name or password is incorrect`]);
    else if (!dir.mayJoin(who)) failure = new XapiError('AUTH_DISABLE_FAILED_PERMISSION_DENIED', [`${config.user} may not disable the machine account for ${machine} in domain ${domain}`]);
    else {
      const account = dir.machines.get(machine.toLowerCase());
      if (account) account.enabled = false;
    }
  }
  sim.db.update('host', host, { external_auth_type: '', external_auth_service_name: '', external_auth_configuration: {} });
  return failure;
}

/** Ends every session an external user holds (leaving the domain leaves them without a directory). */
function endExternalSessions(sim: Sim, except: string): void {
  for (const [ref, row] of [...sim.db.table('session')]) {
    if (ref !== except && row.rec.is_local_superuser !== true && String(row.rec.auth_user_sid) !== '') sim.db.delete('session', ref);
  }
}

/** session.logout_subject_identifier: sessions of that user, or let in through that group; never the caller's. */
export function logoutSubject(sim: Sim, sid: string, caller: string): void {
  for (const [ref, row] of [...sim.db.table('session')]) {
    if (ref === caller || row.rec.is_local_superuser === true) continue;
    if (row.rec.auth_user_sid === sid || groupSidsOfSession(sim, ref).includes(sid)) sim.db.delete('session', ref);
  }
}

/**
 * The directory half of login_with_password, after the local accounts failed (xapi_session.ml):
 * authenticate, then the user's own subject and its groups' subjects; none → SESSION_AUTHORIZATION_FAILED,
 * no roles → RBAC_PERMISSION_DENIED. The session's permissions are the union of those subjects' roles.
 * Undefined when external auth is off.
 */
export async function loginWithDirectory(ctx: CallCtx, uname: string, password: string, originator: string): Promise<string | undefined> {
  const { sim } = ctx;
  if (!enabled(sim)) return undefined;
  const dir = directoryOf(sim);
  const who = dir.authenticate(uname, password);
  if (!who) {
    await sleep(100); // a real host waits 5 s
    throw new XapiError('SESSION_AUTHENTICATION_FAILED', [uname, 'Authentication failure']);
  }
  const subjects = [...sim.db.table('subject')];
  const sids = [who.sid, ...dir.groupsOf(who.sid)];
  const matched = subjects.filter(([, r]) => sids.includes(String(r.rec.subject_identifier)));
  const name = `${dir.domain.netbios}\\${who.name}`;
  if (matched.length === 0) {
    throw new XapiError('SESSION_AUTHORIZATION_FAILED', [uname, `Subject ${name} (identifier ${who.sid}) is not present in the list of authorised subjects for this pool`]);
  }
  const roleNames = new Set<RoleName>();
  for (const [, r] of matched) for (const role of (r.rec.roles as string[]) ?? []) {
    const label = ROLE_TABLE.get(role)?.name_label;
    if (label) roleNames.add(label as RoleName);
  }
  if (roleNames.size === 0) {
    throw new XapiError('RBAC_PERMISSION_DENIED', ['session.login_with_password', `Subject ${name} (identifier ${who.sid}) has no roles in this pool`]);
  }
  const permissions = new Set<string>();
  for (const r of roleNames) for (const p of permissionsOfRole(r)) permissions.add(p);
  const own = matched.find(([, r]) => r.rec.subject_identifier === who.sid);
  const now = nowDatetime();
  const session = sim.db.create('session', {
    this_host: sim.coordinator(), this_user: NULL_REF, last_active: now, validation_time: now, pool: false,
    is_local_superuser: false, subject: (own ?? matched[0])[0], auth_user_sid: who.sid, auth_user_name: name,
    rbac_permissions: [...permissions], originator, parent: NULL_REF, other_config: {},
  });
  let m = sessionGroups.get(sim);
  if (!m) { m = new Map(); sessionGroups.set(sim, m); }
  m.set(session, matched.map(([, r]) => String(r.rec.subject_identifier)).filter((s) => s !== who.sid));
  return session;
}

const handlers: Record<string, Handler> = {
  // Coordinator first; one host's failure rolls back those done and answers POOL_<host error> [host, msg].
  'pool.enable_external_auth': (ctx, [_pool, config, serviceName, authType]) => {
    const { sim } = ctx;
    const hosts = hostsCoordinatorFirst(sim);
    const on = hosts.find((h) => String(sim.db.get('host', h)?.external_auth_type ?? '') !== '');
    if (on) throw new XapiError('POOL_AUTH_ALREADY_ENABLED', [on]);
    const names = hosts.map((h) => String(sim.db.get('host', h)?.hostname ?? ''));
    if (new Set(names).size !== names.length) throw new XapiError('POOL_AUTH_ENABLE_FAILED_DUPLICATE_HOSTNAME', [hosts[0], 'At least two hosts in the pool have the same hostname']);
    const done: string[] = [];
    for (const h of hosts) {
      try {
        enableOnHost(sim, h, cfg(config), String(serviceName), String(authType));
        done.push(h);
      } catch (e) {
        for (const d of [...done, h]) disableOnHost(sim, d);
        if (!(e instanceof XapiError)) throw e;
        if (e.code === 'AUTH_UNKNOWN_TYPE') throw e;
        if (e.code.startsWith('AUTH_ENABLE_FAILED')) throw new XapiError(`POOL_${e.code}`, [h, String(e.params[0] ?? '')]);
        throw new XapiError('POOL_AUTH_ENABLE_FAILED', [h, `${e.code}: ${e.params.join(', ')}`]);
      }
    }
    // CA-59647: subjects not of this domain go.
    const dir = directoryOf(sim);
    for (const [ref, row] of [...sim.db.table('subject')]) if (!dir.bySid(String(row.rec.subject_identifier))) sim.db.delete('subject', ref);
    return '';
  },
  // Every host, whatever the others do; the directory's sessions end. Subjects stay (xapi keeps them).
  // A host whose machine account could not be disabled is named afterwards: POOL_AUTH_DISABLE_FAILED_* [host, msg].
  'pool.disable_external_auth': (ctx, [_pool, config]) => {
    const failures = hostsCoordinatorFirst(ctx.sim).map((h) => [h, disableOnHost(ctx.sim, h, cfg(config))] as const);
    endExternalSessions(ctx.sim, ctx.session);
    const failed = failures.find(([, e]) => e !== undefined);
    if (failed) throw new XapiError(`POOL_${failed[1]!.code}`, [failed[0], String(failed[1]!.params[0] ?? '')]);
    return '';
  },
  'host.enable_external_auth': (ctx, [host, config, serviceName, authType]) => {
    enableOnHost(ctx.sim, String(host), cfg(config), String(serviceName), String(authType));
    return '';
  },
  'host.disable_external_auth': (ctx, [host, config]) => {
    const failure = disableOnHost(ctx.sim, String(host), cfg(config));
    if (String(host) === ctx.sim.coordinator()) endExternalSessions(ctx.sim, ctx.session);
    if (failure) throw failure;
    return '';
  },
  'auth.get_subject_identifier': (ctx, [name]) => {
    const a = assertEnabled(ctx.sim).find(String(name));
    if (!a) throw new XapiError('SUBJECT_CANNOT_BE_RESOLVED', []);
    return a.sid;
  },
  // The pool's own subject record first, then the directory (xapi_auth.ml).
  'auth.get_subject_information_from_identifier': (ctx, [sid]) => {
    const dir = assertEnabled(ctx.sim);
    const known = [...ctx.sim.db.table('subject').values()].find((r) => r.rec.subject_identifier === String(sid));
    if (known && (known.rec.other_config as Rec)['subject-name'] !== undefined) return known.rec.other_config;
    const a = dir.bySid(String(sid));
    if (!a) throw new XapiError('SUBJECT_CANNOT_BE_RESOLVED', []);
    return dir.information(a);
  },
  'auth.get_group_membership': (ctx, [sid]) => {
    const dir = assertEnabled(ctx.sim);
    if (!dir.bySid(String(sid))) throw new XapiError('SUBJECT_CANNOT_BE_RESOLVED', []);
    return dir.groupsOf(String(sid));
  },
  // xapi_subject.ml: one subject per identifier; other_config is what the directory says (the
  // caller's is ignored); no roles (the RBAC feature is on: a new subject starts without any).
  'subject.create': (ctx, [args]) => {
    const { sim } = ctx;
    const sid = String((args as Rec).subject_identifier ?? '');
    if ([...sim.db.table('subject').values()].some((r) => r.rec.subject_identifier === sid)) throw new XapiError('SUBJECT_ALREADY_EXISTS', []);
    const dir = assertEnabled(sim);
    const a = dir.bySid(sid);
    if (!a) throw new XapiError('SUBJECT_CANNOT_BE_RESOLVED', []);
    return sim.db.create('subject', { subject_identifier: sid, other_config: dir.information(a), roles: [] });
  },
  // The subject's sessions stay open until they log out (a new login is refused).
  'subject.destroy': (ctx, [self]) => { ctx.sim.db.delete('subject', String(self)); return ''; },
};

export const authMethods: MethodModule = operations(handlers, [
  'auth.get_subject_identifier', 'auth.get_subject_information_from_identifier', 'auth.get_group_membership', 'subject.create', 'subject.destroy',
]);
