// External authentication over the wire against the simulator's default AD domain (simulator/ad-domain.ts):
// joining and leaving, the auth.* lookups, subjects, and domain users' logins with their roles (SEMANTICS.md 11).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../simulator/index';
import { rpcReply as rpc, errArray, ok } from '../support/xapi-rpc';
import { parseAdDomain } from '../../simulator/ad-domain';

type Rec = Record<string, unknown>;
const JOIN = { user: 'Administrator', pass: 'adpass' };

describe('simulator external authentication (AD)', () => {
  let sim: Simulator;
  let root: string;
  let pool: string;
  const login = (u: string, p: string) => rpc(sim.url, 'session.login_with_password', [u, p, '2.21', 'ad-test']);
  const call = async <T>(method: string, ...args: unknown[]) => ok<T>(await rpc(sim.url, method, [root, ...args]));
  const hosts = () => [...sim.records('host').values()];

  beforeAll(async () => {
    sim = await startSimulator({ taskDurationMs: 50 });
    root = ok<string>(await login('root', 'xenroot'));
    pool = [...sim.records('pool').keys()][0];
  });
  afterAll(async () => { await sim.close(); });

  it('before joining: lookups answer AUTH_IS_DISABLED and domain users cannot log in', async () => {
    expect(errArray(await rpc(sim.url, 'auth.get_subject_identifier', [root, 'CORP\\alice']))).toEqual(['AUTH_IS_DISABLED']);
    expect(errArray(await login('CORP\\alice', 'alicepass'))).toEqual(['SESSION_AUTHENTICATION_FAILED', 'CORP\\alice', 'Authentication failure']);
  });

  it('enable_external_auth refuses a wrong type, domain, password or a user who may not join, and changes nothing', async () => {
    const enable = (config: Rec, service: string, type = 'AD') => rpc(sim.url, 'pool.enable_external_auth', [root, pool, config, service, type]);
    expect(errArray(await enable(JOIN, 'corp.example.com', 'LDAP'))).toEqual(['AUTH_UNKNOWN_TYPE', 'Unknown authentication type LDAP']);
    const coord = sim.records('pool').get(pool)!.master as string;
    expect(errArray(await enable(JOIN, 'nowhere.example.com'))?.slice(0, 2)).toEqual(['POOL_AUTH_ENABLE_FAILED_DOMAIN_LOOKUP_FAILED', coord]);
    expect(errArray(await enable({ user: 'Administrator', pass: 'wrong' }, 'corp.example.com'))?.slice(0, 2)).toEqual(['POOL_AUTH_ENABLE_FAILED_WRONG_CREDENTIALS', coord]);
    expect(errArray(await enable({ user: 'alice', pass: 'alicepass' }, 'corp.example.com'))?.slice(0, 2)).toEqual(['POOL_AUTH_ENABLE_FAILED_PERMISSION_DENIED', coord]);
    expect(errArray(await enable({ user: 'Administrator' }, 'corp.example.com'))).toEqual(['POOL_AUTH_ENABLE_FAILED', coord, 'enable requires pass']);
    for (const h of hosts()) expect([h.external_auth_type, h.external_auth_service_name, h.external_auth_configuration]).toEqual(['', '', {}]);
  });

  it('enable_external_auth sets every host, keeps no password, and a second enable is refused', async () => {
    expect(await call('pool.enable_external_auth', pool, JOIN, 'corp.example.com', 'AD')).toBe('');
    for (const h of hosts()) {
      expect(h).toMatchObject({ external_auth_type: 'AD', external_auth_service_name: 'corp.example.com' });
      expect(h.external_auth_configuration).toEqual({ user: 'Administrator', domain: 'corp.example.com' });
    }
    const again = errArray(await rpc(sim.url, 'pool.enable_external_auth', [root, pool, JOIN, 'corp.example.com', 'AD']));
    expect(again?.[0]).toBe('POOL_AUTH_ALREADY_ENABLED');
    const host = [...sim.records('host').keys()][0];
    expect(errArray(await rpc(sim.url, 'host.enable_external_auth', [root, host, JOIN, 'corp.example.com', 'AD']))).toEqual(['AUTH_ALREADY_ENABLED', 'AD', 'corp.example.com']);
  });

  it('auth.* resolve names in each spelling, give the winbind keys, and group membership', async () => {
    const alice = await call<string>('auth.get_subject_identifier', 'CORP\\alice');
    expect(await call('auth.get_subject_identifier', 'alice@corp.example.com')).toBe(alice);
    expect(await call('auth.get_subject_identifier', 'ALICE')).toBe(alice);
    expect(errArray(await rpc(sim.url, 'auth.get_subject_identifier', [root, 'CORP\\nobody']))).toEqual(['SUBJECT_CANNOT_BE_RESOLVED']);
    expect(await call<Rec>('auth.get_subject_information_from_identifier', alice)).toMatchObject({
      'subject-name': 'CORP\\alice', 'subject-displayname': 'CORP\\Alice Archer', 'subject-upn': 'alice@corp.example.com',
      'subject-is-group': 'false', 'subject-account-disabled': 'false',
    });
    const ops = await call<string>('auth.get_subject_identifier', 'CORP\\Operators');
    expect(await call<Rec>('auth.get_subject_information_from_identifier', ops)).toMatchObject({ 'subject-name': 'CORP\\Operators', 'subject-is-group': 'true', 'subject-sid': ops });
    const bob = await call<string>('auth.get_subject_identifier', 'bob');
    expect(await call('auth.get_group_membership', bob)).toEqual([ops]);
    expect(errArray(await rpc(sim.url, 'auth.get_group_membership', [root, 'S-1-0']))).toEqual(['SUBJECT_CANNOT_BE_RESOLVED']);
  });

  it('subject.create fills the record from the directory with no roles; duplicates and unknown SIDs are refused', async () => {
    const alice = await call<string>('auth.get_subject_identifier', 'CORP\\alice');
    const ref = await call<string>('subject.create', { subject_identifier: alice, other_config: { 'subject-name': 'forged' }, roles: [] });
    const rec = await call<Rec>('subject.get_record', ref);
    expect(rec.roles).toEqual([]);
    expect((rec.other_config as Rec)['subject-name']).toBe('CORP\\alice');
    expect(errArray(await rpc(sim.url, 'subject.create', [root, { subject_identifier: alice, other_config: {}, roles: [] }]))).toEqual(['SUBJECT_ALREADY_EXISTS']);
    expect(errArray(await rpc(sim.url, 'subject.create', [root, { subject_identifier: 'S-1-5-21-9', other_config: {}, roles: [] }]))).toEqual(['SUBJECT_CANNOT_BE_RESOLVED']);
  });

  it('login: wrong password, not authorised, no roles, then a user with its role and a user through a group', async () => {
    expect(errArray(await login('CORP\\alice', 'nope'))).toEqual(['SESSION_AUTHENTICATION_FAILED', 'CORP\\alice', 'Authentication failure']);
    expect(errArray(await login('dave@corp.example.com', 'davepass'))?.[0]).toBe('SESSION_AUTHENTICATION_FAILED'); // disabled account
    expect(errArray(await login('CORP\\bob', 'bobpass'))?.slice(0, 2)).toEqual(['SESSION_AUTHORIZATION_FAILED', 'CORP\\bob']);
    const aliceSid = await call<string>('auth.get_subject_identifier', 'CORP\\alice');
    expect(errArray(await login('CORP\\alice', 'alicepass'))).toEqual(['RBAC_PERMISSION_DENIED', 'session.login_with_password',
      `Subject CORP\\alice (identifier ${aliceSid}) has no roles in this pool`]);
    const aliceRef = (await call<string[]>('subject.get_all')).find((r) => sim.records('subject').get(r)!.subject_identifier === aliceSid)!;
    const [readOnly] = await call<string[]>('role.get_by_name_label', 'read-only');
    await call('subject.add_to_roles', aliceRef, readOnly);
    const s = ok<string>(await login('alice@corp.example.com', 'alicepass'));
    const rec = ok<Rec>(await rpc(sim.url, 'session.get_record', [s, s]));
    expect(rec).toMatchObject({ is_local_superuser: false, subject: aliceRef, auth_user_sid: aliceSid, auth_user_name: 'CORP\\alice' });
    expect(errArray(await rpc(sim.url, 'VM.get_all', [s]))).toBeNull();
    expect(errArray(await rpc(sim.url, 'pool.set_name_label', [s, pool, 'x']))?.slice(0, 2)).toEqual(['RBAC_PERMISSION_DENIED', 'pool.set_name_label']);

    const ops = await call<string>('auth.get_subject_identifier', 'CORP\\Operators');
    const opsRef = await call<string>('subject.create', { subject_identifier: ops, other_config: {}, roles: [] });
    const [vmOperator] = await call<string[]>('role.get_by_name_label', 'vm-operator');
    await call('subject.add_to_roles', opsRef, vmOperator);
    const b = ok<string>(await login('CORP\\bob', 'bobpass'));
    const perms = ok<string[]>(await rpc(sim.url, 'session.get_rbac_permissions', [b, b]));
    expect(perms).toContain('vm.start');
    expect(perms).not.toContain('vm.destroy');
    const bobSid = await call<string>('auth.get_subject_identifier', 'bob');
    expect(await call<string[]>('session.get_all_subject_identifiers')).toEqual(expect.arrayContaining([aliceSid, bobSid, ops]));

    // Logging out the group ends bob's session, not alice's.
    await call('session.logout_subject_identifier', ops);
    expect(errArray(await rpc(sim.url, 'VM.get_all', [b]))?.[0]).toBe('SESSION_INVALID');
    expect(errArray(await rpc(sim.url, 'VM.get_all', [s]))).toBeNull();
    expect(await call('subject.destroy', opsRef)).toBe('');
    expect(sim.records('subject').has(opsRef)).toBe(false);
  });

  it('disable_external_auth clears every host and ends the directory sessions; root stays', async () => {
    const s = ok<string>(await login('CORP\\alice', 'alicepass'));
    expect(await call('pool.disable_external_auth', pool, {})).toBe('');
    for (const h of hosts()) expect([h.external_auth_type, h.external_auth_service_name, h.external_auth_configuration]).toEqual(['', '', {}]);
    expect(errArray(await rpc(sim.url, 'VM.get_all', [s]))?.[0]).toBe('SESSION_INVALID');
    expect(errArray(await rpc(sim.url, 'VM.get_all', [root]))).toBeNull();
    expect(errArray(await login('CORP\\alice', 'alicepass'))?.[0]).toBe('SESSION_AUTHENTICATION_FAILED');
  });
});

