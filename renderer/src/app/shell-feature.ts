// The shell's own entries, registered like a feature's: File > Open Demo Pool, the View menu (the tree's
// options and views, the Events panel), Help > Keyboard Shortcuts and Help > About.
import { at, type Feature } from '../framework/feature';
import type { Action } from '../framework/command';
import type { UiState } from '../state/ui';
import type { TreeView } from '../tree/org-views';
import { DEMO_STARTING, openDemo } from './demo';
import { AboutDialog } from './AboutDialog';
import { KEYBOARD_SHORTCUTS_DIALOG, KeyboardShortcutsDialog } from './KeyboardShortcutsDialog';

type Flag = 'showCustomTemplates' | 'showDefaultTemplates' | 'showLocalStorage' | 'showSnapshots' | 'showNetworks' | 'showHidden' | 'eventsOpen';
const toggle = (id: string, label: string, key: Flag): Action => ({
  id, label, checked: (ui) => ui[key], perform: ({ ui }) => ui.set(key, !ui[key]),
});
// XenCenter's organisation views, in its order (Objects, Tags, Folders, Custom Fields, vApps); choosing the checked one goes back to Infrastructure.
const view = (id: string, label: string, v: TreeView): Action => ({
  id, label, checked: (ui: UiState) => ui.treeView === v, perform: ({ ui }) => ui.chooseTreeView(ui.treeView === v ? 'infrastructure' : v),
});

const OPEN_DEMO: Action = {
  id: 'demo', label: 'Open Demo Pool', disabledReason: (ui) => (ui.demoStarting ? DEMO_STARTING : undefined), perform: ({ bridge }) => openDemo(bridge),
};
const KEYBOARD_SHORTCUTS: Action = { id: 'keyboardShortcuts', label: 'Keyboard Shortcuts', perform: ({ ui }) => ui.openDialog(KEYBOARD_SHORTCUTS_DIALOG) };
const ABOUT: Action = { id: 'about', label: 'About PoolDesk', perform: ({ ui }) => ui.openDialog('about') };

export const shellFeature: Feature = {
  id: 'shell',
  commands: [
    { entry: OPEN_DEMO, places: [at('menu:file', 0, { order: 1 })] },
    ...[
      toggle('tpl.custom', 'Show Custom Templates', 'showCustomTemplates'),
      toggle('tpl.default', 'Show Default Templates', 'showDefaultTemplates'),
      toggle('local', 'Show Local Storage', 'showLocalStorage'),
      toggle('snap', 'Show Snapshots', 'showSnapshots'),
      toggle('net', 'Show Networks', 'showNetworks'),
      toggle('hidden', 'Show Hidden Objects', 'showHidden'),
    ].map((entry) => ({ entry, places: [at('menu:view', 0)] })),
    { entry: view('view.types', 'Objects by Type', 'types'), places: [at('menu:view', 10)] },
    { entry: view('view.tags', 'Objects by Tag', 'tags'), places: [at('menu:view', 10)] },
    { entry: view('view.folders', 'Objects by Folder', 'folders'), places: [at('menu:view', 10)] },
    { entry: view('view.customFields', 'Objects by Custom Field', 'customFields'), places: [at('menu:view', 10)] },
    { entry: view('view.vapps', 'Objects by vApp', 'vapps'), places: [at('menu:view', 10)] },
    { entry: view('view.searches', 'Saved Searches', 'searches'), places: [at('menu:view', 10)] },
    { entry: toggle('events', 'Events Panel', 'eventsOpen'), places: [at('menu:view', 20)] },
    { entry: KEYBOARD_SHORTCUTS, places: [at('menu:help', 0, { order: -1 })] },
    { entry: ABOUT, places: [at('menu:help', 0)] },
  ],
  dialogs: [{ kind: 'about', component: AboutDialog }, { kind: KEYBOARD_SHORTCUTS_DIALOG, component: KeyboardShortcutsDialog }],
};
