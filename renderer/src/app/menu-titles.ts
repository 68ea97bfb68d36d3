// The menu bar's menus, in order: the in-page menu bar, the native one (Electron) and Help > Keyboard
// Shortcuts all read this list, so it lives apart from the contributions (no import cycle through the shell).
import type { MenuId } from '../framework/command';

/** '&' marks the preferred access key (assignMnemonics settles clashes). */
export const MENUS: ReadonlyArray<{ id: MenuId; label: string }> = [
  { id: 'file', label: '&File' },
  { id: 'view', label: '&View' },
  { id: 'server', label: '&Server' },
  { id: 'pool', label: '&Pool' },
  { id: 'vm', label: 'V&M' },
  { id: 'storage', label: 'St&orage' },
  { id: 'tools', label: '&Tools' },
  { id: 'help', label: '&Help' },
];
