// The Users tab's model (authentication state, subject rows, the dialogs' pure steps), its commands'
// states and reasons (a role below pool-admin greys them), and the users.* requests' validators.
import { describe, expect, it } from 'vitest';
import { commandState } from '../../renderer/src/framework/availability';
import {
  adminRemovalWarning, authState, isConnectedUser, logoutQuestion, namesToResolve, removeQuestion, roleBlurb, roleChangeNeeded, roleChanges, roleStates, rolesText, subjectRows,
} from '../../renderer/src/features/users/model';
import { ADD_SUBJECTS_COMMAND, CHANGE_ROLE_COMMAND, JOIN_DOMAIN_COMMAND, LEAVE_DOMAIN_COMMAND, REMOVE_SUBJECT_COMMAND } from '../../renderer/src/features/users/commands';
import { commandTargets } from '../../renderer/src/framework/availability';
import { USERS_VALIDATORS } from '../../shared/ipc/areas/users';
import { tabsFor } from '../../renderer/src/framework/tabs';
import { FEATURES } from '../../renderer/src/features';
import { conn } from '../support/store-fixtures';
import type { ConnectionInfo } from '../../shared/ipc/contract';
import type { ConnObjects } from '../../renderer/src/state/store';
import type { XapiRole } from '../../shared/xapi/roles';

type Rec = Record<string, unknown>;
const C = 'c1';
const POOL = { connectionId: C, cls: 'pool', ref: 'OpaqueRef:pool' };
const ALICE = { 'subject-name': 'CORP\\alice', 'subject-gecos': 'Alice Archer', 'subject-upn': 'alice@corp.example.com', 'subject-is-group': 'false', 'subject-account-disabled': 'false' };
const OPS = { 'subject-name': 'CORP\\Operators', 'subject-is-group': 'true' };

function world(auth: [string, string][] = [['', ''], ['', '']], subjects: Record<string, Rec> = {}, role: XapiRole = 'pool-admin', user = 'root') {
  const o: ConnObjects = new Map([
    ['pool', new Map([['OpaqueRef:pool', { name_label: 'Demo Pool', master: 'OpaqueRef:h1' }]])],
    ['host', new Map(auth.map(([type, name], i) => [`OpaqueRef:h${i + 1}`, { name_label: `h${i + 1}`, external_auth_type: type, external_auth_service_name: name }]))],
    ['subject', new Map(Object.entries(subjects))],
  ]);
  const info: ConnectionInfo = { ...conn(C), role, user };
  return { objects: new Map([[C, o]]), connections: new Map([[C, info]]) };
}

describe('Users tab model', () => {
  it('says whether the pool is in a domain, not, or only partly', () => {
    expect(authState(world(), C)).toMatchObject({ kind: 'none', domain: '', name: 'Demo Pool', isPool: true, poolRef: 'OpaqueRef:pool' });
    expect(authState(world([['AD', 'corp.example.com'], ['AD', 'corp.example.com']]), C)).toMatchObject({ kind: 'ad', domain: 'corp.example.com' });
    expect(authState(world([['AD', 'corp.example.com'], ['', '']]), C)?.kind).toBe('mixed');
  });

  it('lists groups first, then users, with names, display names, roles (most privileged first) and who is logged in', () => {
    const s = world([['AD', 'corp.example.com']], {
      'OpaqueRef:a': { subject_identifier: 'S-1-5-1', other_config: ALICE, roles: ['OpaqueRef:ro', 'OpaqueRef:admin'] },
      'OpaqueRef:g': { subject_identifier: 'S-1-5-2', other_config: OPS, roles: [] },
      'OpaqueRef:x': { subject_identifier: 'S-1-5-3', other_config: {}, roles: ['OpaqueRef:unknown'] },
    });
    const roleByRef = new Map<string, XapiRole>([['OpaqueRef:ro', 'read-only'], ['OpaqueRef:admin', 'pool-admin']]);
    const rows = subjectRows(s, C, roleByRef, new Set(['S-1-5-1']));
    expect(rows.map((r) => [r.name, r.isGroup, r.roles, r.loggedIn])).toEqual([
      ['CORP\\Operators', true, [], false],
      ['CORP\\alice', false, ['pool-admin', 'read-only'], true],
      ['S-1-5-3', false, [], false],
    ]);
    expect(rows[1].displayName).toBe('Alice Archer');
    expect(rolesText(rows[1].roles)).toBe('Pool Admin, Read Only');
    expect(rolesText([])).toBe('No role');
  });

  it('splits typed names on commas, semicolons and lines, once each', () => {
    expect(namesToResolve(' CORP\\alice, bob@corp.example.com;\nCORP\\Operators , corp\\ALICE,, ')).toEqual(['CORP\\alice', 'bob@corp.example.com', 'CORP\\Operators']);
    expect(namesToResolve(' , ')).toEqual([]);
  });

  it('Change Role keeps one role: adds the chosen, removes the rest', () => {
    expect(roleChanges(['r1', 'r2'], 'r2')).toEqual({ add: [], remove: ['r1'] });
    expect(roleChanges([], 'r3')).toEqual({ add: ['r3'], remove: [] });
  });

  it('knows the connected user in each spelling, never a group', () => {
    for (const u of ['CORP\\alice', 'corp\\ALICE', 'alice@corp.example.com', 'alice']) expect(isConnectedUser(ALICE, u)).toBe(true);
    expect(isConnectedUser(ALICE, 'root')).toBe(false);
    expect(isConnectedUser(OPS, 'CORP\\Operators')).toBe(false);
  });
});

