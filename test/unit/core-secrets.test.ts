// The main-password store: AES-256-GCM under a scrypt key; the settings hold salt and a check value,
// never the key or the password. (A cheap scrypt cost keeps the test fast; the default is 2^17.)
import { describe, expect, it } from 'vitest';
import { DEFAULT_SCRYPT, MainPasswordSecretStore, type SecretsIO } from '../../electron/core/secrets/secret-store';
import type { SecretsSection } from '../../electron/core/settings/store';

const cost = { N: 2 ** 10, r: 8, p: 1 };
function memoryIO(): SecretsIO & { section: SecretsSection } {
  const io = {
    section: { kind: 'main-password', entries: {} } as SecretsSection,
    read: () => structuredClone(io.section),
    write: async (next: SecretsSection) => { io.section = structuredClone(next); },
  };
  return io;
}

describe('MainPasswordSecretStore', () => {
  it('stores nothing until a main password is set', async () => {
    const store = new MainPasswordSecretStore(memoryIO(), { cost });
    expect(store.status()).toBe('main-password-unset');
    await expect(store.encrypt('pw')).rejects.toMatchObject({ code: 'SECRETS_UNAVAILABLE' });
  });

  it('round trip; locked in a new instance until unlocked; wrong password refused', async () => {
    const io = memoryIO();
    const store = new MainPasswordSecretStore(io, { cost });
    await expect(store.setMainPassword('short')).rejects.toMatchObject({ code: 'MAIN_PASSWORD_TOO_SHORT' });
    await store.setMainPassword('correct horse battery');
    expect(store.status()).toBe('main-password-unlocked');
    const enc = await store.encrypt('xenroot-secret');
    expect(await store.decrypt(enc)).toBe('xenroot-secret');

    const later = new MainPasswordSecretStore(io, { cost });
    expect(later.status()).toBe('main-password-locked');
    await expect(later.decrypt(enc)).rejects.toMatchObject({ code: 'SECRETS_UNAVAILABLE' });
    await expect(later.unlock('wrong password!')).rejects.toMatchObject({ code: 'MAIN_PASSWORD_INCORRECT' });
    expect(later.status()).toBe('main-password-locked');
    await later.unlock('correct horse battery');
    expect(await later.decrypt(enc)).toBe('xenroot-secret');
  });

  it('the settings never contain the key or a password', async () => {
    const io = memoryIO();
    const store = new MainPasswordSecretStore(io, { cost });
    await store.setMainPassword('main-password-1234');
    io.section.entries.s1 = (await store.encrypt('server-password-5678')).toString('base64');
    const bytes = Buffer.from(JSON.stringify(io.section));
    for (const secret of ['main-password-1234', 'server-password-5678']) {
      expect(bytes.includes(Buffer.from(secret))).toBe(false);
      expect(bytes.includes(Buffer.from(Buffer.from(secret).toString('base64')))).toBe(false);
    }
    expect(Object.keys(io.section).sort()).toEqual(['check', 'entries', 'kind', 'salt']);
    // Two encryptions of the same text differ (random IV).
    expect((await store.encrypt('x')).equals(await store.encrypt('x'))).toBe(false);
  });

  it('changing the main password re-encrypts entries and needs the current one', async () => {
    const io = memoryIO();
    const store = new MainPasswordSecretStore(io, { cost });
    await store.setMainPassword('first-password');
    io.section.entries.s1 = (await store.encrypt('p1')).toString('base64');
    const oldEntry = io.section.entries.s1;
    await expect(store.setMainPassword('second-password')).rejects.toMatchObject({ code: 'MAIN_PASSWORD_INCORRECT' });
    await expect(store.setMainPassword('second-password', 'not-the-first')).rejects.toMatchObject({ code: 'MAIN_PASSWORD_INCORRECT' });
    await store.setMainPassword('second-password', 'first-password');
    expect(io.section.entries.s1).not.toBe(oldEntry);
    const fresh = new MainPasswordSecretStore(io, { cost });
    await expect(fresh.unlock('first-password')).rejects.toMatchObject({ code: 'MAIN_PASSWORD_INCORRECT' });
    await fresh.unlock('second-password');
    expect(await fresh.decrypt(Buffer.from(io.section.entries.s1, 'base64'))).toBe('p1');
  });

  it('a tampered entry does not decrypt', async () => {
    const store = new MainPasswordSecretStore(memoryIO(), { cost });
    await store.setMainPassword('some-password');
    const enc = await store.encrypt('secret');
    enc[enc.length - 1] ^= 1;
    await expect(store.decrypt(enc)).rejects.toThrow();
  });

  it('the default cost is high (scrypt N >= 2^17)', () => {
    expect(DEFAULT_SCRYPT.N).toBeGreaterThanOrEqual(2 ** 17);
  });
});
