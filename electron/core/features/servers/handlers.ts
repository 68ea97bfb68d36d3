// Servers: add, connect, disconnect and forget servers, the saved list's export/import, the demo
// pool, and the state snapshot a renderer starts from. The registry itself is AppCore's.
import type { ServersRequests } from '../../../../shared/ipc/areas/servers';
import { isIdle } from '../../connection/idle';
import { XapiError } from '../../xapi/errors';
import { hostLabel } from '../../xapi/address';
import { scrubDelta } from '../../xapi/secret-scrub';
import type { HandlerSlice } from '../context';

export const SERVERS_HANDLERS: HandlerSlice<ServersRequests> = {
  'servers.add': async ({ address, user, password, friendlyName, save }, ctx) => ({
    connectionId: await ctx.addServer(address, user, password, { friendlyName, save: save ?? true }),
  }),
  'servers.demo': async (_args, ctx) => {
    if (!ctx.opts.startDemoPool) throw new XapiError('DEMO_UNAVAILABLE', [], { message: 'The demo pool is not available in this build' });
    const demo = await ctx.opts.startDemoPool();
    // The demo pool listens on a new port each run: never saved.
    const connectionId = await ctx.addServer(demo.url, demo.user, demo.password, { save: false });
    // Its standalone servers are extras: the pool is open even when one of them does not connect.
    for (const url of demo.standaloneUrls ?? []) {
      await ctx.addServer(url, demo.user, demo.password, { save: false })
        .catch((e: unknown) => ctx.log(`The demo server ${hostLabel(url)} did not connect: ${(e as Error).message}`));
    }
    return { connectionId };
  },
  'servers.reconnect': async ({ connectionId, user, password }, ctx) => {
    await ctx.reconnect(ctx.get(connectionId), { user, password });
    return null;
  },
  'servers.disconnect': async ({ connectionId }, ctx) => {
    const c = ctx.get(connectionId);
    ctx.consoles.closeConnection(connectionId, 'The server was disconnected');
    await c.disconnect();
    if (c.status !== 'disconnected') c.setIdleState('disconnected');
    return null;
  },
  'servers.remove': async ({ connectionId }, ctx) => {
    await ctx.forget(connectionId);
    return null;
  },
  'servers.forget': async ({ connectionId }, ctx) => {
    await ctx.forget(connectionId);
    return null;
  },
  'servers.connectAll': async (_args, ctx) => {
    const idle = ctx.connections().filter(isIdle);
    await Promise.all(idle.map((c) => ctx.reconnect(c, {}).catch(() => undefined)));
    return null;
  },
  'servers.disconnectAll': async (_args, ctx) => {
    await Promise.all(ctx.connections().map(async (c) => {
      ctx.consoles.closeConnection(c.id, 'The server was disconnected');
      await c.disconnect().catch(() => undefined);
      if (c.status !== 'disconnected') c.setIdleState('disconnected');
    }));
    return null;
  },
  'servers.export': async (_args, ctx) => ({ json: ctx.saved.exportJson() }),
  'servers.import': async ({ json }, ctx) => {
    const { fresh, skipped } = await ctx.saved.importJson(json, ctx.connections());
    ctx.addImported(fresh);
    return { added: fresh.length, skipped };
  },
  'state.snapshot': async (_args, ctx) => {
    const conns = ctx.connections();
    return { connections: conns.map((c) => c.info), deltas: conns.map((c) => scrubDelta(c.cache.toDelta(), ctx.ownSession)) };
  },
};
