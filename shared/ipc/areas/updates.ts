// Updates: the user's feed setting and Help > Check for Updates. Main checks with electron-updater;
// hosts without it (the browser host) answer UPDATES_UNAVAILABLE.
import type { UpdateSettings } from '../../settings/updates';
import { feedUrlProblem } from '../../settings/updates';
import { ContractError, bool, exactKeys, noArgs, str, type Validators } from '../checks';

export interface UpdateStatus extends UpdateSettings {
  /** False where this host cannot update itself (the browser host): the reason is in `unavailable`. */
  supported: boolean;
  unavailable?: string;
  /** The running version. */
  currentVersion: string;
}

export interface UpdateCheckResult {
  currentVersion: string;
  /** The feed's newest version. */
  latestVersion: string;
  updateAvailable: boolean;
  releaseName?: string;
  releaseDate?: string;
}

export interface UpdatesRequests {
  'updates.status': { args: Record<string, never>; result: UpdateStatus };
  /** Turns checks on or off and sets the feed; `enabled` needs a valid feed (UPDATES_FEED_INVALID). */
  'updates.setSettings': { args: UpdateSettings; result: UpdateStatus };
  /** Asks the feed now. UPDATES_UNAVAILABLE (browser host), UPDATES_OFF (not turned on), or the feed's error. */
  'updates.check': { args: Record<string, never>; result: UpdateCheckResult };
  /** Downloads the version the last check found, then quits and installs it. */
  'updates.install': { args: Record<string, never>; result: { installing: true } };
}

export const UPDATES_VALIDATORS: Validators<UpdatesRequests> = {
  'updates.status': noArgs,
  'updates.setSettings': (o) => {
    exactKeys(o, ['enabled', 'feedUrl']);
    const feedUrl = str(o, 'feedUrl', { allowEmpty: true }).trim();
    const problem = feedUrl === '' ? undefined : feedUrlProblem(feedUrl);
    if (problem) throw new ContractError(problem);
    return { enabled: bool(o, 'enabled'), feedUrl };
  },
  'updates.check': noArgs,
  'updates.install': noArgs,
};
