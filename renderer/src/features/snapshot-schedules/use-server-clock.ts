// Asks the pool's coordinator for its clock while a schedules window is open (react-query, not kept
// after it): host.get_servertime and host.get_server_localtime, as XenCenter's wizard does on opening.
import { useQuery } from '@tanstack/react-query';
import { toErrorInfo } from '../../bridge/types';
import { useBridge } from '../../framework/bridge-context';
import { appStore } from '../../state';
import { table } from '../../xapi-model/records';
import { str } from '../../xapi-model/format';
import { errorText } from '../../xapi-model/errors';
import { readServerClock, type ServerClock } from './server-clock';

/** The servers' clock; `error` in words and code when the server could not tell (then times read as UTC). Asked
 * again each minute and when `since` changes (a schedule ran: the list's next runs follow the server's clock). */
export function useServerClock(connectionId: string, since = ''): { clock?: ServerClock; error?: string; asking: boolean } {
  const bridge = useBridge();
  const q = useQuery({
    queryKey: ['host.get_server_localtime', connectionId, since],
    placeholderData: (previous) => previous,
    refetchInterval: 60_000,
    queryFn: async () => {
      const host = str(table(appStore.getState(), connectionId, 'pool')[0]?.master);
      const ask = (method: string) => bridge.request('xapi.call', { connectionId, method, args: [host] }).then(String);
      const [utc, local] = await Promise.all([ask('host.get_servertime'), ask('host.get_server_localtime')]);
      const clock = readServerClock(utc, local, Date.now());
      if (!clock) throw new Error(`The server answered a time that is not one: '${utc}', '${local}'`);
      return clock;
    },
    gcTime: 0,
    retry: false,
  });
  return { clock: q.data, error: q.error ? errorText(toErrorInfo(q.error)) : undefined, asking: q.isPending };
}
