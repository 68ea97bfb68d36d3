// The Users tab's model (XenCenter's AdPage): the pool's external authentication state, its subjects
// with kind, name, roles and whether logged in, and the pure steps of its dialogs (names to resolve,
// one role per subject, whether a subject is the connected user).
import type { StoreView } from '../../state/store';
import { str } from '../../xapi-model/format';
import { entries, record } from '../../xapi-model/records';
import { ROLE_ORDER } from '../../../../shared/xapi/model';
import { ROLE_WORDS, type XapiRole } from '../../../../shared/xapi/roles';

/** One of the six static roles as the server names it (role.get_by_name_label / get_name_description). */
export interface RoleInfo { ref: string; name: XapiRole; description: string }

export interface AuthState {
  /** 'none': local accounts only; 'ad': every server in the domain; 'mixed': only some (a half-done join). */
  kind: 'none' | 'ad' | 'mixed';
  /** The domain (external_auth_service_name) when in one. */
  domain: string;
  /** The pool's name, or the server's for a pool of one. */
  name: string;
  isPool: boolean;
  poolRef?: string;
}

export interface SubjectRow {
  ref: string;
  sid: string;
  /** "CORP\\alice", or the SID when the directory gave no name. */
  name: string;
  /** "Alice Archer" for users with one; '' otherwise. */
  displayName: string;
  isGroup: boolean;
  /** The static roles it holds, most privileged first. */
  roles: XapiRole[];
  loggedIn: boolean;
  disabled: boolean;
}

const refs = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
const map = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

export function authState(store: StoreView, connectionId: string): AuthState | undefined {
  const [poolRef, pool] = entries(store, connectionId, 'pool')[0] ?? [];
  if (!pool) return undefined;
  const hosts = entries(store, connectionId, 'host').map(([, h]) => h);
  const coordinator = record(store, connectionId, 'host', pool.master);
  const types = hosts.map((h) => str(h.external_auth_type));
  const ad = types.filter((t) => t !== '').length;
  const kind = ad === 0 ? 'none' : ad === hosts.length ? 'ad' : 'mixed';
  const domain = str(coordinator?.external_auth_service_name) || str(hosts.find((h) => str(h.external_auth_service_name))?.external_auth_service_name);
  const isPool = hosts.length > 1 || str(pool.name_label) !== '';
  const name = str(pool.name_label) || str(coordinator?.name_label);
  return { kind, domain, name, isPool, poolRef };
}

/** A subject's name as XenCenter shows it: subject-name, else the display name, else the SID. */
export function subjectName(otherConfig: unknown, sid: string): string {
  const oc = map(otherConfig);
  return str(oc['subject-name']) || str(oc['subject-displayname']) || sid;
}

export function subjectRows(store: StoreView, connectionId: string, roleByRef: ReadonlyMap<string, XapiRole>, loggedIn: ReadonlySet<string>): SubjectRow[] {
  const rows = entries(store, connectionId, 'subject').map(([ref, s]): SubjectRow => {
    const oc = map(s.other_config);
    const sid = str(s.subject_identifier);
    const roles = refs(s.roles).map((r) => roleByRef.get(r)).filter((r): r is XapiRole => r !== undefined);
    roles.sort((a, b) => ROLE_ORDER.indexOf(a) - ROLE_ORDER.indexOf(b));
    const gecos = str(oc['subject-gecos']);
    return {
      ref, sid, name: subjectName(oc, sid), displayName: gecos && gecos !== '<null>' ? gecos : '',
      isGroup: str(oc['subject-is-group']) === 'true', roles, loggedIn: loggedIn.has(sid),
      disabled: str(oc['subject-account-disabled']) === 'true',
    };
  });
  // Groups first, then users, each by name (XenCenter's order).
  return rows.sort((a, b) => Number(b.isGroup) - Number(a.isGroup) || a.name.localeCompare(b.name, undefined, { sensitivity: 'base' }));
}

export const rolesText = (roles: readonly XapiRole[]): string => (roles.length === 0 ? 'No role' : roles.map((r) => ROLE_WORDS[r]).join(', '));

/** The names typed into Add…, split as XenCenter does (commas and semicolons; new lines too), trimmed, each once. */
export function namesToResolve(text: string): string[] {
  const out: string[] = [];
  for (const n of text.split(/[,;\n]/).map((x) => x.trim()).filter(Boolean)) if (!out.some((o) => o.toLowerCase() === n.toLowerCase())) out.push(n);
  return out;
}

