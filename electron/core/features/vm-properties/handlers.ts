// VM Properties (vm-properties/apply.ts).
import type { VmPropertiesRequests } from '../../../../shared/ipc/areas/vm-properties';
import { startVmProperties } from './apply';
import type { HandlerSlice } from '../context';

export const VM_PROPERTIES_HANDLERS: HandlerSlice<VmPropertiesRequests> = {
  'vmProperties.apply': async ({ connectionId, vmRef, changes }, ctx) => startVmProperties(ctx.get(connectionId), vmRef, changes, (m) => ctx.log(m)),
};
