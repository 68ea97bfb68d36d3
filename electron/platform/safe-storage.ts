// Saved passwords in the OS keychain through Electron's async safeStorage API (Keychain on macOS,
// DPAPI on Windows, libsecret/kwallet on Linux). Where Linux reports no real backend
// ('basic_text': a hard-coded key; or 'unknown'), or async encryption is unavailable, it falls
// back to the main-password store: no password is stored until the user sets one.
import { safeStorage } from 'electron';
import type { PasswordStorage } from '../../shared/ipc/contract';
import { MainPasswordSecretStore, secretErrors, type SecretStore, type SecretStoreFactory, type SecretsIO } from '../core/secrets/secret-store';

async function osBackendAvailable(): Promise<boolean> {
  try {
    if (!(await safeStorage.isAsyncEncryptionAvailable())) return false;
    if (process.platform === 'linux') {
      const backend = safeStorage.getSelectedStorageBackend();
      if (backend === 'basic_text' || backend === 'unknown') return false;
    }
    return true;
  } catch {
    return false;
  }
}

class SafeStorageSecretStore implements SecretStore {
  readonly #fallback: MainPasswordSecretStore;
  #os: boolean | undefined;
  readonly #ready: Promise<boolean>;

  constructor(io: SecretsIO) {
    this.#fallback = new MainPasswordSecretStore(io);
    this.#ready = osBackendAvailable().then((ok) => (this.#os = ok));
  }

  async kind(): Promise<'os' | 'main-password'> {
    return (await this.#ready) ? 'os' : 'main-password';
  }

  status(): PasswordStorage {
    return this.#os ? 'os' : this.#fallback.status();
  }

  async encrypt(text: string): Promise<Buffer> {
    return (await this.#ready) ? safeStorage.encryptStringAsync(text) : this.#fallback.encrypt(text);
  }

  async decrypt(buf: Buffer): Promise<string> {
    if (!(await this.#ready)) return this.#fallback.decrypt(buf);
    return (await safeStorage.decryptStringAsync(buf)).result;
  }

  async setMainPassword(password: string, current?: string): Promise<void> {
    if (await this.#ready) throw secretErrors.notNeeded();
    return this.#fallback.setMainPassword(password, current);
  }

  async unlock(password: string): Promise<void> {
    if (await this.#ready) throw secretErrors.notNeeded();
    return this.#fallback.unlock(password);
  }
}

export const safeStorageSecretStore: SecretStoreFactory = (io) => new SafeStorageSecretStore(io);
