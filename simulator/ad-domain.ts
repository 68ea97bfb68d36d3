// The Active Directory domain the simulator plays (SimConfig.domain): users with passwords, groups
// with members, and the lookups xapi's winbind plugin answers (extauth_plugin_ADwinbind.ml): a name
// to a SID, a SID to its subject information, a user's groups, a password check.
export interface AdUser { name: string; password: string; displayName: string; disabled?: boolean }
export interface AdGroup { name: string; members: string[] }
export interface AdDomain {
  /** DNS name, what pool.enable_external_auth's service_name must be ("corp.example.com"). */
  name: string;
  /** NetBIOS name, the prefix of account names ("CORP\\alice"). */
  netbios: string;
  users: AdUser[];
  groups: AdGroup[];
  /** Groups whose members may join servers to the domain. */
  joiners: string[];
}

/** The default domain (docs/simulator.md): Administrator may join servers; alice and bob through groups. */
export const DEFAULT_DOMAIN: AdDomain = {
  name: 'corp.example.com',
  netbios: 'CORP',
  users: [
    { name: 'Administrator', password: 'adpass', displayName: 'Administrator' },
    { name: 'alice', password: 'alicepass', displayName: 'Alice Archer' },
    { name: 'bob', password: 'bobpass', displayName: 'Bob Baker' },
    { name: 'carol', password: 'carolpass', displayName: 'Carol Clark' },
    { name: 'dave', password: 'davepass', displayName: 'Dave Dunn', disabled: true },
  ],
  groups: [
    { name: 'Domain Admins', members: ['Administrator'] },
    { name: 'Operators', members: ['bob', 'carol'] },
    { name: 'Auditors', members: ['carol'] },
  ],
  joiners: ['Domain Admins'],
};

const SID_BASE = 'S-1-5-21-3623811015-3361044348-30300820';

/** One account of the domain, user or group, with its SID and numeric ids. */
export interface AdAccount { kind: 'user' | 'group'; name: string; sid: string; id: number; user?: AdUser; group?: AdGroup }

export class Directory {
  readonly accounts: AdAccount[];
  /** The servers' machine accounts by host name (lower case): made by a join, disabled by a leave with credentials. */
  readonly machines = new Map<string, { enabled: boolean }>();
  constructor(readonly domain: AdDomain) {
    this.accounts = [
      ...domain.users.map((u, i): AdAccount => ({ kind: 'user', name: u.name, sid: `${SID_BASE}-${1100 + i}`, id: 3000000 + i, user: u })),
      ...domain.groups.map((g, i): AdAccount => ({ kind: 'group', name: g.name, sid: `${SID_BASE}-${1500 + i}`, id: 3100000 + i, group: g })),
    ];
  }

  /** "CORP\\alice", "alice@corp.example.com" or "alice" (winbind's default domain); case-insensitive. */
  find(name: string): AdAccount | undefined {
    const d = this.domain;
    let bare = name.trim();
    const slash = /^([^\\]+)\\(.+)$/.exec(bare);
    const at = /^(.+)@([^@]+)$/.exec(bare);
    if (slash) {
      if (slash[1].toLowerCase() !== d.netbios.toLowerCase() && slash[1].toLowerCase() !== d.name.toLowerCase()) return undefined;
      bare = slash[2];
    } else if (at) {
      if (at[2].toLowerCase() !== d.name.toLowerCase()) return undefined;
      bare = at[1];
    }
    return this.accounts.find((a) => a.name.toLowerCase() === bare.toLowerCase());
  }

  bySid(sid: string): AdAccount | undefined { return this.accounts.find((a) => a.sid === sid); }

  /** The group SIDs a user belongs to ([] for a group: the domain nests no groups). */
  groupsOf(sid: string): string[] {
    const a = this.bySid(sid);
    if (a?.kind !== 'user') return [];
    return this.accounts.filter((g) => g.group?.members.some((m) => m.toLowerCase() === a.name.toLowerCase())).map((g) => g.sid);
  }

  /** The user's SID when the name and password match an enabled account. */
  authenticate(name: string, password: string): AdAccount | undefined {
    const a = this.find(name);
    return a?.kind === 'user' && !a.user!.disabled && a.user!.password === password ? a : undefined;
  }

  /** May this user join servers to the domain (a member of a joiners group)? */
  mayJoin(a: AdAccount): boolean {
    return this.groupsOf(a.sid).some((g) => this.domain.joiners.includes(this.bySid(g)!.name));
  }

  /** The subject information map xapi stores in subject.other_config (the winbind plugin's keys). */
  information(a: AdAccount): Record<string, string> {
    const sam = `${this.domain.netbios}\\${a.name}`;
    if (a.kind === 'group') return { 'subject-name': sam, 'subject-gid': String(a.id), 'subject-sid': a.sid, 'subject-is-group': 'true' };
    const u = a.user!;
    return {
      'subject-name': sam, 'subject-gecos': u.displayName, 'subject-displayname': `${this.domain.netbios}\\${u.displayName}`,
      'subject-uid': String(a.id), 'subject-gid': '3000513', 'subject-upn': `${a.name}@${this.domain.name}`,
      'subject-account-disabled': String(!!u.disabled), 'subject-account-locked': 'false', 'subject-account-expired': 'false',
      'subject-password-expired': 'false', 'subject-is-group': 'false',
    };
  }
}

/** A domain from JSON (`--ad-domain FILE.json`): the AdDomain shape, checked; an Error says what is wrong. */
export function parseAdDomain(v: unknown): AdDomain {
  const o = v as Record<string, unknown>;
  const text = (x: unknown, what: string): string => {
    if (typeof x !== 'string' || x.trim() === '') throw new Error(`${what} must be a non-empty string`);
    return x;
  };
  if (!o || typeof o !== 'object' || Array.isArray(o)) throw new Error('the domain must be a JSON object');
  const name = text(o.name, 'name');
  if (!/^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/.test(name)) throw new Error(`name "${name}" is not a DNS domain name`);
  if (!Array.isArray(o.users) || !Array.isArray(o.groups)) throw new Error('users and groups must be arrays');
  const users = o.users.map((u: Record<string, unknown>, i) => ({
    name: text(u?.name, `users[${i}].name`), password: text(u?.password, `users[${i}].password`),
    displayName: typeof u?.displayName === 'string' ? u.displayName : String(u?.name), disabled: u?.disabled === true,
  }));
  const names = new Set(users.map((u) => u.name.toLowerCase()));
  const groups = o.groups.map((g: Record<string, unknown>, i) => {
    const members = Array.isArray(g?.members) ? g.members.map((m, j) => text(m, `groups[${i}].members[${j}]`)) : [];
    const unknown = members.find((m) => !names.has(m.toLowerCase()));
    if (unknown) throw new Error(`groups[${i}] lists "${unknown}", who is not among the users`);
    return { name: text(g?.name, `groups[${i}].name`), members };
  });
  const joiners = Array.isArray(o.joiners) ? o.joiners.map((j, i) => text(j, `joiners[${i}]`)) : [];
  return { name, netbios: typeof o.netbios === 'string' && o.netbios ? o.netbios : name.split('.')[0].toUpperCase(), users, groups, joiners };
}
