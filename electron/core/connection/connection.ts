// One added server: logs in, loads everything with event.from(["*"], "", t), then follows
// event.from with the returned token. Network trouble: back off and continue from the same token
// (nothing is missed). A refused token: full resync (token "" and a cache reset). SESSION_INVALID:
// log in again with the password held here and continue from the token.
// The password and the session ref never leave this module except into the transport.
import type { CacheDelta, ConnectionInfo, ConnectionStatus, ErrorInfo } from '../../../shared/ipc/contract';
import { ObjectCache, type CacheEvent } from '../cache/object-cache';
import { XapiError, toErrorInfo } from '../xapi/errors';
import { hostLabel, replaceHost } from '../xapi/address';
import { login, logout } from '../xapi/session';
import type { XapiClient, XapiClientOptions } from '../xapi/transport';
import { openConsoleTunnel, type TunnelSocket } from '../console/tunnel';
import { backoffDelayMs } from './backoff';
import { classifyEventError, classifyLoginError } from './classify';

export interface ConnectionOptions {
  id: string;
  /** The normalised URL the user asked for. */
  url: string;
  user: string;
  password: string;
  clientOptions?: XapiClientOptions;
  /** event.from's server-side timeout in seconds (default 30); the HTTP timeout is 10 s longer. */
  eventTimeoutS?: number;
  flushIntervalMs?: number;
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  onState?: (info: ConnectionInfo) => void;
  onDelta?: (delta: CacheDelta) => void;
}

interface Session { client: XapiClient; ref: string; url: string }

const ALL_CLASSES = ['*'];
/** A session object's ref is the session secret itself: it must never reach the cache (and so the renderer). */
const NEVER_CACHED = new Set(['session']);

export class Connection {
  readonly id: string;
  readonly url: string;
  readonly user: string;
  readonly cache: ObjectCache;
  #password: string;
  #session: Session | null = null;
  /** Every session ref this connection has held, to scrub them out of errors (SESSION_INVALID [ref]). */
  readonly #sessionRefs = new Set<string>();
  #relogin: Promise<Session> | null = null;
  #token = '';
  #status: ConnectionStatus = 'disconnected';
  #error: ErrorInfo | undefined;
  #nextAttemptAt: number | undefined;
  #coordinatorUrl: string | undefined;
  /** Addresses of the pool's hosts, learned from the cache: where to look when the coordinator is gone (XenCenter does the same). */
  #poolMembers: string[] = [];
  #abort = new AbortController();
  #loop: Promise<void> | null = null;
  #stopped = true;
  readonly #opts: ConnectionOptions;

  constructor(opts: ConnectionOptions) {
    this.#opts = opts;
    this.id = opts.id;
    this.url = opts.url;
    this.user = opts.user;
    this.#password = opts.password;
    this.cache = new ObjectCache({ connectionId: opts.id, onDelta: opts.onDelta, flushIntervalMs: opts.flushIntervalMs });
  }

  get status(): ConnectionStatus {
    return this.#status;
  }

