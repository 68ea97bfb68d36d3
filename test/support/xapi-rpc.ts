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
