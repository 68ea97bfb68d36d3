// Host maintenance flows (host/maintenance.ts): one task per flow, ending with its first error.
import type { HostRequests } from '../../../../shared/ipc/areas/host';
import { startHostMaintenance } from './maintenance';
import type { HandlerSlice } from '../context';

export const HOST_HANDLERS: HandlerSlice<HostRequests> = {
  'host.maintenance': async ({ connectionId, ...req }, ctx) => {
    const { taskRef, done } = await startHostMaintenance(ctx.get(connectionId), req);
    void done.catch((e: unknown) => ctx.log(`A host maintenance flow ended abnormally: ${(e as Error).message}`));
    return { taskRef };
  },
};
