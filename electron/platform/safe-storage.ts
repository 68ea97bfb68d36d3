// Saved passwords in the OS keychain through Electron's async safeStorage API (Keychain on macOS,
// DPAPI on Windows, libsecret/kwallet on Linux). Where Linux reports no real backend
// ('basic_text': a hard-coded key; or 'unknown'), or async encryption is unavailable, it falls
// back to the main-password store: no password is stored until the user sets one.
import { safeStorage } from 'electron';
import type { PasswordStorage } from '../../shared/ipc/contract';
import { MainPasswordSecretStore, UnboundSecretError, secretErrors, type SecretStore, type SecretStoreFactory, type SecretsIO } from '../core/secrets/secret-store';

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

/** {v: 2, b: binding, p: password}, or undefined for anything else (an entry of an earlier version). */
function boundPayload(text: string): { b: string; p: string } | undefined {
  try {
    const o = JSON.parse(text) as unknown;
    if (o && typeof o === 'object' && !Array.isArray(o)) {
      const r = o as Record<string, unknown>;
      if (r.v === 2 && typeof r.b === 'string' && typeof r.p === 'string') return { b: r.b, p: r.p };
    }
  } catch {
    /* not JSON: the bare password of an earlier version */
  }
  return undefined;
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

  // The keychain has no associated data: the binding travels inside the encrypted payload, and
  // decrypt checks it. A payload of earlier versions (the bare password) is 'legacy'.
  async encrypt(text: string, binding: string): Promise<Buffer> {
    if (!(await this.#ready)) return this.#fallback.encrypt(text, binding);
    return safeStorage.encryptStringAsync(JSON.stringify({ v: 2, b: binding, p: text }));
  }

  async decrypt(buf: Buffer, binding: string): Promise<string> {
    if (!(await this.#ready)) return this.#fallback.decrypt(buf, binding);
    const payload = boundPayload((await safeStorage.decryptStringAsync(buf)).result);
    if (!payload) throw new UnboundSecretError('legacy');
    if (payload.b !== binding) throw new UnboundSecretError('mismatch');
    return payload.p;
  }

  async setMainPassword(password: string, current?: string, bindingOf?: (id: string) => string | undefined): Promise<void> {
    if (await this.#ready) throw secretErrors.notNeeded();
    return this.#fallback.setMainPassword(password, current, bindingOf);
  }

  async unlock(password: string): Promise<void> {
    if (await this.#ready) throw secretErrors.notNeeded();
    return this.#fallback.unlock(password);
  }
}

export const safeStorageSecretStore: SecretStoreFactory = (io) => new SafeStorageSecretStore(io);
