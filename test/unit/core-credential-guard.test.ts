// pool/credential-guard.ts on its own: which connections may exchange credentials, and what the
// confirmation is told.
import { describe, expect, it, vi } from 'vitest';
import { checkCredentialUse, serverIdentity, type ConnectionOrigin } from '../../electron/core/pool/credential-guard';
import type { Connection } from '../../electron/core/connection/connection';

function conn(url: string, status: string, poolName: string, hostName = 'h1'): Connection {
  const pools = new Map([['OpaqueRef:p', { name_label: poolName, master: 'OpaqueRef:h' }]]);
  const hosts = new Map([['OpaqueRef:h', { name_label: hostName }]]);
  return { url, status, cache: { getAll: (cls: string) => (cls === 'pool' ? pools : hosts), get: (cls: string, ref: string) => (cls === 'host' ? hosts.get(ref) : undefined) } } as unknown as Connection;
}
const party = (c: Connection, origin: ConnectionOrigin | undefined) => ({ conn: c, origin });

describe('checkCredentialUse', () => {
  const a = conn('https://pool.example', 'connected', 'Prod');
  const b = conn('https://10.0.0.9:8443', 'connected', '', 'lone');

  it('refuses a connection that is not live, or that came from an imported list and was never logged in by the user', async () => {
    for (const status of ['failed', 'reconnecting', 'connecting', 'disconnected']) {
      await expect(checkCredentialUse(party(conn('https://x', status, 'P'), 'added'), party(b, 'added'), 'pool.join')).rejects.toMatchObject({ code: 'CREDENTIAL_USE_REFUSED', params: ['x', status] });
    }
    await expect(checkCredentialUse(party(a, 'restored'), party(b, 'imported'), 'pool.join')).rejects.toMatchObject({ code: 'CREDENTIAL_USE_REFUSED', message: expect.stringMatching(/not added by you/) });
    await expect(checkCredentialUse(party(a, undefined), party(b, 'added'), 'pool.join')).rejects.toMatchObject({ code: 'CREDENTIAL_USE_REFUSED' });
  });

  it('asks the confirmation with both servers named, and stops when it says no', async () => {
    const confirm = vi.fn(async () => false);
    await expect(checkCredentialUse(party(a, 'restored'), party(b, 'added'), 'vm.crossPoolMigrate', confirm)).rejects.toMatchObject({ code: 'CREDENTIAL_USE_DECLINED', params: ['pool.example', '10.0.0.9:8443'] });
    expect(confirm).toHaveBeenCalledWith({ operation: 'vm.crossPoolMigrate', from: { address: 'pool.example', poolName: 'Prod' }, to: { address: '10.0.0.9:8443', poolName: 'lone' } });
    await expect(checkCredentialUse(party(a, 'restored'), party(b, 'added'), 'pool.join', async () => true)).resolves.toBeUndefined();
    await expect(checkCredentialUse(party(a, 'restored'), party(b, 'added'), 'pool.join')).resolves.toBeUndefined();
  });

  it('an unnamed pool reads as its coordinator', () => {
    expect(serverIdentity(b)).toEqual({ address: '10.0.0.9:8443', poolName: 'lone' });
  });
});
