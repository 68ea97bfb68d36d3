// XML-RPC at POST / and /RPC2 (FORMATS.md 2): a call parsed by the codec (xmlrpc-codec.ts), the
// same dispatch as JSON-RPC, and the reply or the failure in the XML-RPC envelope.
import { messageInfo } from '../shared/xapi/model';
import { dispatch, type CallEnv, type RawReply } from './dispatch';
import type { Sim } from './sim';
import { XapiError } from './xapi-error';
import { envelope, failureXml, parseMethodCall, successXml, toXml } from './xmlrpc-codec';

/** Result type of a wire name (Async.* returns a task ref). */
function resultType(method: string): string | undefined {
  if (method.startsWith('Async.')) return 'task ref';
  return messageInfo(method)?.result;
}

/** `Class_message` is accepted as `Class.message` (FORMATS.md 2.1). */
function normaliseName(method: string): string {
  const prefix = method.startsWith('Async.') ? 'Async.' : '';
  const rest = method.slice(prefix.length);
  if (rest.includes('.') || messageInfo(rest)) return method;
  for (let i = rest.indexOf('_'); i > 0; i = rest.indexOf('_', i + 1)) {
    const cand = `${rest.slice(0, i)}.${rest.slice(i + 1)}`;
    if (messageInfo(cand)) return prefix + cand;
  }
  return method;
}

export async function handleXmlRpc(sim: Sim, body: string, env: CallEnv): Promise<{ status: number; xml: string } | RawReply> {
  let call: { method: string; params: unknown[] };
  try { call = parseMethodCall(body); } catch (e) {
    return { status: 200, xml: failureXml(['XMLRPC_UNMARSHAL_FAILURE', 'methodCall', String((e as Error).message)]) };
  }
  const method = normaliseName(call.method);
  try {
    const raw = await env.beforeCall?.(method, env);
    if (raw) return raw;
    const result = await dispatch(sim, method, call.params, env);
    if (method === 'system.listMethods') return { status: 200, xml: envelope(toXml(result, 'string set')) };
    return { status: 200, xml: successXml(toXml(result, resultType(method))) };
  } catch (e) {
    const err = e instanceof XapiError ? e : new XapiError('INTERNAL_ERROR', [String((e as Error)?.message ?? e)]);
    if (!(e instanceof XapiError)) console.error('simulator internal error', e);
    return { status: 200, xml: failureXml(err.toArray()) };
  }
}
