// The main-password store: AES-256-GCM under a scrypt key; the settings hold salt and a check value,
// never the key or the password. (A cheap scrypt cost keeps the test fast; the default is 2^17.)
import { describe, expect, it } from 'vitest';
import { DEFAULT_SCRYPT, MainPasswordSecretStore, passwordBinding, sealWithKey, type SecretsIO } from '../../electron/core/secrets/secret-store';
import type { SecretsSection } from '../../electron/core/settings/store';

const cost = { N: 2 ** 10, r: 8, p: 1 };
const B = passwordBinding({ id: 's1', url: 'https://pool.example', user: 'root' });
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
    await expect(store.encrypt('pw', B)).rejects.toMatchObject({ code: 'SECRETS_UNAVAILABLE' });
  });

  it('round trip; locked in a new instance until unlocked; wrong password refused', async () => {
    const io = memoryIO();
    const store = new MainPasswordSecretStore(io, { cost });
    await expect(store.setMainPassword('short')).rejects.toMatchObject({ code: 'MAIN_PASSWORD_TOO_SHORT' });
    await store.setMainPassword('correct horse battery');
    expect(store.status()).toBe('main-password-unlocked');
    const enc = await store.encrypt('xenroot-secret', B);
    expect(await store.decrypt(enc, B)).toBe('xenroot-secret');

    const later = new MainPasswordSecretStore(io, { cost });
    expect(later.status()).toBe('main-password-locked');
    await expect(later.decrypt(enc, B)).rejects.toMatchObject({ code: 'SECRETS_UNAVAILABLE' });
    await expect(later.unlock('wrong password!')).rejects.toMatchObject({ code: 'MAIN_PASSWORD_INCORRECT' });
    expect(later.status()).toBe('main-password-locked');
    await later.unlock('correct horse battery');
    expect(await later.decrypt(enc, B)).toBe('xenroot-secret');
  });

  it('the settings never contain the key or a password', async () => {
    const io = memoryIO();
    const store = new MainPasswordSecretStore(io, { cost });
    await store.setMainPassword('main-password-1234');
    io.section.entries.s1 = (await store.encrypt('server-password-5678', B)).toString('base64');
    const bytes = Buffer.from(JSON.stringify(io.section));
    for (const secret of ['main-password-1234', 'server-password-5678']) {
      expect(bytes.includes(Buffer.from(secret))).toBe(false);
      expect(bytes.includes(Buffer.from(Buffer.from(secret).toString('base64')))).toBe(false);
    }
    expect(Object.keys(io.section).sort()).toEqual(['check', 'entries', 'kind', 'salt']);
    // Two encryptions of the same text differ (random IV).
    expect((await store.encrypt('x', B)).equals(await store.encrypt('x', B))).toBe(false);
  });

  it('changing the main password re-encrypts entries and needs the current one', async () => {
    const io = memoryIO();
    const store = new MainPasswordSecretStore(io, { cost });
    await store.setMainPassword('first-password');
    io.section.entries.s1 = (await store.encrypt('p1', B)).toString('base64');
    const oldEntry = io.section.entries.s1;
    await expect(store.setMainPassword('second-password')).rejects.toMatchObject({ code: 'MAIN_PASSWORD_INCORRECT' });
    await expect(store.setMainPassword('second-password', 'not-the-first')).rejects.toMatchObject({ code: 'MAIN_PASSWORD_INCORRECT' });
    io.section.entries.gone = (await store.encrypt('p2', B)).toString('base64');
    await store.setMainPassword('second-password', 'first-password', (id) => (id === 's1' ? B : undefined));
    expect(io.section.entries.s1).not.toBe(oldEntry);
    // An entry whose server is no longer listed has no binding: dropped.
    expect(Object.keys(io.section.entries)).toEqual(['s1']);
    const fresh = new MainPasswordSecretStore(io, { cost });
    await expect(fresh.unlock('first-password')).rejects.toMatchObject({ code: 'MAIN_PASSWORD_INCORRECT' });
    await fresh.unlock('second-password');
    expect(await fresh.decrypt(Buffer.from(io.section.entries.s1, 'base64'), B)).toBe('p1');
  });

  it('a tampered entry does not decrypt', async () => {
    const store = new MainPasswordSecretStore(memoryIO(), { cost });
    await store.setMainPassword('some-password');
    const enc = await store.encrypt('secret', B);
    enc[enc.length - 1] ^= 1;
    await expect(store.decrypt(enc, B)).rejects.toThrow();
  });

  it('an entry is bound to its server: another id, URL or user name does not open it; unbound entries are legacy', async () => {
    const store = new MainPasswordSecretStore(memoryIO(), { cost });
    await store.setMainPassword('some-password');
    const owner = { id: 's1', url: 'https://pool.example', user: 'root' };
    const enc = await store.encrypt('secret', passwordBinding(owner));
    expect(await store.decrypt(enc, passwordBinding({ ...owner }))).toBe('secret');
    for (const other of [{ ...owner, url: 'https://evil.example' }, { ...owner, user: 'admin' }, { ...owner, id: 's2' }]) {
      await expect(store.decrypt(enc, passwordBinding(other))).rejects.toMatchObject({ reason: 'mismatch' });
    }
    // The format of earlier versions (no associated data) is recognised, never opened.
    const legacy = Buffer.from(enc);
    legacy[0] = 1;
    await expect(store.decrypt(legacy, passwordBinding(owner))).rejects.toMatchObject({ reason: 'legacy' });
    expect(sealWithKey(Buffer.alloc(32), 'x')[0]).toBe(1);
    expect(sealWithKey(Buffer.alloc(32), 'x', 'aad')[0]).toBe(2);
  });

  it('the default cost is high (scrypt N >= 2^17)', () => {
    expect(DEFAULT_SCRYPT.N).toBeGreaterThanOrEqual(2 ** 17);
  });
});
