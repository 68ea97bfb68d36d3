// The passwords of saved servers: encrypted by the SecretStore and kept in settings.json beside
// the server list (never in it). They can be read and written only while the store allows it:
// the OS keychain, or the main password unlocked. Each entry is bound to the server's id, URL and
// user name (secrets/secret-store.ts passwordBinding): an entry read for a server whose URL or user
// was changed in settings.json is not used, so the password never goes to the new address.
// Entries of earlier versions (not bound) are removed on first use, with a message: they cannot
// prove which server they belong to, and the user types the password once more.
import type { PasswordStorage } from '../../../shared/ipc/contract';
import type { Connection } from '../connection/connection';
import type { SettingsStore } from '../settings/store';
import { hostLabel } from '../xapi/address';
import { mainPasswordSecretStore, passwordBinding, UnboundSecretError, type SecretStore, type SecretStoreFactory } from '../secrets/secret-store';

/** The server a password belongs to: as the connection (and so the login) would use it. */
export interface PasswordOwner { id: string; url: string; user: string }

export class SavedPasswords {
  readonly #settings: SettingsStore;
  readonly #secrets: SecretStore;
  readonly #log: (message: string) => void;
  /** Why a server's saved password was not used this run (shown in its "Password needed" error). */
  readonly #refused = new Map<string, string>();

  private constructor(settings: SettingsStore, secrets: SecretStore, log: (message: string) => void) {
    this.#settings = settings;
    this.#secrets = secrets;
    this.#log = log;
  }

  /** Opens the store (default: the main-password store) over the settings' secrets section. */
  static async open(settings: SettingsStore, factory: SecretStoreFactory | undefined, log: (message: string) => void): Promise<SavedPasswords> {
    const secrets = (factory ?? mainPasswordSecretStore())({
      read: () => settings.data.secrets,
      write: (next) => settings.update((d) => { d.secrets = next; }),
    });
    const kind = await secrets.kind();
    // Entries written by another kind of store (the keychain went away, or appeared) cannot be read.
    if (settings.data.secrets.kind !== kind) {
      await settings.update((d) => { d.secrets = { kind, entries: {} }; });
    }
    return new SavedPasswords(settings, secrets, log);
  }

  status(): PasswordStorage {
    return this.#secrets.status();
  }

  setMainPassword(password: string, current?: string): Promise<void> {
    const servers = this.#settings.data.servers;
    return this.#secrets.setMainPassword(password, current, (id) => {
      const s = servers.find((x) => x.id === id);
      return s ? passwordBinding(s) : undefined;
    });
  }

  unlock(password: string): Promise<void> {
    return this.#secrets.unlock(password);
  }

  canRead(): boolean {
    const st = this.#secrets.status();
    return st === 'os' || st === 'main-password-unlocked';
  }

  /**
   * The stored password of a saved server, when it was stored for this very id, URL and user;
   * undefined when there is none, it cannot be read now, or it belongs elsewhere.
   */
  async stored(owner: PasswordOwner): Promise<string | undefined> {
    const b64 = this.#settings.data.secrets.entries[owner.id];
    if (!b64 || !this.canRead()) return undefined;
    try {
      return await this.#secrets.decrypt(Buffer.from(b64, 'base64'), passwordBinding(owner));
    } catch (e) {
      if (e instanceof UnboundSecretError) await this.#refuse(owner, e.reason);
      return undefined;
    }
  }

  /** Why the saved password of `id` was not used this run, in words; undefined when it was not refused. */
  refusedReason(id: string): string | undefined {
    return this.#refused.get(id);
  }

  async #refuse(owner: PasswordOwner, reason: 'legacy' | 'mismatch'): Promise<void> {
    const where = `${owner.user} on ${hostLabel(owner.url)}`;
    if (reason === 'legacy') {
      // Decided: not migrated. An unbound entry cannot show that its server entry was not edited.
      this.#refused.set(owner.id, 'its saved password was stored by an earlier version, before passwords were bound to their server, and was removed: enter it once more');
      await this.#settings.update((d) => { delete d.secrets.entries[owner.id]; }).catch(() => undefined);
      this.#log(`The saved password of ${where} was stored by an earlier version without a binding to its server, so it was removed; enter it again to save it.`);
    } else {
      this.#refused.set(owner.id, 'its saved password was stored for another address or user name (the settings file was changed), so it is not sent here');
      this.#log(`The saved password of server ${owner.id} was stored for another address or user, not ${where}; it was not used.`);
    }
  }

  /** Stores a password, bound to its server, when the store can (OS keychain or unlocked main password); false otherwise. */
  async store(owner: PasswordOwner, password: string): Promise<boolean> {
    if (!this.canRead()) return false;
    try {
      const enc = (await this.#secrets.encrypt(password, passwordBinding(owner))).toString('base64');
      await this.#settings.update((d) => { d.secrets.entries[owner.id] = enc; });
      this.#refused.delete(owner.id);
      return true;
    } catch (e) {
      this.#log(`The password for a saved server could not be stored: ${(e as Error).message}`);
      return false;
    }
  }

  /** After a main password is set: store the passwords of saved servers logged in this run. */
  async storeHeld(connections: Iterable<Connection>): Promise<void> {
    // The password itself stays inside the Connection; it is re-read through a login-free path.
    for (const c of connections) {
      if (!c.meta.saved || c.meta.hasStoredPassword) continue;
      const pw = c.heldPassword();
      if (pw !== undefined && (await this.store(c, pw))) c.setMeta({ hasStoredPassword: true });
    }
  }
}
