// The native menu bar: the validated model goes to the host's menu (Electron's, options.setNativeMenu);
// a host without one (the browser host) answers shown: false and the renderer keeps its in-page menu bar.
import type { MenuRequests } from '../../../../shared/ipc/areas/menu';
import type { HandlerSlice } from '../context';

export const MENU_HANDLERS: HandlerSlice<MenuRequests> = {
  'menu.set': async (model, ctx) => ({ shown: ctx.opts.setNativeMenu?.(model) ?? false }),
};