describe('Users tab commands', () => {
  it('Join Domain only when not in one, Leave and Add only when in one, each with its reason', () => {
    const out = world();
    expect(commandState(JOIN_DOMAIN_COMMAND, [POOL], out).enabled).toBe(true);
    expect(commandState(LEAVE_DOMAIN_COMMAND, [POOL], out)).toEqual({ enabled: false, reason: "pool 'Demo Pool' does not belong to a domain" });
    expect(commandState(ADD_SUBJECTS_COMMAND, [POOL], out).reason).toMatch(/^Join pool 'Demo Pool' to a domain first/);
    const inAd = world([['AD', 'corp.example.com'], ['AD', 'corp.example.com']]);
    expect(commandState(JOIN_DOMAIN_COMMAND, [POOL], inAd)).toEqual({ enabled: false, reason: "pool 'Demo Pool' already belongs to domain 'corp.example.com'" });
    expect(commandState(LEAVE_DOMAIN_COMMAND, [POOL], inAd).enabled).toBe(true);
    expect(commandState(ADD_SUBJECTS_COMMAND, [POOL], inAd).enabled).toBe(true);
  });

  it('a session below pool-admin sees them greyed with the role they need', () => {
    const s = world([['AD', 'corp.example.com']], { 'OpaqueRef:a': { subject_identifier: 'S-1-5-1', other_config: ALICE, roles: [] } }, 'pool-operator');
    const join = commandState(LEAVE_DOMAIN_COMMAND, [POOL], s);
    expect(join.enabled).toBe(false);
    expect(join.reason).toMatch(/Pool Admin/);
    const change = commandState(CHANGE_ROLE_COMMAND, [{ connectionId: C, cls: 'subject', ref: 'OpaqueRef:a' }], s);
    expect(change.enabled).toBe(false);
    expect(change.reason).toMatch(/Pool Admin/);
    const admin = world([['AD', 'corp.example.com']], { 'OpaqueRef:a': { subject_identifier: 'S-1-5-1', other_config: ALICE, roles: [] } });
    expect(commandState(CHANGE_ROLE_COMMAND, [{ connectionId: C, cls: 'subject', ref: 'OpaqueRef:a' }], admin).enabled).toBe(true);
    expect(commandState(CHANGE_ROLE_COMMAND, [{ connectionId: C, cls: 'subject', ref: 'OpaqueRef:gone' }], admin).reason).toBe('The user or group is no longer on the server');
  });
});

describe('several subjects at once (XenCenter\'s AdPage on several rows)', () => {
  const alice = { name: 'CORP\\alice', isGroup: false, roles: ['R:admin'] };
  const bob = { name: 'CORP\\bob', isGroup: false, roles: ['R:ro'] };
  const ops = { name: 'CORP\\Operators', isGroup: true, roles: ['R:ro'] };
  it('roles show whether all, none or some of them hold each; Save only when something changes', () => {
    expect([...roleStates([alice, bob, ops], ['R:admin', 'R:ro', 'R:vm'])]).toEqual([['R:admin', 'some'], ['R:ro', 'some'], ['R:vm', 'none']]);
    expect(roleStates([bob, ops], ['R:ro']).get('R:ro')).toBe('all');
    expect(roleChangeNeeded([bob, ops], 'R:ro')).toBe(false);
    expect(roleChangeNeeded([alice, bob], 'R:ro')).toBe(true);
    expect(roleChangeNeeded([{ roles: ['R:ro', 'R:vm'] }], 'R:ro')).toBe(true);
  });
  it('the questions in XenCenter\'s words: by name for one, by count for several', () => {
    expect(removeQuestion([alice])).toBe("Are you sure you want to remove the user 'CORP\\alice'?");
    expect(removeQuestion([alice, bob, ops])).toBe('Are you sure you want to remove these 3 users?');
    expect(logoutQuestion([ops])).toBe("Are you sure you want to log out every member of the group 'CORP\\Operators'?");
    expect(logoutQuestion([alice, bob])).toBe('Are you sure you want to log out these 2 users?');
    expect(roleBlurb([ops])).toMatch(/^Select the role you want to assign to group 'CORP\\Operators'\. Each role inherits/);
    expect(roleBlurb([alice, bob])).toMatch(/^Select the role you want to assign to these users\./);
    expect(roleBlurb([alice, ops])).toMatch(/^Select the role you want to assign to these users and groups\./);
    expect(adminRemovalWarning(3, 0)).toBeUndefined();
    expect(adminRemovalWarning(1, 1)).toMatch(/^The user you are about to remove is a Pool Administrator\. To reduce the risk/);
    expect(adminRemovalWarning(2, 2)).toMatch(/^The users you are about to remove are Pool Administrators\./);
    expect(adminRemovalWarning(3, 1)).toMatch(/^One of the users you are about to remove is a Pool Administrator\./);
    expect(adminRemovalWarning(4, 2)).toMatch(/^2 of the users you are about to remove are Pool Administrators\./);
  });
  it('Remove… and Change Role… run on several subjects: those still on the server', () => {
    const subj = { 'OpaqueRef:a': { subject_identifier: 'S-1-5-1', other_config: ALICE, roles: [] }, 'OpaqueRef:o': { subject_identifier: 'S-1-5-2', other_config: OPS, roles: [] } };
    const s = world([['AD', 'corp.example.com']], subj);
    const sel = ['OpaqueRef:a', 'OpaqueRef:o', 'OpaqueRef:gone'].map((ref) => ({ connectionId: C, cls: 'subject', ref }));
    for (const cmd of [REMOVE_SUBJECT_COMMAND, CHANGE_ROLE_COMMAND]) {
      expect(commandState(cmd, sel, s).enabled).toBe(true);
      expect(commandTargets(cmd, sel, s).map((t) => t.ref)).toEqual(['OpaqueRef:a', 'OpaqueRef:o']);
    }
    // Below Pool Admin: greyed with the role it needs, on several as on one.
    expect(commandState(REMOVE_SUBJECT_COMMAND, sel, world([['AD', 'corp.example.com']], subj, 'read-only')).reason).toMatch(/needs the Pool Admin role/);
  });
});

