// The command palette, contributed like a feature: View > Command Palette… with its shortcut, the dialog, and
// the always-mounted key handler (Ctrl+K; Cmd+K on macOS).
import { at, type Feature } from '../../framework/feature';
import type { Action } from '../../framework/command';
import { CommandPalette } from './CommandPalette';
import { PALETTE_SHORTCUT, PaletteShortcut } from './PaletteShortcut';
import { PALETTE_ID } from './sources';

const OPEN_PALETTE: Action = { id: PALETTE_ID, label: 'Command Palette…', shortcut: PALETTE_SHORTCUT, perform: ({ ui }) => ui.openDialog(PALETTE_ID) };

export const paletteFeature: Feature = {
  id: 'palette',
  commands: [{ entry: OPEN_PALETTE, places: [at('menu:view', 30)] }],
  dialogs: [{ kind: PALETTE_ID, component: CommandPalette }],
  mounts: [PaletteShortcut],
};
