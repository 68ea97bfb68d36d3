import { useCallback, useState } from 'react';
import { toErrorInfo } from '../bridge/types';
import { useUi } from '../state/ui';
import { errorText } from '../xapi-model/errors';
import { useBridge } from '../framework/bridge-context';

let demoBusy = false;

/** Starts the built-in demo pool, or goes to it when it is open already; failures become an alert. */
export function useDemo(): (() => void) & { busy?: boolean } {
  const bridge = useBridge();
  const pushAlert = useUi((s) => s.pushAlert);
  const [, setTick] = useState(0);
  const fn = useCallback(() => {
    if (demoBusy) return;
    demoBusy = true;
    setTick((t) => t + 1);
    bridge.request('servers.demo', {})
      // Opened now or long ago: the demo pool becomes the selection (in the Infrastructure view, where it has its node).
      .then(({ connectionId }) => {
        const ui = useUi.getState();
        ui.chooseTreeView('infrastructure');
        ui.reveal({ connectionId });
      })
      .catch((err: unknown) => pushAlert(`Could not open the demo pool: ${errorText(toErrorInfo(err))}`))
      .finally(() => { demoBusy = false; setTick((t) => t + 1); });
  }, [bridge, pushAlert]);
  return Object.assign(fn, { busy: demoBusy });
}
