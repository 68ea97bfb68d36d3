// electron/platform/safe-storage.ts against a fake of Electron 45's safeStorage: the async API
// with an OS backend, and the main-password fallback where Linux has no real keychain.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { passwordBinding, type SecretsIO } from '../../electron/core/secrets/secret-store';
import type { SecretsSection } from '../../electron/core/settings/store';

type Backend = 'basic_text' | 'gnome_libsecret' | 'kwallet' | 'kwallet5' | 'kwallet6' | 'unknown';

const fakes = vi.hoisted(() => {
  const state = { backend: 'gnome_libsecret' as string, asyncAvailable: true as boolean | Error };
  // A reversible "OS" cipher so the round trip can be checked: a prefix plus the reversed text.
  const seal = (t: string) => Buffer.from(`OS:${[...t].reverse().join('')}`);
  const open = (b: Buffer) => [...b.toString().replace(/^OS:/, '')].reverse().join('');
  const forbidden = (name: string) => vi.fn((..._args: unknown[]) => { throw new Error(`${name} must not be called`); });
  const safeStorage = {
    isAsyncEncryptionAvailable: vi.fn(async () => {
      if (state.asyncAvailable instanceof Error) throw state.asyncAvailable;
      return state.asyncAvailable;
    }),
    getSelectedStorageBackend: vi.fn(() => state.backend),
    encryptStringAsync: vi.fn(async (text: string) => seal(text)),
    decryptStringAsync: vi.fn(async (buf: Buffer) => ({ shouldReEncrypt: false, result: open(buf) })),
    // Deprecated sync API and the plain-text switch: never to be used.
    isEncryptionAvailable: forbidden('isEncryptionAvailable'),
    encryptString: forbidden('encryptString'),
    decryptString: forbidden('decryptString'),
    setUsePlainTextEncryption: forbidden('setUsePlainTextEncryption'),
  };
  return { state, safeStorage, seal };
});

vi.mock('electron', () => ({ safeStorage: fakes.safeStorage }));

const { safeStorageSecretStore } = await import('../../electron/platform/safe-storage');
const B = passwordBinding({ id: 's1', url: 'https://pool.example', user: 'root' });

function memoryIO(): SecretsIO & { section: SecretsSection; writes: number } {
  const io = {
    writes: 0,
    section: { kind: 'main-password', entries: {} } as SecretsSection,
    read: () => structuredClone(io.section),
    write: async (next: SecretsSection) => { io.writes++; io.section = structuredClone(next); },
  };
  return io;
}

const realPlatform = Object.getOwnPropertyDescriptor(process, 'platform');
beforeAll(() => { Object.defineProperty(process, 'platform', { value: 'linux', configurable: true }); });
afterAll(() => { if (realPlatform) Object.defineProperty(process, 'platform', realPlatform); });

beforeEach(() => {
  fakes.state.backend = 'gnome_libsecret';
  fakes.state.asyncAvailable = true;
  for (const f of Object.values(fakes.safeStorage)) f.mockClear();
});
afterEach(() => {
  // No code path uses the sync API or turns on plain-text "encryption".
  expect(fakes.safeStorage.setUsePlainTextEncryption).not.toHaveBeenCalled();
  expect(fakes.safeStorage.encryptString).not.toHaveBeenCalled();
  expect(fakes.safeStorage.decryptString).not.toHaveBeenCalled();
  expect(fakes.safeStorage.isEncryptionAvailable).not.toHaveBeenCalled();
});

