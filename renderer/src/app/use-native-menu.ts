// The native menu bar (Electron): the in-page bar's model goes to main whenever it changes (debounced), and
// main's 'menu.command' clicks run the item's handler. Main decides whether there is a native bar: the browser
// host answers shown: false once, and the in-page menu bar stays (nothing more is sent).
import { useEffect, useRef, useState } from 'react';
import type { EventMap } from '../../../shared/ipc/contract';
import { useBridge } from '../framework/bridge-context';
import { useApp } from '../state';
import type { MenuItemSpec } from '../ui/Menu';
import { nativeMenuModel } from './native-menu-model';

/** How long the model must hold still before it is sent (a selection sweep changes it at every step). */
const DEBOUNCE_MS = 120;

/** Whether the native menu bar shows the menus (then the in-page bar hides). */
export function useNativeMenu(menus: ReadonlyArray<{ label: string; items: readonly MenuItemSpec[] }>): boolean {
  const bridge = useBridge();
  const [shown, setShown] = useState(false);
  const hostHasNone = useRef(false);
  const handlers = useRef(new Map<string, () => void>());
  // Shown natively, submenus (a pool's vApps, its schedules) are read now, not when opened: re-read at each
  // change of the objects. The in-page bar reads them when one opens, and needs no such render.
  useApp((s) => (shown ? s.version : 0));
  const build = nativeMenuModel(menus);
  const key = JSON.stringify(build.model);
  useEffect(() => { handlers.current = build.handlers; });

  useEffect(() => {
    if (hostHasNone.current) return undefined;
    const t = setTimeout(() => {
      bridge.request('menu.set', JSON.parse(key) as typeof build.model).then(
        ({ shown: s }) => { if (!s) hostHasNone.current = true; setShown(s); },
        () => setShown(false),
      );
    }, DEBOUNCE_MS);
    return () => clearTimeout(t);
  }, [bridge, key]);

  useEffect(() => bridge.subscribe((e) => {
    if (e.channel !== 'menu.command') return;
    const { commandId } = e.payload as EventMap['menu.command'];
    handlers.current.get(commandId)?.();
  }), [bridge]);
  return shown;
}
