// A deliberately tiny JSON-RPC caller for tests: it checks the simulator's state "from another
// client", independent of the product's own XAPI client.
export class RpcError extends Error {
  constructor(readonly code: string, readonly params: string[]) { super(`${code} ${JSON.stringify(params)}`); }
}

export async function rpc(url: string, method: string, ...params: unknown[]): Promise<unknown> {
  const res = await fetch(`${url}/jsonrpc`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', method, params, id: 1 }),
  });
  const body = (await res.json()) as { result?: unknown; error?: { message: string; data?: string[] } };
  if (body.error) throw new RpcError(body.error.message, body.error.data ?? []);
  return body.result;
}

export async function login(url: string, user = 'root', password = 'xenroot'): Promise<string> {
  return (await rpc(url, 'session.login_with_password', user, password, '2.21', 'test')) as string;
}

/** The raw JSON-RPC reply, for tests that assert on error arrays. */
export interface RpcReply { result?: unknown; error?: { code: number; message: string; data: string[] } }
export async function rpcReply(url: string, method: string, params: unknown[]): Promise<RpcReply> {
  const res = await fetch(`${url}/jsonrpc`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', method, params, id: 1 }) });
  return (await res.json()) as RpcReply;
}
/** The XAPI error as its wire array [code, ...params], or null on success. */
export const errArray = (r: RpcReply): string[] | null => (r.error ? [r.error.message, ...r.error.data] : null);
/** The result, or a thrown error carrying the reply's error. */
export const ok = <T>(r: RpcReply): T => { if (r.error) throw new Error(JSON.stringify(r.error)); return r.result as T; };
