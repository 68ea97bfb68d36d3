// A dialog's OK: closes the dialog, sends its plan, and notes every task (or refusal) for the Events panel.
import { useCallback } from 'react';
import { appStore } from '../../state';
import { useUi } from '../../state/ui';
import { useBridge } from '../../framework/bridge-context';
import { noteOutcomes } from '../../framework/run-command';
import type { Bridge } from '../../bridge/types';
import type { CommandOutcome } from '../../framework/command';

export function useSend(): (send: (bridge: Bridge) => Promise<CommandOutcome[]>) => void {
  const bridge = useBridge();
  return useCallback((send) => {
    const ui = useUi.getState();
    ui.closeDialog();
    void send(bridge).then((outcomes) => noteOutcomes(outcomes, appStore, (m) => ui.pushAlert(m)), (err: unknown) => ui.pushAlert(String((err as Error)?.message ?? err)));
  }, [bridge]);
}
