// Operations across two connections: Add Server to Pool and cross-pool migration. Each sends one
// connection's password or session to the other's server, so pool/credential-guard.ts checks the
// parties first and asks the user (Electron) just before it is sent.
import type { PoolRequests } from '../../../../shared/ipc/areas/pool';
import type { Connection } from '../../connection/connection';
import { startPoolJoin } from './pool-join';
import { checkCrossPoolMigrate, startCrossPoolMigrate } from './cross-pool-migrate';
import { checkCredentialParties, checkCredentialUse } from '../../pool/credential-guard';
import { XapiError } from '../../xapi/errors';
import type { CoreContext, HandlerSlice } from '../context';

/** Refuses at once when either connection may not exchange credentials (before any other check). */
function checkParties(ctx: CoreContext, from: Connection, to: Connection): void {
  checkCredentialParties({ conn: from, origin: ctx.originOf(from) }, { conn: to, origin: ctx.originOf(to) });
}

/** Refuses, or asks the user about, sending `from`'s password or session to `to`'s server (just before it is sent). */
function checkUse(ctx: CoreContext, from: Connection, to: Connection, operation: 'pool.join' | 'vm.crossPoolMigrate'): Promise<void> {
  return checkCredentialUse({ conn: from, origin: ctx.originOf(from) }, { conn: to, origin: ctx.originOf(to) }, operation, ctx.opts.confirmCredentialUse);
}

export const POOL_HANDLERS: HandlerSlice<PoolRequests> = {
  'pool.join': async ({ connectionId, poolConnectionId }, ctx) => {
    const joiner = ctx.get(connectionId);
    const target = ctx.get(poolConnectionId);
    if (target !== joiner) checkParties(ctx, target, joiner);
    const stillListed = (): boolean => ctx.isListed(joiner);
    const { taskRef, joined } = await startPoolJoin(joiner, target, {
      stopped: () => ctx.stopped() || !stillListed(),
      // The pool's password goes to the joining server: only after the user's say-so.
      authorize: () => checkUse(ctx, target, joiner, 'pool.join'),
    });
    // A member now: the pool's connection shows it. The task's end goes out first, so the
    // Events panel keeps how it finished, then the joiner's connection (and saved entry) goes.
    void joined.then((ok) => {
      if (!ok || !stillListed()) return;
      joiner.cache.flush();
      return ctx.forget(connectionId);
    }).catch((e: unknown) => ctx.log(`The connection of a server that joined a pool could not be removed: ${(e as Error).message}`));
    return { taskRef };
  },
  'vm.crossPoolMigrate': async ({ connectionId, vmRef, destConnectionId, hostRef, vdiMap, vifMap }, ctx) => {
    const source = ctx.get(connectionId);
    const dest = ctx.get(destConnectionId);
    // A session on the destination pool goes to the source pool (VM.migrate_send's dest map).
    if (source !== dest) checkParties(ctx, dest, source);
    const authorize = () => checkUse(ctx, dest, source, 'vm.crossPoolMigrate');
    return { taskRef: await startCrossPoolMigrate(source, dest, { vmRef, hostRef, vdiMap, vifMap }, authorize) };
  },
  // The same parties as the migration itself. The check, too, sends a session of the destination to
  // the source: where the user is asked before that (Electron's native dialog), it is not made
  // unasked (the migration asks and checks); without a dialog (browser host) the parties rule is all.
  'vm.crossPoolMigrateCheck': async ({ connectionId, vmRef, destConnectionId, hostRef, vdiMap, vifMap }, ctx) => {
    const source = ctx.get(connectionId);
    const dest = ctx.get(destConnectionId);
    if (source !== dest) checkParties(ctx, dest, source);
    if (ctx.opts.confirmCredentialUse) {
      throw new XapiError('CREDENTIAL_USE_UNCONFIRMED', [], { message: 'This server is checked when you migrate, after you allow its pool\'s session to be sent' });
    }
    await checkCrossPoolMigrate(source, dest, { vmRef, hostRef, vdiMap, vifMap });
    return {};
  },
};
