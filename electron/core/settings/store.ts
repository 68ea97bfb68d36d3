// The user's settings: one JSON file (settings.json) in a directory the host gives (Electron:
// userData; browser host: --settings-dir). Writes are atomic (temp file in the same directory,
// fsync, rename, fsync of the directory) and serialised, so a crash leaves either the old or the
// new file, never half of one. A file that cannot be read or parsed is moved aside
// (settings.json.corrupt-<timestamp>) and the app starts empty, saying so in `problem`.
// Without a directory the store lives in memory only (tests, hosts that persist nothing).
import { promises as fs, constants as fsConstants } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { isConfirmationId, type ConfirmationId } from '../../../shared/settings/confirmations';
import type { NotificationSettings } from '../../../shared/settings/notifications';
import { DEFAULT_UPDATE_SETTINGS, feedUrlProblem, type UpdateSettings } from '../../../shared/settings/updates';

export interface SavedServer {
  id: string;
  url: string;
  user: string;
  friendlyName?: string;
  poolMembers: string[];
  savedAt: string;
}

export interface StoredPin {
  fingerprintSha256: string;
  subject: string;
  issuer: string;
  validFrom: string;
  validTo: string;
  /** The accepted certificate itself: it becomes the trust anchor for that host:port. */
  pem: string;
  acceptedAt: string;
}

export interface SecretsSection {
  kind: 'os' | 'main-password';
  /** Main-password mode: scrypt salt and a check value (an encryption of a constant), base64. Never the key. */
  salt?: string;
  check?: string;
  /** Encrypted passwords by server id, base64. */
  entries: Record<string, string>;
}

export interface SettingsData {
  version: 1;
  servers: SavedServer[];
  /** host:port -> the certificate the user accepted there. */
  pins: Record<string, StoredPin>;
  secrets: SecretsSection;
  /** Questions (shared/settings/confirmations.ts) the user answered "Do not ask again". */
  confirmations: { skipped: ConfirmationId[] };
  /** Desktop notifications of new critical alerts and failed tasks (shared/settings/notifications.ts): off by default. */
  notifications: NotificationSettings;
  /** Help > Check for Updates (shared/settings/updates.ts): off, and no feed, by default. */
  updates: UpdateSettings;
}

export const SETTINGS_FILE = 'settings.json';

export function emptySettings(): SettingsData {
  return { version: 1, servers: [], pins: {}, secrets: { kind: 'main-password', entries: {} }, confirmations: { skipped: [] }, notifications: { desktop: false }, updates: { ...DEFAULT_UPDATE_SETTINGS } };
}

export interface SettingsStoreOptions {
  /** Directory of settings.json; absent: in memory only. */
  dir?: string;
  log?: (message: string) => void;
  /** Test hook: runs after the temp file is written and synced, before the rename (throw to simulate a crash). */
  beforeRename?: (tempPath: string) => void | Promise<void>;
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStr = (v: unknown): v is string => typeof v === 'string';

/** Checks a parsed file; throws with the reason when it is not a version-1 settings file. */
export function parseSettings(text: string): SettingsData {
  const raw: unknown = JSON.parse(text);
  if (!isObj(raw)) throw new Error('the file is not a JSON object');
  if (raw.version !== 1) throw new Error(`unsupported settings version ${JSON.stringify(raw.version)}`);
  const out = emptySettings();
  if (raw.servers !== undefined) {
    if (!Array.isArray(raw.servers)) throw new Error('"servers" is not a list');
    for (const s of raw.servers) {
      if (!isObj(s) || !isStr(s.id) || !isStr(s.url) || !isStr(s.user)) throw new Error('a saved server lacks id, url or user');
      out.servers.push({
        id: s.id, url: s.url, user: s.user,
        ...(isStr(s.friendlyName) && s.friendlyName ? { friendlyName: s.friendlyName } : {}),
        poolMembers: Array.isArray(s.poolMembers) ? s.poolMembers.filter(isStr) : [],
        savedAt: isStr(s.savedAt) ? s.savedAt : new Date(0).toISOString(),
      });
    }
  }
  if (raw.pins !== undefined) {
    if (!isObj(raw.pins)) throw new Error('"pins" is not an object');
    for (const [k, p] of Object.entries(raw.pins)) {
      if (!isObj(p) || !isStr(p.fingerprintSha256) || !isStr(p.pem)) throw new Error(`the pin of ${k} lacks its fingerprint or certificate`);
      out.pins[k] = {
        fingerprintSha256: p.fingerprintSha256, pem: p.pem,
        subject: isStr(p.subject) ? p.subject : '', issuer: isStr(p.issuer) ? p.issuer : '',
        validFrom: isStr(p.validFrom) ? p.validFrom : '', validTo: isStr(p.validTo) ? p.validTo : '',
        acceptedAt: isStr(p.acceptedAt) ? p.acceptedAt : '',
      };
    }
  }
  if (raw.secrets !== undefined) {
    const s = raw.secrets;
    if (!isObj(s) || (s.kind !== 'os' && s.kind !== 'main-password')) throw new Error('"secrets" is malformed');
    const entries: Record<string, string> = {};
    if (isObj(s.entries)) for (const [k, v] of Object.entries(s.entries)) if (isStr(v)) entries[k] = v;
    out.secrets = { kind: s.kind, entries, ...(isStr(s.salt) ? { salt: s.salt } : {}), ...(isStr(s.check) ? { check: s.check } : {}) };
  }
  // Unreadable answers are dropped, not a reason to set the whole file aside: every question is then
  // asked again (the safe side). A question this version does not know (a newer one wrote it) too.
  const c = raw.confirmations;
  if (isObj(c) && Array.isArray(c.skipped)) out.confirmations.skipped = [...new Set(c.skipped.filter(isConfirmationId))];
  // Anything but an explicit true leaves notifications off.
  if (isObj(raw.notifications) && raw.notifications.desktop === true) out.notifications.desktop = true;
  // Likewise update checks: on only when explicitly on with a feed that is still a valid one.
  const u = raw.updates;
  if (isObj(u) && isStr(u.feedUrl) && (u.feedUrl === '' || !feedUrlProblem(u.feedUrl))) {
    out.updates = { feedUrl: u.feedUrl, enabled: u.enabled === true && u.feedUrl !== '' };
  }
  return out;
}

export class SettingsStore {
  #data: SettingsData = emptySettings();
  #queue: Promise<void> = Promise.resolve();
  #problem: string | undefined;
  readonly #opts: SettingsStoreOptions;

