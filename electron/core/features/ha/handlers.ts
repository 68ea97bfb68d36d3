// High availability (ha/configure.ts).
import type { HaRequests } from '../../../../shared/ipc/areas/ha';
import { startHaConfigure } from './configure';
import type { HandlerSlice } from '../context';

export const HA_HANDLERS: HandlerSlice<HaRequests> = {
  'ha.configure': async (run, ctx) => startHaConfigure(ctx.get(run.connectionId), run, (m) => ctx.log(m)),
};
