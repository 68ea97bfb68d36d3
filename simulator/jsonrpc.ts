// JSON-RPC 1.0 and 2.0 framing exactly as WIRE.md: v2 errors {code:1, message: CODE, data: params},
// v1 error arrays; "jsonrpc":"2.0" selects v2.
import { dispatch, type CallEnv, type RawReply } from './dispatch';
import type { Sim } from './sim';
import { XapiError } from './xapi-error';

export async function handleJsonRpc(sim: Sim, body: string, env: CallEnv): Promise<{ status: number; json: unknown } | RawReply> {
  let req: { jsonrpc?: unknown; method?: unknown; params?: unknown; id?: unknown };
  try { req = JSON.parse(body) as typeof req; } catch {
    return { status: 400, json: { jsonrpc: '2.0', error: { code: -32700, message: 'Parse error' }, id: null } };
  }
  const v2 = req.jsonrpc === '2.0';
  const id = req.id ?? null;
  try {
    if (typeof req.method !== 'string') throw new XapiError('MESSAGE_METHOD_UNKNOWN', [String(req.method)]);
    const params = Array.isArray(req.params) ? req.params : [];
    const raw = await env.beforeCall?.(req.method, env);
    if (raw) return raw;
    const result = await dispatch(sim, req.method, params, env);
    return { status: 200, json: v2 ? { jsonrpc: '2.0', result, id } : { result, error: null, id } };
  } catch (e) {
    const err = e instanceof XapiError ? e : new XapiError('INTERNAL_ERROR', [String((e as Error)?.message ?? e)]);
    if (!(e instanceof XapiError)) console.error('simulator internal error', e);
    return { status: 200, json: v2 ? { jsonrpc: '2.0', error: { code: 1, message: err.code, data: err.params }, id } : { result: null, error: err.toArray(), id } };
  }
}