  private constructor(opts: SettingsStoreOptions) {
    this.#opts = opts;
  }

  /** Loads (or starts empty). Never throws for a bad file: it is moved aside and reported. */
  static async open(opts: SettingsStoreOptions = {}): Promise<SettingsStore> {
    const store = new SettingsStore(opts);
    await store.#load();
    return store;
  }

  get path(): string | undefined {
    return this.#opts.dir ? join(this.#opts.dir, SETTINGS_FILE) : undefined;
  }

  /** Why the settings were not loaded, when they were not (the file was corrupt or unreadable). */
  get problem(): string | undefined {
    return this.#problem;
  }

  /** A deep copy of the current settings. */
  get data(): SettingsData {
    return structuredClone(this.#data);
  }

  /**
   * Applies `change` to a copy and writes it; the in-memory settings change only once the file
   * is written. Writes run one after another (no two writers).
   */
  update(change: (draft: SettingsData) => void): Promise<void> {
    const run = async (): Promise<void> => {
      const draft = structuredClone(this.#data);
      change(draft);
      await this.#write(draft);
      this.#data = draft;
    };
    const p = this.#queue.then(run, run);
    this.#queue = p.catch(() => undefined);
    return p;
  }

  /** The pin of a host:port key, read without copying (every TLS connection asks). */
  pinOf(key: string): { fingerprintSha256: string; pem: string } | undefined {
    const p = Object.prototype.hasOwnProperty.call(this.#data.pins, key) ? this.#data.pins[key] : undefined;
    return p ? { fingerprintSha256: p.fingerprintSha256, pem: p.pem } : undefined;
  }

  /** Resolves once every queued write finished. */
  flush(): Promise<void> {
    return this.#queue;
  }

  async #load(): Promise<void> {
    const dir = this.#opts.dir;
    if (!dir) return;
    await fs.mkdir(dir, { recursive: true, mode: 0o700 });
    // Temp files of writes that never reached their rename (a crash): the real file is intact.
    for (const name of await fs.readdir(dir).catch(() => [] as string[])) {
      if (name.startsWith(`${SETTINGS_FILE}.tmp-`)) await fs.rm(join(dir, name), { force: true }).catch(() => undefined);
    }
    const file = join(dir, SETTINGS_FILE);
    let text: string;
    try {
      text = await fs.readFile(file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
      await this.#setAside(file, `it could not be read (${(e as Error).message})`);
      return;
    }
    try {
      this.#data = parseSettings(text);
    } catch (e) {
      await this.#setAside(file, `it is damaged (${(e as Error).message})`);
    }
  }

  async #setAside(file: string, why: string): Promise<void> {
    const aside = `${file}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    let kept = `kept as ${aside}`;
    try {
      await fs.rename(file, aside);
    } catch (e) {
      kept = `it could not be moved aside (${(e as Error).message})`;
    }
    this.#problem = `The settings file ${file} was not used because ${why}; ${kept}. The app started with empty settings.`;
    this.#opts.log?.(this.#problem);
  }

  async #write(data: SettingsData): Promise<void> {
    const dir = this.#opts.dir;
    if (!dir) return;
    const file = join(dir, SETTINGS_FILE);
    const temp = `${file}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
    const fh = await fs.open(temp, fsConstants.O_CREAT | fsConstants.O_EXCL | fsConstants.O_WRONLY, 0o600);
    try {
      try {
        await fh.writeFile(JSON.stringify(data, null, 2) + '\n', 'utf8');
        await fh.sync();
      } finally {
        await fh.close();
      }
      await this.#opts.beforeRename?.(temp);
      await fs.rename(temp, file);
    } catch (e) {
      await fs.rm(temp, { force: true }).catch(() => undefined);
      throw e;
    }
    // The rename itself is durable only once the directory is synced (not possible on Windows).
    try {
      const d = await fs.open(dir, 'r');
      try { await d.sync(); } finally { await d.close(); }
    } catch {
      /* best effort */
    }
  }
}
