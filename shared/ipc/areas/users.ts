// Users and roles (the Users tab): joining and leaving an Active Directory domain, and the session
// calls the renderer may not make itself (which subjects are logged in, logging a subject out).
// The join password crosses once, in users.joinDomain, and main sends it only to the pool's server.
import { ContractError, exactKeys, isPlainObject, ref, str, type Validators } from '../checks';

export interface UsersRequests {
  /** Async pool.enable_external_auth(pool, {user, pass, domain}, domain, "AD"); resolves with its task. */
  'users.joinDomain': { args: { connectionId: string; poolRef: string; domain: string; user: string; password: string }; result: { taskRef: string } };
  /**
   * Async pool.disable_external_auth(pool, config); resolves with its task. With `credentials` the config is
   * {user, pass} and the servers' machine accounts are disabled in AD; without, {} and they stay enabled
   * (XenCenter's Ignore). The password crosses once, here, and goes only to this connection's server.
   */
  'users.leaveDomain': { args: { connectionId: string; poolRef: string; credentials?: { user: string; password: string } }; result: { taskRef: string } };
  /** session.get_all_subject_identifiers: the SIDs of the users (and groups) logged in to the pool. */
  'users.loggedIn': { args: { connectionId: string }; result: { sids: string[] } };
  /** session.logout_subject_identifier: ends that subject's sessions (never this connection's own). */
  'users.logout': { args: { connectionId: string; sid: string }; result: Record<string, never> };
}

/** A DNS domain name: labels of letters, digits and hyphens, at least two. */
const DOMAIN = /^(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
/** A Windows SID as xapi passes it ("S-1-5-21-…"). */
const SID = /^S-1(-\d{1,10}){1,15}$/;

export const USERS_VALIDATORS: Validators<UsersRequests> = {
  'users.joinDomain': (o) => {
    exactKeys(o, ['connectionId', 'poolRef', 'domain', 'user', 'password']);
    const domain = str(o, 'domain').trim();
    if (!DOMAIN.test(domain)) throw new ContractError('"domain" must be a domain name such as corp.example.com');
    const user = str(o, 'user').trim();
    if (user.length > 256) throw new ContractError('"user" is too long');
    const password = str(o, 'password');
    if (password.length > 1024) throw new ContractError('"password" is too long');
    return { connectionId: str(o, 'connectionId'), poolRef: ref(o, 'poolRef'), domain, user, password };
  },
  'users.leaveDomain': (o) => {
    exactKeys(o, ['connectionId', 'poolRef', 'credentials']);
    const base = { connectionId: str(o, 'connectionId'), poolRef: ref(o, 'poolRef') };
    if (o.credentials === undefined) return base;
    if (!isPlainObject(o.credentials)) throw new ContractError('"credentials" must be an object with user and password');
    const c = o.credentials;
    exactKeys(c, ['user', 'password']);
    const user = str(c, 'user').trim();
    if (!user || user.length > 256) throw new ContractError('"credentials.user" must be a user name of at most 256 characters');
    const password = str(c, 'password', { allowEmpty: true });
    if (password.length > 1024) throw new ContractError('"credentials.password" is too long');
    return { ...base, credentials: { user, password } };
  },
  'users.loggedIn': (o) => {
    exactKeys(o, ['connectionId']);
    return { connectionId: str(o, 'connectionId') };
  },
  'users.logout': (o) => {
    exactKeys(o, ['connectionId', 'sid']);
    const sid = str(o, 'sid');
    if (!SID.test(sid)) throw new ContractError('"sid" must be a subject identifier (S-1-…)');
    return { connectionId: str(o, 'connectionId'), sid };
  },
};