  get info(): ConnectionInfo {
    const info: ConnectionInfo = { id: this.id, url: this.url, hostname: hostLabel(this.url), user: this.user, status: this.#status };
    if (this.#error) info.error = { ...this.#error, params: [...this.#error.params] };
    if (this.#nextAttemptAt !== undefined) info.nextAttemptAt = this.#nextAttemptAt;
    if (this.#coordinatorUrl) info.coordinatorUrl = this.#coordinatorUrl;
    return info;
  }

  /** The last event.from token (exposed for tests and diagnostics). */
  get token(): string {
    return this.#token;
  }

  /**
   * Logs in and starts the event loop. Rejects with the login error, in which case nothing runs
   * and no state is emitted. A new password replaces the held one (reconnecting after disconnect).
   */
  async connect(password?: string): Promise<void> {
    await this.logIn(password);
    this.start();
  }

  /** connect() in two steps, so a caller can register the connection between login and the first state. */
  async logIn(password?: string): Promise<void> {
    if (!this.#stopped) return;
    if (password !== undefined) this.#password = password;
    const s = await this.#login();
    this.#session?.client.close();
    this.#session = s;
  }

  /** Starts the event loop after logIn(). */
  start(): void {
    if (!this.#stopped || !this.#session) return;
    this.#stopped = false;
    this.#abort = new AbortController();
    this.#token = '';
    this.#setState('connecting');
    this.#loop = this.#run();
  }

  /** Stops the loop, logs out and leaves the cache empty (the renderer gets a reset delta). */
  async disconnect(): Promise<void> {
    const wasRunning = !this.#stopped;
    this.#stopped = true;
    this.#abort.abort();
    await this.#loop?.catch(() => undefined);
    this.#loop = null;
    const s = this.#session;
    this.#session = null;
    if (s) {
      await logout(s.client, s.ref);
      s.client.close();
    }
    if (wasRunning || this.#status !== 'disconnected') {
      this.cache.reset();
      this.cache.flush();
      this.#setState('disconnected');
    }
  }

  /** Stops timers without logging out (process exit). */
  dispose(): void {
    this.#stopped = true;
    this.#abort.abort();
    this.cache.dispose();
    this.#session?.client.close({ force: true });
  }

  /** A call with the session injected; after SESSION_INVALID it logs in again and retries once. */
  async call<T = unknown>(method: string, args: readonly unknown[], timeoutMs?: number): Promise<T> {
    if (this.#stopped) throw new XapiError('NOT_CONNECTED', [this.id], { message: `Not connected to ${hostLabel(this.url)}` });
    const attempt = async (s: Session): Promise<T> => s.client.callWith<T>(method, [s.ref, ...args], { timeoutMs });
    try {
      const s = this.#session ?? (await this.#reloginOnce());
      try {
        return await attempt(s);
      } catch (e) {
        // Both errors mean the call was refused before it ran, so one retry cannot repeat an action.
        if (e instanceof XapiError && (e.code === 'SESSION_INVALID' || e.code === 'HOST_IS_SLAVE') && !this.#stopped) {
          return await attempt(await this.#reloginOnce(s));
        }
        throw e;
      }
    } catch (e) {
      throw this.#scrub(e);
    }
  }

  /**
   * Opens the CONNECT tunnel to a console location with this connection's session in the cookie
   * (the ref stays here). A 401 means the session expired: log in again and retry once. Resolves
   * with the socket paused right after the HTTP reply (see openConsoleTunnel).
   */
  async openConsoleTunnel(location: string, timeoutMs?: number): Promise<TunnelSocket> {
    if (this.#stopped) throw new XapiError('NOT_CONNECTED', [this.id], { message: `Not connected to ${hostLabel(this.url)}` });
    const attempt = (s: Session): Promise<TunnelSocket> => openConsoleTunnel({ location, sessionRef: s.ref, clientOptions: this.#opts.clientOptions, timeoutMs });
    try {
      const s = this.#session ?? (await this.#reloginOnce());
      try {
        return await attempt(s);
      } catch (e) {
        if (e instanceof XapiError && e.code === 'CONSOLE_NOT_AUTHORISED' && e.status === 401 && !this.#stopped) {
          return await attempt(await this.#reloginOnce(s));
        }
        throw e;
      }
    } catch (e) {
      throw this.#scrub(e);
    }
  }

  /** The same error with any of our session refs replaced, so it can cross to the renderer. */
  #scrub(e: unknown): unknown {
    if (!(e instanceof XapiError) || this.#sessionRefs.size === 0) return e;
    const clean = (t: string): string => {
      let out = t;
      for (const ref of this.#sessionRefs) out = out.split(ref).join('<session>');
      return out;
    };
    const params = e.params.map(clean);
    const message = clean(e.message);
    if (message === e.message && params.every((p, i) => p === e.params[i])) return e;
    return new XapiError(e.code, params, { message, fromServer: e.fromServer, status: e.status });
  }

  async #run(): Promise<void> {
    const timeoutS = this.#opts.eventTimeoutS ?? 30;
    let failures = 0;
    while (!this.#stopped) {
      let current: Session | undefined;
      try {
        const s = this.#session ?? (await this.#reloginOnce());
        current = s;
        // The timeout is a float in the data model; older hosts reject a JSON integer there, so
        // never send one (Xen Orchestra adds 0.1 for the same reason).
        const wireTimeout = Number.isInteger(timeoutS) ? timeoutS + 0.1 : timeoutS;
        const batch = await s.client.callWith<unknown>('event.from', [s.ref, ALL_CLASSES, this.#token, wireTimeout], {
          timeoutMs: timeoutS * 1000 + 10_000, signal: this.#abort.signal,
        });
        if (this.#stopped) break;
        const { events, token } = checkBatch(batch);
        if (this.#token === '') this.cache.reset();
        this.cache.apply(events);
        if (events.some((ev) => ev.class === 'host')) this.#rememberPoolMembers();
        this.#token = token;
        failures = 0;
        if (this.#status !== 'connected') this.#setState('connected');
      } catch (caught) {
        if (this.#stopped) break;
        failures++;
        let e = caught;
        let recovery = classifyEventError(e);
        // The coordinator stays unreachable: log in again, which also tries the pool's other hosts
        // and follows HOST_IS_SLAVE to whichever became the coordinator.
        if (recovery === 'retry' && failures >= 2 && isUnreachable(e)) recovery = 'relogin';
        if (recovery === 'relogin') {
          try {
            await this.#reloginOnce(current);
            continue;
          } catch (loginError) {
            if (this.#stopped) break;
            e = loginError;
            recovery = classifyLoginError(loginError) === 'fatal' ? 'fatal' : 'retry';
          }
        }
        if (recovery === 'fatal') {
          this.#stopped = true;
          this.#setState('failed', toErrorInfo(this.#scrub(e)));
          break;
        }
        if (recovery === 'resync') {
          this.#token = '';
          if (failures === 1) continue; // first refusal: resync at once; repeated ones back off below
        }
        const delay = backoffDelayMs(failures - 1, this.#opts.backoffBaseMs, this.#opts.backoffMaxMs);
        this.#setState('reconnecting', toErrorInfo(this.#scrub(e)), Date.now() + delay);
        await this.#sleep(delay);
      }
    }
  }

  /** One login at a time, shared by the loop and by calls that hit SESSION_INVALID. */
  #reloginOnce(stale?: Session): Promise<Session> {
    if (stale && this.#session && this.#session !== stale) return Promise.resolve(this.#session);
    if (!this.#relogin) {
      const old = this.#session;
      this.#session = null;
      this.#relogin = this.#login()
        .finally(() => old?.client.close()) // the old session is dead either way
        .then((s) => {
          if (this.#stopped) {
            void logout(s.client, s.ref).finally(() => s.client.close());
            throw new XapiError('NOT_CONNECTED', [this.id], { message: `Not connected to ${hostLabel(this.url)}` });
          }
          this.#session = s;
          return s;
        })
        .finally(() => { this.#relogin = null; });
    }
    return this.#relogin;
  }

  #rememberPoolMembers(): void {
    const members: string[] = [];
    for (const h of this.cache.getAll('host').values()) {
      if (typeof h.address === 'string' && h.address.trim() !== '') members.push(h.address.trim());
    }
    if (members.length) this.#poolMembers = members;
  }

  /** Logs in at the last known coordinator first, then at the address the user gave, then at the pool's other hosts. */
  async #login(): Promise<Session> {
    const base = this.#coordinatorUrl ?? this.url;
    const members = this.#poolMembers.flatMap((a) => { try { return [replaceHost(base, a)]; } catch { return []; } });
    const targets = [...new Set([this.#coordinatorUrl, this.url, ...members].filter((u): u is string => !!u))];
    let lastError: unknown;
    for (const target of targets) {
      try {
        const r = await login(target, this.user, this.#password, this.#opts.clientOptions);
        this.#coordinatorUrl = r.url;
        this.#sessionRefs.add(r.sessionRef);
        return { client: r.client, ref: r.sessionRef, url: r.url };
      } catch (e) {
        lastError = e;
        if (classifyLoginError(e) === 'fatal') throw e;
      }
    }
    throw lastError;
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const signal = this.#abort.signal;
      const done = (): void => { clearTimeout(t); signal.removeEventListener('abort', done); resolve(); };
      const t = setTimeout(done, ms);
      signal.addEventListener('abort', done, { once: true });
    });
  }

  #setState(status: ConnectionStatus, error?: ErrorInfo, nextAttemptAt?: number): void {
    this.#status = status;
    this.#error = error;
    this.#nextAttemptAt = nextAttemptAt;
    this.#opts.onState?.(this.info);
  }
}

/** Network-level failures (not a server answer): the host may be gone. */
function isUnreachable(e: unknown): boolean {
  return e instanceof XapiError && !e.fromServer && (e.code === 'CONNECTION_FAILED' || e.code === 'CONNECTION_TIMEOUT');
}

function checkBatch(batch: unknown): { events: CacheEvent[]; token: string } {
  const b = batch as { events?: unknown; token?: unknown } | null;
  if (typeof b !== 'object' || b === null || !Array.isArray(b.events) || typeof b.token !== 'string') {
    throw new Error('event.from returned something that is not an event batch');
  }
  const events = (b.events as CacheEvent[]).filter((e) => !(typeof e?.class === 'string' && NEVER_CACHED.has(e.class.toLowerCase())));
  return { events, token: b.token };
}
