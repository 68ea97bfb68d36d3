// Migrate to Server across pools (XenCenter's cross-pool migration): the destination pool's
// connection prepares the receiving host (host.migrate_receive on its management network), and the
// source's connection starts Async VM.migrate_send with that map. Both calls are made here: the map
// holds a session of the destination, which stays in main.
import type { Connection } from '../../connection/connection';
import { XapiError } from '../../xapi/errors';
import { hostLabel } from '../../xapi/address';
import { TypedXapi } from '../../xapi/typed-client';

export interface CrossPoolMigration {
  vmRef: string;
  /** The receiving host, in the destination pool. */
  hostRef: string;
  /** Every disk VDI of the VM -> an SR of the destination pool. */
  vdiMap: Record<string, string>;
  /** Every VIF of the VM -> a network of the destination pool. */
  vifMap: Record<string, string>;
}

/** The network of the host's management PIF, from the cache. */
export function managementNetwork(dest: Pick<Connection, 'cache'>, hostRef: string): string | undefined {
  for (const pif of dest.cache.getAll('pif').values()) {
    if (pif.host === hostRef && pif.management === true && typeof pif.network === 'string') return pif.network;
  }
  return undefined;
}

/** host.migrate_receive on the destination: the dest map migrate_send and assert_can_migrate take. */
async function receive(source: Connection, dest: Connection, m: CrossPoolMigration, authorize?: () => Promise<void>): Promise<Partial<Record<string, string>>> {
  if (source === dest) throw new XapiError('OPERATION_NOT_ALLOWED', ['The destination is in the same pool'], { message: 'The destination server is in the same pool: use a migration within the pool' });
  await dest.cache.whenComplete();
  if (!dest.cache.get('host', m.hostRef)) throw new XapiError('HANDLE_INVALID', ['host', m.hostRef]);
  const network = managementNetwork(dest, m.hostRef);
  if (!network) {
    throw new XapiError('NO_MANAGEMENT_NETWORK', [m.hostRef], { message: `The management network of the destination server in ${hostLabel(dest.url)} is not known` });
  }
  await authorize?.();
  return TypedXapi.fromConnection(dest).call('host.migrate_receive', m.hostRef, network, {});
}

/** Starts the migration; resolves with the source pool's task ref (the Events panel follows it). */
/** `authorize` throws to stop before the destination's session is made and sent (pool/credential-guard.ts). */
export async function startCrossPoolMigrate(source: Connection, dest: Connection, m: CrossPoolMigration, authorize?: () => Promise<void>): Promise<string> {
  const dmap = await receive(source, dest, m, authorize);
  return TypedXapi.fromConnection(source).startAsync('VM.migrate_send', m.vmRef, dmap, true, m.vdiMap, m.vifMap, {}, {});
}

/**
 * What XenCenter asks before offering a host of another pool: VM.assert_can_migrate with the same
 * maps migrate_send would get. Resolves when the server would accept; throws its XapiError otherwise.
 */
export async function checkCrossPoolMigrate(source: Connection, dest: Connection, m: CrossPoolMigration): Promise<void> {
  const dmap = await receive(source, dest, m);
  await TypedXapi.fromConnection(source).call('VM.assert_can_migrate', m.vmRef, dmap, true, m.vdiMap, m.vifMap, {}, {});
}
