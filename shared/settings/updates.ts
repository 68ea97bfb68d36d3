// Update checks (Help > Check for Updates): off until the user turns them on and gives a feed, so
// the app makes no request of its own otherwise. The feed is electron-builder's "generic" kind: a
// folder served over HTTPS holding latest.yml / latest-mac.yml / latest-linux.yml and the installers.
export interface UpdateSettings {
  enabled: boolean;
  /** The feed folder's URL; '' until set. */
  feedUrl: string;
}

export const DEFAULT_UPDATE_SETTINGS: UpdateSettings = { enabled: false, feedUrl: '' };
export const MAX_FEED_URL = 2048;

/**
 * Why `url` cannot be an update feed, or undefined when it can: an absolute https URL without
 * credentials (http only to this machine, for a local test feed).
 */
export function feedUrlProblem(url: string): string | undefined {
  if (url.length > MAX_FEED_URL) return `The feed address is longer than ${MAX_FEED_URL} characters.`;
  // shared/ has no URL class (it runs in both runtimes without their libraries): scheme and authority by hand.
  const m = /^([a-z][a-z0-9+.-]*):\/\/([^/?#\s]*)([^\s]*)$/i.exec(url);
  if (!m || !m[2]) return 'The feed address is not a URL (for example https://updates.example.com/app/).';
  const scheme = m[1]!.toLowerCase();
  const authority = m[2];
  if (authority.includes('@')) return 'The feed address must not contain a user name or password.';
  const host = authority.replace(/:\d+$/, '').toLowerCase();
  const loopback = host === '127.0.0.1' || host === 'localhost' || host === '[::1]';
  if (scheme !== 'https' && !(scheme === 'http' && loopback)) return 'The feed address must start with https://.';
  return undefined;
}
