import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createBridge } from './bridge';
import { toErrorInfo } from './bridge/types';
import { App } from './app/App';
import { ConsoleWindow } from './features/console/ConsoleWindow';
import { parseConsoleHash } from './features/console/undock';
import { BridgeContext } from './framework/bridge-context';
import { appStore } from './state';
import { startSync } from './state/sync';
import { useUi } from './state/ui';
import { errorText } from './xapi-model/errors';
import { applyTrustEvent, useTrust } from './state/trust';
import './app/app.css';

const bridge = createBridge();
/** An undocked console's window shows that console only. */
const consoleOnly = parseConsoleHash(window.location.hash);
const queryClient = new QueryClient({ defaultOptions: { queries: { retry: 1, refetchOnWindowFocus: false } } });

// Certificate prompts and the password-storage status (subscribed before anything can prompt).
bridge.subscribe(applyTrustEvent);
bridge.request('settings.status', {}).then((st) => useTrust.getState().setSettings(st), () => { /* older main: no status */ });

startSync(bridge, appStore, (err) => {
  useUi.getState().pushAlert(`Could not load the current state: ${errorText(toErrorInfo(err))}`);
  // Show the welcome page anyway so the user can act.
  if (!appStore.getState().snapshotLoaded) appStore.getState().applySnapshot({ connections: [], deltas: [] });
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <BridgeContext.Provider value={bridge}>
        {consoleOnly ? <ConsoleWindow connectionId={consoleOnly.connectionId} objRef={consoleOnly.ref} /> : <App />}
      </BridgeContext.Provider>
    </QueryClientProvider>
  </StrictMode>,
);
