// The passwords of saved servers: encrypted by the SecretStore and kept in settings.json beside
// the server list (never in it). They can be read and written only while the store allows it:
// the OS keychain, or the main password unlocked.
import type { PasswordStorage } from '../../../shared/ipc/contract';
import type { Connection } from '../connection/connection';
import type { SettingsStore } from '../settings/store';
import { mainPasswordSecretStore, type SecretStore, type SecretStoreFactory } from '../secrets/secret-store';

export class SavedPasswords {
  readonly #settings: SettingsStore;
  readonly #secrets: SecretStore;
  readonly #log: (message: string) => void;

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
    return this.#secrets.setMainPassword(password, current);
  }

  unlock(password: string): Promise<void> {
    return this.#secrets.unlock(password);
  }

  canRead(): boolean {
    const st = this.#secrets.status();
    return st === 'os' || st === 'main-password-unlocked';
  }

  /** The stored password of a saved server; undefined when there is none or it cannot be read now. */
  async stored(id: string): Promise<string | undefined> {
    const b64 = this.#settings.data.secrets.entries[id];
    if (!b64 || !this.canRead()) return undefined;
    try {
      return await this.#secrets.decrypt(Buffer.from(b64, 'base64'));
    } catch {
      return undefined;
    }
  }

  /** Stores a password when the store can (OS keychain or unlocked main password); false otherwise. */
  async store(id: string, password: string): Promise<boolean> {
    if (!this.canRead()) return false;
    try {
      const enc = (await this.#secrets.encrypt(password)).toString('base64');
      await this.#settings.update((d) => { d.secrets.entries[id] = enc; });
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
      if (pw !== undefined && (await this.store(c.id, pw))) c.setMeta({ hasStoredPassword: true });
    }
  }
}
