// Where saved passwords are kept. Two kinds: the OS keychain (Electron's safeStorage, in
// electron/platform/safe-storage.ts) and a main password (this file, runtime-neutral, also the
// browser host's store): key = scrypt(main password, random salt), AES-256-GCM per entry. The
// settings hold the salt and a check value (an encryption of a constant) to recognise the right
// password, never the key and never the password. Without a main password nothing is stored.
// Every entry is bound to its server (id, URL, user: passwordBinding) so that editing settings.json
// cannot send a saved password to another address: here as AES-GCM associated data (format 2),
// in the OS keychain store inside the encrypted payload. Entries of the unbound format 1 are not
// used (UnboundSecretError 'legacy'): saved-passwords.ts removes them and says so (README.md).
import { createCipheriv, createDecipheriv, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import type { PasswordStorage } from '../../../shared/ipc/contract';
import { XapiError } from '../xapi/errors';
import type { SecretsSection } from '../settings/store';

export interface SecretStore {
  kind(): Promise<'os' | 'main-password'>;
  status(): PasswordStorage;
  /** Throws SECRETS_UNAVAILABLE when nothing can be stored now (no main password, or locked). */
  encrypt(text: string, binding: string): Promise<Buffer>;
  /** Throws UnboundSecretError when the entry is bound to another binding, or is of the unbound format. */
  decrypt(buf: Buffer, binding: string): Promise<string>;
  /**
   * Main-password mode: sets it, or changes it (`current` required then); entries are re-encrypted
   * under their binding (`bindingOf`; an entry without one, or unbound, is dropped).
   */
  setMainPassword(password: string, current?: string, bindingOf?: (id: string) => string | undefined): Promise<void>;
  unlock(password: string): Promise<void>;
}

/** How a store reads and writes its part of the settings (salt, check, encrypted entries). */
export interface SecretsIO {
  read(): SecretsSection;
  /** Writes the whole section at once (one atomic settings write). */
  write(next: SecretsSection): Promise<void>;
}

export type SecretStoreFactory = (io: SecretsIO) => SecretStore;

export const MIN_MAIN_PASSWORD = 8;
const CHECK_TEXT = 'xenclient main password check v1';
/** Format 1: no associated data (the check value; saved passwords of earlier versions). Format 2: bound. */
const UNBOUND = 1;
const BOUND = 2;

/** What a saved password is bound to: its server entry's id, URL and user name. */
export function passwordBinding(server: { id: string; url: string; user: string }): string {
  return JSON.stringify(['xenclient saved password', 2, server.id, server.url, server.user]);
}

/** A saved password that may not be used for this server: bound to another one, or never bound. */
export class UnboundSecretError extends Error {
  constructor(readonly reason: 'legacy' | 'mismatch') {
    super(reason === 'legacy' ? 'the entry was saved before passwords were bound to their server' : 'the entry belongs to another server address or user');
  }
}

export interface ScryptCost { N: number; r: number; p: number }
/** 2^17 * 8 * 128 bytes = 128 MiB of memory per derivation: slow to brute-force, ~0.3 s here. */
export const DEFAULT_SCRYPT: ScryptCost = { N: 2 ** 17, r: 8, p: 1 };

function deriveKey(password: string, salt: Buffer, cost: ScryptCost): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, 32, { ...cost, maxmem: 256 * cost.N * cost.r + 1024 * 1024 }, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

/** [format][iv 12][tag 16][ciphertext]; format 2 when `aad` (the binding) is authenticated with it. */
export function sealWithKey(key: Buffer, text: string, aad?: string): Buffer {
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', key, iv);
  if (aad !== undefined) c.setAAD(Buffer.from(aad, 'utf8'));
  const body = Buffer.concat([c.update(text, 'utf8'), c.final()]);
  return Buffer.concat([Buffer.from([aad === undefined ? UNBOUND : BOUND]), iv, c.getAuthTag(), body]);
}

/** Opens an entry sealed with the same `aad` (or none); throws when the format or the binding differ. */
export function openWithKey(key: Buffer, buf: Buffer, aad?: string): string {
  if (buf.length < 29 || buf[0] !== (aad === undefined ? UNBOUND : BOUND)) throw new Error('not an encrypted entry of this format');
  const d = createDecipheriv('aes-256-gcm', key, buf.subarray(1, 13));
  if (aad !== undefined) d.setAAD(Buffer.from(aad, 'utf8'));
  d.setAuthTag(buf.subarray(13, 29));
  return Buffer.concat([d.update(buf.subarray(29)), d.final()]).toString('utf8');
}

export const secretErrors = {
  tooShort: () => new XapiError('MAIN_PASSWORD_TOO_SHORT', [String(MIN_MAIN_PASSWORD)], { message: `The main password must have at least ${MIN_MAIN_PASSWORD} characters.` }),
  incorrect: () => new XapiError('MAIN_PASSWORD_INCORRECT', [], { message: 'The main password is not correct.' }),
  unavailable: (why: string) => new XapiError('SECRETS_UNAVAILABLE', [], { message: `Passwords cannot be stored: ${why}` }),
  notNeeded: () => new XapiError('MAIN_PASSWORD_NOT_USED', [], { message: 'Passwords are kept in the system keychain; no main password is used.' }),
};

export class MainPasswordSecretStore implements SecretStore {
  #key: Buffer | null = null;
  readonly #io: SecretsIO;
  readonly #cost: ScryptCost;

  constructor(io: SecretsIO, opts: { cost?: ScryptCost } = {}) {
    this.#io = io;
    this.#cost = opts.cost ?? DEFAULT_SCRYPT;
  }

  async kind(): Promise<'main-password'> {
    return 'main-password';
  }

  status(): PasswordStorage {
    const s = this.#io.read();
    if (s.kind !== 'main-password' || !s.salt || !s.check) return 'main-password-unset';
    return this.#key ? 'main-password-unlocked' : 'main-password-locked';
  }

  async encrypt(text: string, binding: string): Promise<Buffer> {
    const st = this.status();
    if (st === 'main-password-unset') throw secretErrors.unavailable('no main password is set.');
    if (!this.#key) throw secretErrors.unavailable('the password store is locked; unlock it with the main password.');
    return sealWithKey(this.#key, text, binding);
  }

  async decrypt(buf: Buffer, binding: string): Promise<string> {
    if (!this.#key) throw secretErrors.unavailable('the password store is locked; unlock it with the main password.');
    if (buf[0] === UNBOUND) throw new UnboundSecretError('legacy');
    try {
      return openWithKey(this.#key, buf, binding);
    } catch {
      // The key is right (unlock checked it): the associated data, i.e. the server, is not.
      throw new UnboundSecretError('mismatch');
    }
  }

  async unlock(password: string): Promise<void> {
    const s = this.#io.read();
    if (s.kind !== 'main-password' || !s.salt || !s.check) throw secretErrors.unavailable('no main password is set.');
    this.#key = await this.#verify(password, s);
  }

  async setMainPassword(password: string, current?: string, bindingOf?: (id: string) => string | undefined): Promise<void> {
    if (password.length < MIN_MAIN_PASSWORD) throw secretErrors.tooShort();
    const s = this.#io.read();
    const isSet = s.kind === 'main-password' && !!s.salt && !!s.check;
    let oldKey: Buffer | null = null;
    if (isSet) {
      if (current === undefined) throw secretErrors.incorrect();
      oldKey = await this.#verify(current, s);
    }
    const salt = randomBytes(16);
    const key = await deriveKey(password, salt, this.#cost);
    const entries: Record<string, string> = {};
    for (const [id, b64] of Object.entries(isSet ? s.entries : {})) {
      const binding = bindingOf?.(id);
      if (binding === undefined) continue;
      try {
        entries[id] = sealWithKey(key, openWithKey(oldKey as Buffer, Buffer.from(b64, 'base64'), binding), binding).toString('base64');
      } catch {
        /* an unreadable, unbound or mismatched entry is dropped: its server then asks for the password */
      }
    }
    await this.#io.write({ kind: 'main-password', salt: salt.toString('base64'), check: sealWithKey(key, CHECK_TEXT).toString('base64'), entries });
    this.#key = key;
  }

  async #verify(password: string, s: SecretsSection): Promise<Buffer> {
    const key = await deriveKey(password, Buffer.from(s.salt as string, 'base64'), this.#cost);
    let ok: boolean;
    try {
      const text = Buffer.from(openWithKey(key, Buffer.from(s.check as string, 'base64')));
      const want = Buffer.from(CHECK_TEXT);
      ok = text.length === want.length && timingSafeEqual(text, want);
    } catch {
      ok = false;
    }
    if (!ok) throw secretErrors.incorrect();
    return key;
  }
}

export const mainPasswordSecretStore = (opts: { cost?: ScryptCost } = {}): SecretStoreFactory => (io) => new MainPasswordSecretStore(io, opts);
