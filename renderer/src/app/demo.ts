// File > Open Demo Pool (and the welcome page's button): starts the built-in demo pool, or goes to it when
// it is open already; failures become an alert. ui.demoStarting greys the entries meanwhile.
import { toErrorInfo, type Bridge } from '../bridge/types';
import { useUi } from '../state/ui';
import { errorText } from '../xapi-model/errors';

export const DEMO_STARTING = 'The demo pool is starting';

export function openDemo(bridge: Bridge): void {
  if (useUi.getState().demoStarting) return;
  useUi.getState().set('demoStarting', true);
  bridge.request('servers.demo', {})
    // Opened now or long ago: the demo pool becomes the selection (in the Infrastructure view, where it has its node).
    .then(({ connectionId }) => {
      const ui = useUi.getState();
      ui.chooseTreeView('infrastructure');
      ui.reveal({ connectionId });
    })
    .catch((err: unknown) => useUi.getState().pushAlert(`Could not open the demo pool: ${errorText(toErrorInfo(err))}`))
    .finally(() => useUi.getState().set('demoStarting', false));
}
