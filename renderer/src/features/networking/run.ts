// Starts one networking request from a tab or dialog and reports it as runCommand does: the task
// joins the Events panel as our own; a refused request is a failed row plus an alert (words and code).
import { useCallback } from 'react';
import { appStore } from '../../state';
import { useUi } from '../../state/ui';
import { useBridge } from '../../framework/bridge-context';
import { errorText } from '../../xapi-model/errors';
import { toErrorInfo, type Bridge } from '../../bridge/types';

export type NetStart = (bridge: Bridge) => Promise<{ taskRef: string }>;

export function useNetRun(): (connectionId: string, title: string, name: string, start: NetStart) => void {
  const bridge = useBridge();
  const pushAlert = useUi((s) => s.pushAlert);
  return useCallback((connectionId, title, name, start) => {
    void start(bridge).then(
      ({ taskRef }) => appStore.getState().noteOwnTask(connectionId, taskRef, { title, vm: name }),
      (e: unknown) => {
        const info = toErrorInfo(e);
        appStore.getState().noteFailedRequest(connectionId, { title, vm: name }, info);
        pushAlert(`${title} '${name}' failed: ${errorText(info)}`);
      },
    );
  }, [bridge, pushAlert]);
}