describe('safeStorageSecretStore with an OS keychain', () => {
  for (const backend of ['gnome_libsecret', 'kwallet5', 'kwallet6'] as Backend[]) {
    it(`${backend}: kind and status are 'os'; passwords go through the async API`, async () => {
      fakes.state.backend = backend;
      const io = memoryIO();
      const store = safeStorageSecretStore(io);
      expect(await store.kind()).toBe('os');
      expect(store.status()).toBe('os');

      const enc = await store.encrypt('xenroot-secret', B);
      // The binding travels inside the encrypted payload (the keychain has no associated data).
      const payload = JSON.stringify({ v: 2, b: B, p: 'xenroot-secret' });
      expect(fakes.safeStorage.encryptStringAsync).toHaveBeenCalledWith(payload);
      expect(enc.equals(fakes.seal(payload))).toBe(true);
      // decryptStringAsync resolves with { shouldReEncrypt, result }: the caller gets the password itself.
      await expect(store.decrypt(enc, B)).resolves.toBe('xenroot-secret');
      expect(fakes.safeStorage.decryptStringAsync).toHaveBeenCalledWith(enc);
      expect(io.writes).toBe(0);
    });
  }

  it('still returns the text when the keychain asks for re-encryption (shouldReEncrypt)', async () => {
    fakes.safeStorage.decryptStringAsync.mockResolvedValueOnce({ shouldReEncrypt: true, result: JSON.stringify({ v: 2, b: B, p: 'rotated-key-text' }) });
    const store = safeStorageSecretStore(memoryIO());
    await expect(store.decrypt(Buffer.from('whatever'), B)).resolves.toBe('rotated-key-text');
  });

  it('an entry bound to another server is refused; the bare password of an earlier version is legacy', async () => {
    const store = safeStorageSecretStore(memoryIO());
    const enc = await store.encrypt('xenroot-secret', B);
    const moved = passwordBinding({ id: 's1', url: 'https://evil.example', user: 'root' });
    await expect(store.decrypt(enc, moved)).rejects.toMatchObject({ reason: 'mismatch' });
    await expect(store.decrypt(fakes.seal('xenroot-secret'), B)).rejects.toMatchObject({ reason: 'legacy' });
    await expect(store.decrypt(fakes.seal('{"v":2}'), B)).rejects.toMatchObject({ reason: 'legacy' });
  });

  it('a main password is refused as not needed', async () => {
    const store = safeStorageSecretStore(memoryIO());
    await expect(store.setMainPassword('correct horse battery')).rejects.toMatchObject({ code: 'MAIN_PASSWORD_NOT_USED' });
    await expect(store.unlock('correct horse battery')).rejects.toMatchObject({ code: 'MAIN_PASSWORD_NOT_USED' });
  });

  it('a keychain failure while decrypting is reported, not turned into an empty password', async () => {
    fakes.safeStorage.decryptStringAsync.mockRejectedValueOnce(new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.'));
    const store = safeStorageSecretStore(memoryIO());
    await expect(store.decrypt(Buffer.from('bad'), B)).rejects.toThrow(/decrypting/);
  });
});

describe('safeStorageSecretStore without a usable OS keychain', () => {
  const cases: { name: string; setup: () => void }[] = [
    { name: "backend 'basic_text'", setup: () => { fakes.state.backend = 'basic_text'; } },
    { name: "backend 'unknown'", setup: () => { fakes.state.backend = 'unknown'; } },
    { name: 'async encryption unavailable', setup: () => { fakes.state.asyncAvailable = false; } },
    { name: 'isAsyncEncryptionAvailable rejecting', setup: () => { fakes.state.asyncAvailable = new Error('no dbus'); } },
  ];
  for (const c of cases) {
    it(`${c.name}: falls back to the main password; nothing is stored until one is set`, async () => {
      c.setup();
      const io = memoryIO();
      const store = safeStorageSecretStore(io);
      expect(await store.kind()).toBe('main-password');
      expect(store.status()).toBe('main-password-unset');
      await expect(store.encrypt('xenroot-secret', B)).rejects.toMatchObject({ code: 'SECRETS_UNAVAILABLE' });
      expect(fakes.safeStorage.encryptStringAsync).not.toHaveBeenCalled();
      expect(io.writes).toBe(0);
    });
  }

  it("with a main password set, passwords are sealed with it, never by the 'basic_text' keychain", async () => {
    fakes.state.backend = 'basic_text';
    const io = memoryIO();
    const store = safeStorageSecretStore(io);
    await store.setMainPassword('correct horse battery');
    expect(store.status()).toBe('main-password-unlocked');
    const enc = await store.encrypt('xenroot-secret', B);
    expect(enc.includes(Buffer.from('xenroot-secret'))).toBe(false);
    await expect(store.decrypt(enc, B)).resolves.toBe('xenroot-secret');
    expect(fakes.safeStorage.encryptStringAsync).not.toHaveBeenCalled();
    expect(fakes.safeStorage.decryptStringAsync).not.toHaveBeenCalled();

    // A new start: locked until unlocked with the same main password.
    const later = safeStorageSecretStore(io);
    expect(await later.kind()).toBe('main-password');
    expect(later.status()).toBe('main-password-locked');
    await later.unlock('correct horse battery');
    await expect(later.decrypt(enc, B)).resolves.toBe('xenroot-secret');
  });
});
