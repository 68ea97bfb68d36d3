// XAPI's static roles (most to least privileged) and what a session may call: the minimum role of
// each message comes from the generated model (xenapi.json), so the client can grey a command the
// user's role cannot run before the server refuses it with RBAC_PERMISSION_DENIED.
import { allMessages, messageInfo, ROLE_ORDER } from './model';

export type XapiRole = (typeof ROLE_ORDER)[number];

/** XenCenter's names for the roles. */
export const ROLE_WORDS: Record<XapiRole, string> = {
  'pool-admin': 'Pool Admin', 'pool-operator': 'Pool Operator', 'vm-power-admin': 'VM Power Admin',
  'vm-admin': 'VM Admin', 'vm-operator': 'VM Operator', 'read-only': 'Read Only',
};

export const isXapiRole = (v: unknown): v is XapiRole => (ROLE_ORDER as readonly unknown[]).includes(v);

/**
 * The role a session's rbac_permissions stand for. Static roles are nested, so the most privileged
 * role that has any message of its own (minimum role exactly it) among the permissions is the one.
 */
export function roleOfPermissions(permissions: Iterable<string>): XapiRole | undefined {
  const granted = new Set([...permissions].map((p) => p.toLowerCase()));
  for (const role of ROLE_ORDER) {
    if (allMessages().some((m) => m.minRole === role && granted.has(m.wire.toLowerCase()))) return role;
  }
  return undefined;
}

/**
 * xapi's HTTP actions a client makes, with their minimum role (datamodel.ml's http_actions: permission
 * "http/<action>", not in xenapi.json's messages). GET /system-status is get_system_status, Pool Operator.
 */
export const HTTP_ACTION_ROLES: Readonly<Record<string, XapiRole>> = { 'http/get_system_status': 'pool-operator' };

/** The role `method` (a message, or an "http/…" action) needs when `role` is below it; undefined when it may call it (or either is unknown). */
export function missingRole(role: XapiRole, method: string): XapiRole | undefined {
  const min = HTTP_ACTION_ROLES[method] ?? messageInfo(method)?.minRole;
  if (!isXapiRole(min)) return undefined;
  return ROLE_ORDER.indexOf(role) > ROLE_ORDER.indexOf(min) ? min : undefined;
}
