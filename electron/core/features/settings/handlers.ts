// Settings: the main password that guards stored passwords, and the "Do not ask again" answers.
import type { SettingsRequests } from '../../../../shared/ipc/areas/settings';
import type { CoreContext, HandlerSlice } from '../context';

function emitSettingsStatus(ctx: CoreContext): void {
  ctx.emit({ channel: 'settings.status', payload: ctx.settingsStatus() });
}

export const SETTINGS_HANDLERS: HandlerSlice<SettingsRequests> = {
  'settings.status': async (_args, ctx) => ctx.settingsStatus(),
  'settings.setMainPassword': async ({ password, current }, ctx) => {
    await ctx.passwords.setMainPassword(password, current);
    emitSettingsStatus(ctx);
    await ctx.passwords.storeHeld(ctx.connections());
    return ctx.settingsStatus();
  },
  'settings.unlock': async ({ password }, ctx) => {
    await ctx.passwords.unlock(password);
    emitSettingsStatus(ctx);
    ctx.restoreSession();
    return ctx.settingsStatus();
  },
  'settings.confirmations': async (_args, ctx) => ctx.settings.data.confirmations,
  'settings.setConfirmation': async ({ id, ask }, ctx) => {
    await ctx.settings.update((d) => {
      const rest = d.confirmations.skipped.filter((s) => s !== id);
      d.confirmations.skipped = ask ? rest : [...rest, id];
    });
    return ctx.settings.data.confirmations;
  },
  'settings.resetConfirmations': async (_args, ctx) => {
    await ctx.settings.update((d) => { d.confirmations.skipped = []; });
    return ctx.settings.data.confirmations;
  },
  'settings.notifications': async (_args, ctx) => ({ ...ctx.settings.data.notifications }),
  'settings.setNotifications': async ({ desktop }, ctx) => {
    await ctx.settings.update((d) => { d.notifications = { desktop }; });
    return { ...ctx.settings.data.notifications };
  },
};
