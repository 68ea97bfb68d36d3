// Settings: password storage (main password) and the questions the user said not to ask again.
import type { SettingsStatus } from '../model';
import type { ConfirmationId, ConfirmationSettings } from '../../settings/confirmations';
import type { NotificationSettings } from '../../settings/notifications';
import { CONFIRMATION_IDS, isConfirmationId } from '../../settings/confirmations';
import { ContractError, bool, exactKeys, noArgs, str, type Validators } from '../checks';

export interface SettingsRequests {
  'settings.status': { args: Record<string, never>; result: SettingsStatus };
  /** Sets (or changes, with `current`) the main password from which the password-store key is derived. */
  'settings.setMainPassword': { args: { password: string; current?: string }; result: SettingsStatus };
  /** Unlocks stored passwords with the main password, then reconnects saved servers. Wrong password: MAIN_PASSWORD_INCORRECT. */
  'settings.unlock': { args: { password: string }; result: SettingsStatus };
  /** The questions (shared/settings/confirmations.ts) the user said not to ask again. */
  'settings.confirmations': { args: Record<string, never>; result: ConfirmationSettings };
  /** Records the answer to a question's "Do not ask again" (ask: false) or asks it again (ask: true). */
  'settings.setConfirmation': { args: { id: ConfirmationId; ask: boolean }; result: ConfirmationSettings };
  /** Asks every question again (the Options dialog's reset). */
  'settings.resetConfirmations': { args: Record<string, never>; result: ConfirmationSettings };
  /** Whether new critical alerts and failed tasks raise desktop notifications (off until turned on). */
  'settings.notifications': { args: Record<string, never>; result: NotificationSettings };
  'settings.setNotifications': { args: NotificationSettings; result: NotificationSettings };
}

export const SETTINGS_VALIDATORS: Validators<SettingsRequests> = {
  'settings.status': noArgs,
  'settings.setMainPassword': (o) => {
    exactKeys(o, ['password', 'current']);
    const current = o.current === undefined ? undefined : str(o, 'current', { allowEmpty: true });
    return { password: str(o, 'password', { allowEmpty: true }), ...(current !== undefined ? { current } : {}) };
  },
  'settings.unlock': (o) => {
    exactKeys(o, ['password']);
    return { password: str(o, 'password', { allowEmpty: true }) };
  },
  'settings.confirmations': noArgs,
  'settings.setConfirmation': (o) => {
    exactKeys(o, ['id', 'ask']);
    if (!isConfirmationId(o.id)) throw new ContractError(`"id" must be one of ${CONFIRMATION_IDS.join(', ')}`);
    return { id: o.id, ask: bool(o, 'ask') };
  },
  'settings.resetConfirmations': noArgs,
  'settings.notifications': noArgs,
  'settings.setNotifications': (o) => {
    exactKeys(o, ['desktop']);
    return { desktop: bool(o, 'desktop') };
  },
};
