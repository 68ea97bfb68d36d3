// What the Users tab asks the server beyond the cache: the six roles' refs and descriptions (roles are
// static, never in event.from: asked once per connection) and which subjects are logged in (sessions
// are not cached: asked again every few seconds and after a change to the subjects).
import { useQuery } from '@tanstack/react-query';
import { useBridge } from '../../framework/bridge-context';
import { ROLE_ORDER } from '../../../../shared/xapi/model';
import type { XapiRole } from '../../../../shared/xapi/roles';
import type { RoleInfo } from './model';

export const LOGGED_IN_KEY = 'users.loggedIn';

export function useRoles(connectionId: string): { roles?: RoleInfo[]; error?: unknown } {
  const bridge = useBridge();
  const q = useQuery({
    queryKey: ['users.roles', connectionId],
    queryFn: async () => Promise.all(ROLE_ORDER.map(async (name: XapiRole): Promise<RoleInfo> => {
      const refs = await bridge.request('xapi.call', { connectionId, method: 'role.get_by_name_label', args: [name] });
      const ref = Array.isArray(refs) && typeof refs[0] === 'string' ? refs[0] : '';
      const description = ref ? await bridge.request('xapi.call', { connectionId, method: 'role.get_name_description', args: [ref] }) : '';
      return { ref, name, description: typeof description === 'string' ? description : '' };
    })),
    staleTime: Infinity,
    retry: false,
  });
  return { roles: q.data, error: q.error ?? undefined };
}

/** The SIDs logged in now; `subjectsKey` changes with the subject list, which asks again at once. */
export function useLoggedIn(connectionId: string, subjectsKey: string, enabled: boolean): { sids: ReadonlySet<string>; error?: unknown } {
  const bridge = useBridge();
  const q = useQuery({
    queryKey: [LOGGED_IN_KEY, connectionId, subjectsKey],
    queryFn: async () => new Set((await bridge.request('users.loggedIn', { connectionId })).sids),
    refetchInterval: 5000,
    enabled,
    retry: false,
  });
  return { sids: q.data ?? new Set(), error: q.error ?? undefined };
}
