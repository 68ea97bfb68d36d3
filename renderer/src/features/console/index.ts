// The Console tab: a VM's or host's console over VNC (noVNC), undockable into its own window. Loaded when
// first shown: noVNC is large, and it needs a window (the menu model is read in plain Node by unit tests).
import { lazy } from 'react';
import type { Feature } from '../../framework/feature';

const ConsoleTab = lazy(() => import('./ConsoleTab').then((m) => ({ default: m.ConsoleTab })));

export const consoleFeature: Feature = {
  id: 'console',
  tabs: [{ tab: { id: 'console', title: 'Console', component: ConsoleTab, fill: true }, kinds: ['host', 'vm'], order: 30 }],
};