describe('a domain of its own (SimulatorOptions.domain / --ad-domain)', () => {
  it('parseAdDomain checks the shape and says what is wrong', () => {
    expect(parseAdDomain({ name: 'lab.example.org', users: [{ name: 'ann', password: 'pw' }], groups: [{ name: 'Admins', members: ['ann'] }], joiners: ['Admins'] }))
      .toEqual({ name: 'lab.example.org', netbios: 'LAB', users: [{ name: 'ann', password: 'pw', displayName: 'ann', disabled: false }], groups: [{ name: 'Admins', members: ['ann'] }], joiners: ['Admins'] });
    expect(() => parseAdDomain({ name: 'nodots', users: [], groups: [] })).toThrow('name "nodots" is not a DNS domain name');
    expect(() => parseAdDomain({ name: 'a.b', users: [{ name: 'ann' }], groups: [] })).toThrow('users[0].password must be a non-empty string');
    expect(() => parseAdDomain({ name: 'a.b', users: [], groups: [{ name: 'G', members: ['zed'] }] })).toThrow('groups[0] lists "zed", who is not among the users');
  });

  it('the pool joins that domain and its users log in', async () => {
    const domain = parseAdDomain({ name: 'lab.example.org', users: [{ name: 'ann', password: 'pw' }], groups: [{ name: 'Admins', members: ['ann'] }], joiners: ['Admins'] });
    const own = await startSimulator({ hosts: 1, vms: 0, taskDurationMs: 50, domain });
    try {
      const r = ok<string>(await rpc(own.url, 'session.login_with_password', ['root', 'xenroot', '2.21', 't']));
      const pool = [...own.records('pool').keys()][0];
      expect(errArray(await rpc(own.url, 'pool.enable_external_auth', [r, pool, { user: 'Administrator', pass: 'adpass' }, 'lab.example.org', 'AD']))?.[0]).toBe('POOL_AUTH_ENABLE_FAILED_WRONG_CREDENTIALS');
      ok(await rpc(own.url, 'pool.enable_external_auth', [r, pool, { user: 'ann', pass: 'pw' }, 'lab.example.org', 'AD']));
      const sid = ok<string>(await rpc(own.url, 'auth.get_subject_identifier', [r, 'LAB\\ann']));
      const subj = ok<string>(await rpc(own.url, 'subject.create', [r, { subject_identifier: sid, other_config: {}, roles: [] }]));
      ok(await rpc(own.url, 'subject.add_to_roles', [r, subj, ok<string[]>(await rpc(own.url, 'role.get_by_name_label', [r, 'vm-admin']))[0]]));
      const s = ok<string>(await rpc(own.url, 'session.login_with_password', ['ann@lab.example.org', 'pw', '2.21', 't']));
      expect(ok<Rec>(await rpc(own.url, 'session.get_record', [s, s])).auth_user_name).toBe('LAB\\ann');
    } finally {
      await own.close();
    }
  });
});
