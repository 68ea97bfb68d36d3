// Where saved passwords are kept. Two kinds: the OS keychain (Electron's safeStorage, in
// electron/platform/safe-storage.ts) and a main password (this file, runtime-neutral, also the
// browser host's store): key = scrypt(main password, random salt), AES-256-GCM per entry. The
// settings hold the salt and a check value (an encryption of a constant) to recognise the right
// password, never the key and never the password. Without a main password nothing is stored.
import { createCipheriv, createDecipheriv, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import type { PasswordStorage } from '../../../shared/ipc/contract';
import { XapiError } from '../xapi/errors';
import type { SecretsSection } from '../settings/store';

export interface SecretStore {
  kind(): Promise<'os' | 'main-password'>;
  status(): PasswordStorage;
  /** Throws SECRETS_UNAVAILABLE when nothing can be stored now (no main password, or locked). */
  encrypt(text: string): Promise<Buffer>;
  decrypt(buf: Buffer): Promise<string>;
  /** Main-password mode: sets it, or changes it (`current` required then); entries are re-encrypted. */
  setMainPassword(password: string, current?: string): Promise<void>;
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
const FORMAT = 1;

export interface ScryptCost { N: number; r: number; p: number }
/** 2^17 * 8 * 128 bytes = 128 MiB of memory per derivation: slow to brute-force, ~0.3 s here. */
export const DEFAULT_SCRYPT: ScryptCost = { N: 2 ** 17, r: 8, p: 1 };

function deriveKey(password: string, salt: Buffer, cost: ScryptCost): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, 32, { ...cost, maxmem: 256 * cost.N * cost.r + 1024 * 1024 }, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

/** [format 1][iv 12][tag 16][ciphertext] */
export function sealWithKey(key: Buffer, text: string): Buffer {
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([c.update(text, 'utf8'), c.final()]);
  return Buffer.concat([Buffer.from([FORMAT]), iv, c.getAuthTag(), body]);
}

export function openWithKey(key: Buffer, buf: Buffer): string {
  if (buf.length < 29 || buf[0] !== FORMAT) throw new Error('not an encrypted entry');
  const d = createDecipheriv('aes-256-gcm', key, buf.subarray(1, 13));
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

  async encrypt(text: string): Promise<Buffer> {
    const st = this.status();
    if (st === 'main-password-unset') throw secretErrors.unavailable('no main password is set.');
    if (!this.#key) throw secretErrors.unavailable('the password store is locked; unlock it with the main password.');
    return sealWithKey(this.#key, text);
  }

  async decrypt(buf: Buffer): Promise<string> {
    if (!this.#key) throw secretErrors.unavailable('the password store is locked; unlock it with the main password.');
    return openWithKey(this.#key, buf);
  }

  async unlock(password: string): Promise<void> {
    const s = this.#io.read();
    if (s.kind !== 'main-password' || !s.salt || !s.check) throw secretErrors.unavailable('no main password is set.');
    this.#key = await this.#verify(password, s);
  }

  async setMainPassword(password: string, current?: string): Promise<void> {
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
      try {
        entries[id] = sealWithKey(key, openWithKey(oldKey as Buffer, Buffer.from(b64, 'base64'))).toString('base64');
      } catch {
        /* an unreadable entry is dropped: its server then asks for the password */
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
