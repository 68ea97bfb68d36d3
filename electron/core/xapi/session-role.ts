// The logged-in session's role, read once after login (session.get_is_local_superuser and
// get_rbac_permissions), so the renderer can say "needs Pool Operator" instead of letting the
// server refuse. The local superuser (root) may do everything: pool-admin.
import type { XapiClient } from './transport';
import { roleOfPermissions, type XapiRole } from '../../../shared/xapi/roles';

export async function sessionRole(client: XapiClient, sessionRef: string, timeoutMs = 10_000): Promise<XapiRole | undefined> {
  const superuser = await client.callWith<boolean>('session.get_is_local_superuser', [sessionRef, sessionRef], { timeoutMs });
  if (superuser === true) return 'pool-admin';
  const permissions = await client.callWith<string[]>('session.get_rbac_permissions', [sessionRef, sessionRef], { timeoutMs });
  return Array.isArray(permissions) ? roleOfPermissions(permissions.map(String)) : undefined;
}
