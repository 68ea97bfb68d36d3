// The SR commands of several calls (sr/sr-actions.ts).
import type { SrRequests } from '../../../../shared/ipc/areas/sr';
import { startSrRun } from './sr-actions';
import type { HandlerSlice } from '../context';

export const SR_HANDLERS: HandlerSlice<SrRequests> = {
  'sr.run': async (run, ctx) => startSrRun(ctx.get(run.connectionId), run, (m) => ctx.log(m)),
};