describe('users.* validators', () => {
  const join = { connectionId: C, poolRef: 'OpaqueRef:pool', domain: ' corp.example.com ', user: ' Administrator ', password: 'p w' };
  it('trims the domain and user, keeps the password as typed', () => {
    expect(USERS_VALIDATORS['users.joinDomain'](join)).toEqual({ ...join, domain: 'corp.example.com', user: 'Administrator', password: 'p w' });
  });
  it('refuses a bad domain, an empty password, extra keys, a bad ref or SID', () => {
    expect(() => USERS_VALIDATORS['users.joinDomain']({ ...join, domain: 'not a domain' })).toThrow(/domain name/);
    expect(() => USERS_VALIDATORS['users.joinDomain']({ ...join, password: '' })).toThrow(/password/);
    expect(() => USERS_VALIDATORS['users.joinDomain']({ ...join, extra: 1 })).toThrow();
    expect(() => USERS_VALIDATORS['users.leaveDomain']({ connectionId: C, poolRef: 'pool' })).toThrow();
    // Leave Domain's optional AD credentials: a user and a password, trimmed user, nothing else.
    const leave = { connectionId: C, poolRef: 'OpaqueRef:pool' };
    expect(USERS_VALIDATORS['users.leaveDomain'](leave)).toEqual(leave);
    expect(USERS_VALIDATORS['users.leaveDomain']({ ...leave, credentials: { user: ' CORP\\Administrator ', password: 'p w' } }))
      .toEqual({ ...leave, credentials: { user: 'CORP\\Administrator', password: 'p w' } });
    for (const credentials of [{ user: ' ', password: 'x' }, { user: 'a' }, { user: 'a', password: 1 }, { user: 'a', password: 'b', extra: 1 }, ['a', 'b'], 'a:b']) {
      expect(() => USERS_VALIDATORS['users.leaveDomain']({ ...leave, credentials })).toThrow();
    }
    expect(() => USERS_VALIDATORS['users.logout']({ connectionId: C, sid: 'alice' })).toThrow(/subject identifier/);
    expect(USERS_VALIDATORS['users.logout']({ connectionId: C, sid: 'S-1-5-21-1-2-3-1100' })).toEqual({ connectionId: C, sid: 'S-1-5-21-1-2-3-1100' });
  });
});

describe('where the Users tab shows', () => {
  const hostTabs = (poolName: string) => {
    const s = world();
    s.objects.get(C)!.get('pool')!.set('OpaqueRef:pool', { name_label: poolName, master: 'OpaqueRef:h1' });
    return tabsFor('host', FEATURES, { target: { connectionId: C, cls: 'host', ref: 'OpaqueRef:h1', kind: 'host' }, store: s }).map((t) => t.id);
  };
  it('on a standalone server, not on a pool member (XenCenter: a member\'s users are its pool\'s)', () => {
    expect(hostTabs('')).toContain('users');
    expect(hostTabs('Demo Pool')).not.toContain('users');
    expect(hostTabs('Demo Pool')).toContain('performance');
    const pool = tabsFor('pool', FEATURES, { target: { ...POOL, kind: 'pool' }, store: world() }).map((t) => t.id);
    expect(pool).toContain('users');
  });
});
