// The renderer's own XAPI calls: the connection's session injected, secrets scrubbed from results.
import type { XapiRequests } from '../../../../shared/ipc/areas/xapi';
import { messageInfo, hasAsyncForm, type MessageInfo } from '../../../../shared/xapi/model';
import type { Connection } from '../../connection/connection';
import { XapiError } from '../../xapi/errors';
import { TypedXapi } from '../../xapi/typed-client';
import { scrubCallResult } from '../../xapi/secret-scrub';
import type { HandlerSlice } from '../context';

/** The XAPI message a renderer request names; UNKNOWN_METHOD when there is none. */
function xapiMessage(method: string): MessageInfo {
  const m = messageInfo(method);
  if (!m) throw new XapiError('UNKNOWN_METHOD', [method], { message: `${method} is not a XAPI method` });
  return m;
}

/** A task's name_label (the cache's, else the server's), to know whether its result may cross. */
async function taskLabel(c: Connection, ref: unknown): Promise<string | undefined> {
  if (typeof ref !== 'string') return undefined;
  const label = c.cache.get('task', ref)?.name_label;
  if (typeof label === 'string') return label;
  return TypedXapi.fromConnection(c).call('task.get_name_label', ref).then((l) => (typeof l === 'string' ? l : undefined), () => undefined);
}

export const XAPI_HANDLERS: HandlerSlice<XapiRequests> = {
  'xapi.call': async ({ connectionId, method, args }, ctx) => {
    const m = xapiMessage(method);
    const c = ctx.get(connectionId);
    if (!m.takesSession) throw new XapiError('UNKNOWN_METHOD', [method], { message: `${method} cannot be called from the renderer` });
    const result = await c.call<unknown>(method, args);
    return scrubCallResult(method, result, ctx.ownSession, method === 'task.get_result' ? await taskLabel(c, args[0]) : undefined);
  },
  'xapi.callAsync': async ({ connectionId, method, args }, ctx) => {
    const m = xapiMessage(method);
    if (!hasAsyncForm(m)) throw new XapiError('UNKNOWN_METHOD', [method], { message: `${method} has no asynchronous form (Async.${method} does not exist)` });
    const taskRef = await ctx.get(connectionId).call<unknown>(`Async.${method}`, args);
    if (typeof taskRef !== 'string' || !taskRef.startsWith('OpaqueRef:')) {
      throw new XapiError('INVALID_RESPONSE', [], { message: `Async.${method} did not return a task reference` });
    }
    return { taskRef };
  },
};
