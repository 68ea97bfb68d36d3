// The native menu bar (Electron): the in-page bar's model goes to main whenever it changes (native-menu-sync.ts),
// and main's 'menu.command' clicks run the item's handler. Main decides whether there is a native bar: the
// browser host answers shown: false once, and the in-page menu bar stays.
import { useEffect, useState } from 'react';
import type { EventMap } from '../../../shared/ipc/contract';
import { useBridge } from '../framework/bridge-context';
import { useApp } from '../state';
import type { MenuItemSpec } from '../ui/Menu';
import { nativeMenuModel } from './native-menu-model';
import { NativeMenuSync } from './native-menu-sync';

/** How long the model must hold still before it is sent (a selection sweep changes it at every step). */
const DEBOUNCE_MS = 120;

/** Whether the native menu bar shows the menus (then the in-page bar hides). */
export function useNativeMenu(menus: ReadonlyArray<{ label: string; items: readonly MenuItemSpec[] }>): boolean {
  const bridge = useBridge();
  const [shown, setShown] = useState(false);
  const [sync] = useState(() => new NativeMenuSync((model) => bridge.request('menu.set', model), setShown, DEBOUNCE_MS));
  // Shown natively, submenus (a pool's vApps, its schedules) are read now, not when opened: re-read at each
  // change of the objects. The in-page bar reads them when one opens, and needs no such render.
  useApp((s) => (shown ? s.version : 0));
  const build = nativeMenuModel(menus);
  useEffect(() => { sync.update(build); });
  useEffect(() => () => sync.dispose(), [sync]);
  useEffect(() => bridge.subscribe((e) => {
    if (e.channel === 'menu.command') sync.command((e.payload as EventMap['menu.command']).commandId);
  }), [bridge, sync]);
  return shown;
}
