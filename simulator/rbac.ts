// RBAC (SEMANTICS.md 11.2): the static roles, one permission per message (its lowercased wire name),
// map-key permissions for protected other_config keys, and the check every call goes through.
// Roles and permissions are not database rows on a real host (they are static, and event.from
// never reports them): role.* answers from the tables computed here.
import { createHash } from 'node:crypto';
import { allMessages, ROLE_ORDER, type MessageInfo } from '../shared/xapi/model';
import { HTTP_ACTION_ROLES } from '../shared/xapi/roles';
import type { Rec } from './fields';
import { XapiError } from './xapi-error';
import { quickCalls, type MethodModule } from './method-module';
import type { Handler } from './sim';

export type RoleName = (typeof ROLE_ORDER)[number];
export const ROLE_NAMES: readonly RoleName[] = ROLE_ORDER;

const POOL_ADMIN_UUID = '0165f154-ba3e-034e-6b27-5d271af109ba';
/** MD5 of the name read as a uuid (pool-admin has a fixed one). */
export function roleUuid(name: string): string {
  if (name === 'pool-admin') return POOL_ADMIN_UUID;
  const h = createHash('md5').update(name).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
export const roleRef = (name: string): string => `OpaqueRef:${roleUuid(name)}`;

/** Roles at or above `minRole` ("" = none: only the local superuser). */
export function rolesFrom(minRole: string): RoleName[] {
  const i = ROLE_ORDER.indexOf(minRole as RoleName);
  return i < 0 ? [] : ROLE_ORDER.slice(0, i + 1);
}

/** Protected map keys: [class, field, key (a trailing * is a prefix match), minimum role]. */
const CUSTOM = 'XenCenter.CustomFields.*';
const KEY_RULES: [string, string, string, RoleName][] = [
  ['VM', 'other_config', 'folder', 'vm-operator'], ['VM', 'other_config', CUSTOM, 'vm-operator'],
  ['VM', 'other_config', 'pci', 'pool-admin'], ['VM', 'other_config', 'hvm_serial', 'pool-admin'],
  ['task', 'other_config', 'applies_to', 'vm-operator'], ['task', 'other_config', 'XenCenterUUID', 'vm-operator'],
  ['task', 'other_config', 'XenCenterMeddlingActionTitle', 'vm-operator'],
  ['network', 'other_config', 'folder', 'vm-operator'], ['network', 'other_config', CUSTOM, 'vm-operator'],
  ['network', 'other_config', 'XenCenterCreateInProgress', 'vm-operator'],
  ['SR', 'other_config', 'folder', 'vm-operator'], ['SR', 'other_config', CUSTOM, 'vm-operator'],
  ['VDI', 'other_config', 'folder', 'vm-operator'], ['VDI', 'other_config', CUSTOM, 'vm-operator'],
  ['host', 'other_config', 'folder', 'vm-operator'], ['host', 'other_config', CUSTOM, 'vm-operator'],
  ['pool', 'other_config', 'folder', 'vm-operator'], ['pool', 'other_config', CUSTOM, 'vm-operator'],
  ['pool', 'other_config', 'EMPTY_FOLDERS', 'vm-operator'],
];

export const permissionOf = (m: MessageInfo): string => m.wire.toLowerCase();

/** The protected-key rule a map edit call falls under, if any. */
function keyRule(m: MessageInfo, key: unknown): [string, RoleName] | undefined {
  const mm = /^(add_to|remove_from)_(.+)$/.exec(m.name);
  if (!mm || typeof key !== 'string') return undefined;
  for (const [cls, field, k, role] of KEY_RULES) {
    if (cls !== m.cls || field !== mm[2]) continue;
    if (k.endsWith('*') ? key.startsWith(k.slice(0, -1)) : key === k) return [k, role];
  }
  return undefined;
}

export interface Permission { name: string; minRole: string }

/** Every permission: one per message, the key permissions, and task.destroy/any. */
export const PERMISSIONS: Permission[] = (() => {
  const out: Permission[] = [];
  for (const m of allMessages()) {
    out.push({ name: permissionOf(m), minRole: m.minRole });
    if (/^(add_to|remove_from)_/.test(m.name)) {
      const field = m.name.replace(/^(add_to|remove_from)_/, '');
      for (const [cls, f, k, role] of KEY_RULES) if (cls === m.cls && f === field) out.push({ name: `${permissionOf(m)}/key:${k.toLowerCase()}`, minRole: role });
    }
  }
  out.push({ name: 'task.destroy/any', minRole: 'pool-operator' });
  for (const [name, minRole] of Object.entries(HTTP_ACTION_ROLES)) out.push({ name, minRole });
  return out;
})();

export function permissionsOfRole(role: RoleName): string[] {
  return PERMISSIONS.filter((p) => rolesFrom(p.minRole).includes(role)).map((p) => p.name);
}

/** role records by ref: the six roles (subroles = their permissions) then every permission. */
export const ROLE_TABLE: Map<string, Rec> = (() => {
  const t = new Map<string, Rec>();
  const DESCRIPTIONS: Record<string, string> = {
    'pool-admin': 'The Pool Administrator role has full access to all features and settings, including accessing Dom0 and managing subjects, roles and external authentication',
    'pool-operator': 'The Pool Operator role manages host- and pool-wide resources, including setting up storage, creating resource pools and managing patches, high availability (HA) and workload balancing (WLB)',
    'vm-power-admin': 'The VM Power Administrator role has full access to VM and template management and can choose where to start VMs and use the dynamic memory control and VM snapshot features',
    'vm-admin': 'The VM Administrator role can manage VMs and templates',
    'vm-operator': 'The VM Operator role can use VMs and interact with VM consoles',
    'read-only': 'The Read-Only role can log in with basic read-only access',
  };
  for (const r of ROLE_NAMES) {
    t.set(roleRef(r), { uuid: roleUuid(r), name_label: r, name_description: DESCRIPTIONS[r] ?? '', subroles: permissionsOfRole(r).map(roleRef), is_internal: false });
  }
  for (const p of PERMISSIONS) t.set(roleRef(p.name), { uuid: roleUuid(p.name), name_label: p.name, name_description: '', subroles: [], is_internal: true });
  return t;
})();

/** Raises RBAC_PERMISSION_DENIED unless the session may take this HTTP action ("http/get_system_status"). */
export function checkHttpRbac(session: Rec, action: string): void {
  if (session.is_local_superuser === true || ((session.rbac_permissions as string[]) ?? []).includes(action)) return;
  throw new XapiError('RBAC_PERMISSION_DENIED', [action, `No permission in user session. (Roles with this permission: ${rolesFrom(HTTP_ACTION_ROLES[action] ?? 'pool-admin').join(', ')})`]);
}

/** Raises RBAC_PERMISSION_DENIED unless the session may make this call (11.2 "Decision"). */
export function checkRbac(session: Rec, m: MessageInfo, args: unknown[]): void {
  if (session.is_local_superuser === true) return;
  const granted = new Set((session.rbac_permissions as string[]) ?? []);
  let perm = permissionOf(m);
  let minRole = m.minRole;
  const rule = keyRule(m, args[1]);
  if (rule) { perm = `${perm}/key:${rule[0].toLowerCase()}`; minRole = rule[1]; }
  if (granted.has(perm)) return;
  throw new XapiError('RBAC_PERMISSION_DENIED', [perm, `No permission in user session. (Roles with this permission: ${rolesFrom(minRole).join(', ')})`]);
}

/** role.* handlers over the static table. */
function roleHandlers(): Record<string, Handler> {
  const get = (ref: unknown): Rec => {
    const r = ROLE_TABLE.get(String(ref));
    if (!r) throw new XapiError('HANDLE_INVALID', ['role', String(ref)]);
    return r;
  };
  const allPerms = (ref: unknown): string[] => {
    const out = new Set<string>();
    const walk = (r: string) => { for (const s of (ROLE_TABLE.get(r)?.subroles as string[]) ?? []) if (!out.has(s)) { out.add(s); walk(s); } };
    get(ref);
    walk(String(ref));
    return [...out];
  };
  const holders = (permRef: string) => [...ROLE_TABLE].filter(([, r]) => !r.is_internal && (r.subroles as string[]).includes(permRef)).map(([k]) => k);
  return {
    'role.get_all': () => [...ROLE_TABLE.keys()],
    'role.get_all_records': () => Object.fromEntries(ROLE_TABLE),
    'role.get_record': (_c, [ref]) => get(ref),
    'role.get_by_uuid': (_c, [uuid]) => {
      const hit = [...ROLE_TABLE].find(([, r]) => r.uuid === uuid);
      if (!hit) throw new XapiError('UUID_INVALID', ['role', String(uuid)]);
      return hit[0];
    },
    'role.get_by_name_label': (_c, [label]) => [...ROLE_TABLE].filter(([, r]) => r.name_label === label).map(([k]) => k),
    'role.get_uuid': (_c, [ref]) => get(ref).uuid,
    'role.get_name_label': (_c, [ref]) => get(ref).name_label,
    'role.get_name_description': (_c, [ref]) => get(ref).name_description,
    'role.get_subroles': (_c, [ref]) => get(ref).subroles,
    'role.get_is_internal': (_c, [ref]) => get(ref).is_internal,
    'role.get_permissions': (_c, [ref]) => allPerms(ref),
    'role.get_permissions_name_label': (_c, [ref]) => allPerms(ref).map((r) => String(ROLE_TABLE.get(r)!.name_label)),
    'role.get_by_permission': (_c, [perm]) => { get(perm); return holders(String(perm)); },
    'role.get_by_permission_name_label': (_c, [label]) => {
      const hit = [...ROLE_TABLE].find(([, r]) => r.is_internal && r.name_label === label);
      return hit ? holders(hit[0]) : [];
    },
  };
}

export const roleMethods: MethodModule = quickCalls(roleHandlers());
