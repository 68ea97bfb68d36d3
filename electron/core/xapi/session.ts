// Logging in (following HOST_IS_SLAVE to the coordinator) and a client that injects the session
// ref as the first parameter of every call.
import { XapiClient, type CallOptions, type XapiClientOptions } from './transport';
import { XapiError } from './errors';
import { replaceHost } from './address';

export const API_VERSION = '2.21';
export const ORIGINATOR = 'PoolDesk';
const MAX_REDIRECTS = 3;

export interface LoginResult {
  client: XapiClient;
  sessionRef: string;
  /** The coordinator's URL (the original one unless HOST_IS_SLAVE redirected). */
  url: string;
}

export interface LoginHooks {
  /**
   * A target refused in the TLS handshake (nothing was sent): resolve true to try it once more
   * (its certificate is trusted now), or reject with the error to report.
   */
  onUntrustedCertificate?: (targetUrl: string, error: XapiError) => Promise<boolean>;
}

/**
 * Logs in at `url`, following HOST_IS_SLAVE up to 3 times (same scheme and port, new host).
 * `followRedirects: false` rejects with HOST_IS_SLAVE instead (a host that joined another pool).
 */
export async function login(url: string, user: string, password: string, opts: XapiClientOptions = {}, hooks: LoginHooks = {},
  { followRedirects = true }: { followRedirects?: boolean } = {}): Promise<LoginResult> {
  let target = url;
  let askedFor = '';
  for (let hop = 0; ; hop++) {
    const client = new XapiClient(target, opts);
    try {
      const ref = await client.call<unknown>('session.login_with_password', user, password, API_VERSION, ORIGINATOR);
      if (typeof ref !== 'string' || !ref) {
        throw new XapiError('INVALID_RESPONSE', [], { message: `${target} returned no session reference on login` });
      }
      return { client, sessionRef: ref, url: target };
    } catch (e) {
      client.close();
      if (e instanceof XapiError && e.code === 'CERTIFICATE_UNTRUSTED' && hooks.onUntrustedCertificate && askedFor !== target) {
        askedFor = target;
        if (await hooks.onUntrustedCertificate(target, e)) { hop--; continue; }
        throw e;
      }
      if (e instanceof XapiError && e.code === 'HOST_IS_SLAVE' && typeof e.params[0] === 'string' && e.params[0] && followRedirects) {
        if (hop >= MAX_REDIRECTS) {
          throw new XapiError('HOST_IS_SLAVE', e.params, { fromServer: true, message: `Gave up following HOST_IS_SLAVE after ${MAX_REDIRECTS} redirects (last: ${e.params[0]})` });
        }
        target = replaceHost(url, e.params[0]);
        continue;
      }
      throw e;
    }
  }
}

/** Best effort: a failed logout leaves a session the server times out anyway. */
export async function logout(client: XapiClient, sessionRef: string, timeoutMs = 5_000): Promise<void> {
  try {
    await client.callWith('session.logout', [sessionRef], { timeoutMs });
  } catch {
    /* ignored */
  }
}

/** Injects the session ref; the ref never leaves this object except into the transport. */
export class SessionClient {
  readonly #client: XapiClient;
  readonly #sessionRef: string;

  constructor(client: XapiClient, sessionRef: string) {
    this.#client = client;
    this.#sessionRef = sessionRef;
  }

  get url(): string {
    return this.#client.url;
  }

  call<T = unknown>(method: string, ...args: unknown[]): Promise<T> {
    return this.#client.callWith<T>(method, [this.#sessionRef, ...args]);
  }

  callWith<T = unknown>(method: string, args: unknown[], opts: CallOptions = {}): Promise<T> {
    return this.#client.callWith<T>(method, [this.#sessionRef, ...args], opts);
  }

  async logout(): Promise<void> {
    await logout(this.#client, this.#sessionRef);
  }

  close(): void {
    this.#client.close();
  }
}
