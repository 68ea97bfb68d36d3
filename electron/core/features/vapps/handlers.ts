// vApps (vapps/apply.ts): create and update a vApp as one undoable task.
import type { VAppsRequests } from '../../../../shared/ipc/areas/vapps';
import { createVApp, updateVApp } from './apply';
import type { HandlerSlice } from '../context';

export const VAPPS_HANDLERS: HandlerSlice<VAppsRequests> = {
  'vapps.create': async (spec, ctx) => createVApp(ctx.get(spec.connectionId), spec, (m) => ctx.log(m)),
  'vapps.update': async (spec, ctx) => updateVApp(ctx.get(spec.connectionId), spec, (m) => ctx.log(m)),
};