/** What Change Role… sends for one role per subject: the chosen role added, every other removed. */
export function roleChanges(current: readonly string[], chosen: string): { add: string[]; remove: string[] } {
  return { add: current.includes(chosen) ? [] : [chosen], remove: current.filter((r) => r !== chosen) };
}

/** Whether the connection's user is this subject ("CORP\\alice", "alice@corp.example.com" or "alice" typed at login). */
export function isConnectedUser(otherConfig: unknown, user: string): boolean {
  const oc = map(otherConfig);
  const u = user.trim().toLowerCase();
  if (!u || str(oc['subject-is-group']) === 'true') return false;
  const name = str(oc['subject-name']).toLowerCase();
  const upn = str(oc['subject-upn']).toLowerCase();
  return u === name || u === upn || (name.includes('\\') && u === name.slice(name.indexOf('\\') + 1));
}

/** One subject a dialog acts on. */
export interface SubjectTarget { ref: string; sid: string; name: string; roles: string[]; self: boolean; isGroup: boolean }

/** Each role's state over several subjects (XenCenter's RoleSelectionDialog): all hold it, none, or some. */
export function roleStates(subjects: readonly Pick<SubjectTarget, 'roles'>[], roleRefs: readonly string[]): Map<string, 'all' | 'none' | 'some'> {
  return new Map(roleRefs.map((r) => {
    const n = subjects.filter((s) => s.roles.includes(r)).length;
    return [r, n === 0 ? 'none' : n === subjects.length ? 'all' : 'some'] as const;
  }));
}

/** Whether giving `chosen` to every subject changes anything (Save is greyed otherwise). */
export const roleChangeNeeded = (subjects: readonly Pick<SubjectTarget, 'roles'>[], chosen: string): boolean =>
  subjects.some((s) => { const c = roleChanges(s.roles, chosen); return c.add.length + c.remove.length > 0; });

/** XenCenter's question for Remove…: one by name, several by count (AD_REMOVE_USER_ONE / _MANY). */
export function removeQuestion(subjects: readonly Pick<SubjectTarget, 'name' | 'isGroup'>[]): string {
  if (subjects.length === 1) return `Are you sure you want to remove the ${subjects[0].isGroup ? 'group' : 'user'} '${subjects[0].name}'?`;
  return `Are you sure you want to remove these ${subjects.length} users?`;
}

/** XenCenter's warning when Pool Admins are among those removed (QUESTION_ADMIN_EXIT_PROCEDURE_*), with its advice. */
export function adminRemovalWarning(total: number, admins: number): string | undefined {
  if (admins === 0) return undefined;
  const what = total === admins
    ? (admins === 1 ? 'The user you are about to remove is a Pool Administrator.' : 'The users you are about to remove are Pool Administrators.')
    : (admins === 1 ? 'One of the users you are about to remove is a Pool Administrator.' : `${admins} of the users you are about to remove are Pool Administrators.`);
  return `${what} To reduce the risk of unauthorized access to your system, it is recommended that you also change the server root password and rotate the pool secret.`;
}

/** XenCenter's question for Logout User (AD_LOGOUT_USER_ONE / _MANY; a group: every member). */
export function logoutQuestion(subjects: readonly Pick<SubjectTarget, 'name' | 'isGroup'>[]): string {
  if (subjects.length === 1) return `Are you sure you want to log out ${subjects[0].isGroup ? 'every member of the group' : 'the user'} '${subjects[0].name}'?`;
  return `Are you sure you want to log out these ${subjects.length} users?`;
}

/** XenCenter's prompt of the role dialog (AD_SELECT_ROLE_USER / _GROUP / _USER_MANY / _GROUP_MANY / _MIXED). */
export function roleBlurb(subjects: readonly Pick<SubjectTarget, 'name' | 'isGroup'>[]): string {
  const tail = 'Each role inherits all the privileges of the subordinate role below it in the list.';
  if (subjects.length === 1) return `Select the role you want to assign to ${subjects[0].isGroup ? 'group' : 'user'} '${subjects[0].name}'. ${tail}`;
  const groups = subjects.filter((s) => s.isGroup).length;
  const who = groups === subjects.length ? 'these groups' : groups === 0 ? 'these users' : 'these users and groups';
  return `Select the role you want to assign to ${who}. ${tail}`;
}
