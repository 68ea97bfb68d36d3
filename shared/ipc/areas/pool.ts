// Pools: operations that need two connections (a server joining a pool, a VM migrating to another
// pool), each sending one connection's credentials or session to the other's server.
import { exactKeys, ref, refMap, str, type Validators } from '../checks';

type CrossPoolMigrateArgs = { connectionId: string; vmRef: string; destConnectionId: string; hostRef: string; vdiMap: Record<string, string>; vifMap: Record<string, string> };

export interface PoolRequests {
  /**
   * "Add Server to Pool": the standalone server of `connectionId` joins the pool of `poolConnectionId`
   * (Async pool.join on the standalone server, with the address of the pool's coordinator and the
   * credentials main holds for the pool's connection). Resolves with the joiner's task; once the
   * server is a member, main removes the joiner's connection (connection.removed): the pool's
   * connection shows the server from then on.
   */
  'pool.join': { args: { connectionId: string; poolConnectionId: string }; result: { taskRef: string } };
  /**
   * Migrate a VM to a host of another connected pool: host.migrate_receive on the destination's
   * connection (its management network), then Async VM.migrate_send(vm, dest, live, vdiMap, vifMap,
   * {}, {}) on the source's. Resolves with the source's task.
   */
  'vm.crossPoolMigrate': { args: CrossPoolMigrateArgs; result: { taskRef: string } };
  /**
   * Whether the destination would take the VM, before Migrate to Server offers it (XenCenter greys
   * refused hosts): host.migrate_receive on the destination, then VM.assert_can_migrate with the same
   * maps on the source. Resolves with {} when it would; otherwise fails with the server's error.
   */
  'vm.crossPoolMigrateCheck': { args: CrossPoolMigrateArgs; result: Record<string, never> };
}

function crossPoolMigrateArgs(o: Record<string, unknown>): CrossPoolMigrateArgs {
  exactKeys(o, ['connectionId', 'vmRef', 'destConnectionId', 'hostRef', 'vdiMap', 'vifMap']);
  return {
    connectionId: str(o, 'connectionId'), vmRef: ref(o, 'vmRef'), destConnectionId: str(o, 'destConnectionId'), hostRef: ref(o, 'hostRef'),
    vdiMap: refMap(o, 'vdiMap'), vifMap: refMap(o, 'vifMap'),
  };
}

export const POOL_VALIDATORS: Validators<PoolRequests> = {
  'pool.join': (o) => {
    exactKeys(o, ['connectionId', 'poolConnectionId']);
    return { connectionId: str(o, 'connectionId'), poolConnectionId: str(o, 'poolConnectionId') };
  },
  'vm.crossPoolMigrate': crossPoolMigrateArgs,
  'vm.crossPoolMigrateCheck': crossPoolMigrateArgs,
};
