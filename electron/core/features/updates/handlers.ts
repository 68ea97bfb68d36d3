// Updates: the feed setting (main's settings store) and the check, which only the host's updater
// (Electron: electron-updater) makes, only when the user turned checks on and gave a feed.
import type { UpdatesRequests, UpdateStatus } from '../../../../shared/ipc/areas/updates';
import { XapiError } from '../../xapi/errors';
import type { CoreContext, HandlerSlice } from '../context';

const UNAVAILABLE = 'Updates are not available in the browser host: the desktop app updates itself, the browser host is updated with the project.';

function status(ctx: CoreContext): UpdateStatus {
  const u = ctx.opts.updater;
  return {
    ...ctx.settings.data.updates,
    supported: !!u,
    ...(u ? {} : { unavailable: UNAVAILABLE }),
    currentVersion: u?.currentVersion ?? '',
  };
}

function updaterOf(ctx: CoreContext) {
  const u = ctx.opts.updater;
  if (!u) throw new XapiError('UPDATES_UNAVAILABLE', [], { message: UNAVAILABLE });
  return u;
}

export const UPDATES_HANDLERS: HandlerSlice<UpdatesRequests> = {
  'updates.status': async (_args, ctx) => status(ctx),
  'updates.setSettings': async ({ enabled, feedUrl }, ctx) => {
    if (enabled && !feedUrl) throw new XapiError('UPDATES_FEED_MISSING', [], { message: 'Enter the address of an update feed before turning update checks on.' });
    await ctx.settings.update((d) => { d.updates = { enabled, feedUrl }; });
    return status(ctx);
  },
  'updates.check': async (_args, ctx) => {
    const updater = updaterOf(ctx);
    const { enabled, feedUrl } = ctx.settings.data.updates;
    if (!enabled || !feedUrl) throw new XapiError('UPDATES_OFF', [], { message: 'Update checks are off. Turn them on and enter the feed address first.' });
    try {
      return await updater.check(feedUrl);
    } catch (e) {
      const why = (e as Error).message;
      throw new XapiError('UPDATES_CHECK_FAILED', [why], { message: `Could not check ${feedUrl} for updates: ${why}`, cause: e });
    }
  },
  'updates.install': async (_args, ctx) => {
    const updater = updaterOf(ctx);
    if (!ctx.settings.data.updates.enabled) throw new XapiError('UPDATES_OFF', [], { message: 'Update checks are off.' });
    try {
      await updater.install();
    } catch (e) {
      const why = (e as Error).message;
      throw new XapiError('UPDATES_INSTALL_FAILED', [why], { message: `The update could not be installed: ${why}`, cause: e });
    }
    return { installing: true };
  },
};
