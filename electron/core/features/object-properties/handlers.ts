// Host, pool, SR and network Properties; custom field definitions (object-properties/apply.ts).
import type { ObjectPropertiesRequests } from '../../../../shared/ipc/areas/object-properties';
import { startEditCustomFields, startObjectProperties } from './apply';
import type { HandlerSlice } from '../context';

export const OBJECT_PROPERTIES_HANDLERS: HandlerSlice<ObjectPropertiesRequests> = {
  'objectProperties.apply': async ({ connectionId, cls, ref, changes }, ctx) => startObjectProperties(ctx.get(connectionId), cls, ref, changes, (m) => ctx.log(m)),
  'objectProperties.editCustomFields': async ({ connectionId, add, remove }, ctx) => startEditCustomFields(ctx.get(connectionId), { add, remove }, (m) => ctx.log(m)),
};
