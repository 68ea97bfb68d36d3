// One added server: logs in, loads everything with event.from(["*"], "", t), then follows
// event.from with the returned token. Network trouble: back off and continue from the same token
// while the session lives (a live session means the same server process, so the token still
// means what it meant). A refused token: full resync. SESSION_INVALID alone (logged out, expired):
// log in again and continue from the token. But a login that follows an outage (the server was
// unreachable, then a re-login, a failover to another member or a new coordinator) resyncs from ""
// and replaces the whole cache: the server may have come back with another database (a restore, a
// reinstall, a crash that lost the last flush, a member's older copy), and xapi compares any token
// with whatever database it has now, so continuing would keep the old pool's objects for ever.
// XenCenter reloads everything on reconnect for the same reason.
// The password and the session ref never leave this module except into the transport.
import type { CacheDelta, ConnectionInfo, ConnectionStatus, ErrorInfo } from '../../../shared/ipc/contract';
import { ObjectCache, type CacheEvent } from '../cache/object-cache';
import { XapiError, toErrorInfo } from '../xapi/errors';
import { hostLabel, replaceHost } from '../xapi/address';
import { login, logout, type LoginHooks } from '../xapi/session';
import { sessionRole } from '../xapi/session-role';
import type { XapiRole } from '../../../shared/xapi/roles';
import type { XapiClient, XapiClientOptions } from '../xapi/transport';
import { checkConsoleLocation } from '../xapi/console-location';
import { openConsoleTunnel, type TunnelSocket } from '../xapi/console-tunnel';
import type { IncomingMessage } from 'node:http';
import { xapiHttp, type XapiHttpRequest } from '../xapi/http';
import { backoffDelayMs } from './backoff';
import { drawBeforeRest, TREE_LOAD_CLASSES } from '../../../shared/first-load';
import { allClasses } from '../../../shared/xapi/model';
import { classifyEventError, classifyLoginError } from './classify';

export interface ConnectionOptions {
  id: string;
  /** The normalised URL the user asked for. */
  url: string;
  user: string;
  /** Absent for a saved server whose password is not known yet (it stays disconnected until given one). */
  password?: string;
  clientOptions?: XapiClientOptions;
  /** Pool members remembered from an earlier run: where to look if the coordinator is gone. */
  poolMembers?: string[];
  /** Called when the pool members learned from the cache change. */
  onPoolMembers?: (members: string[]) => void;
  /**
   * A login target refused in the TLS handshake (CERTIFICATE_UNTRUSTED: nothing was sent to it).
   * Resolves true to try that target again (its certificate is trusted now), or rejects with the
   * error to report. `interactive` is true for a login the user is waiting for.
   */
  onUntrustedCertificate?: (targetUrl: string, error: XapiError, interactive: boolean) => Promise<boolean>;
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
/**
 * A first load in two parts (shared/first-load.ts): the tree's classes, then the data model's other
 * classes (xapi ignores a class name it does not know, so an older server is asked the same list).
 */
const FIRST_PART = new Set(TREE_LOAD_CLASSES);
const REST_CLASSES = allClasses().map((c) => c.name.toLowerCase()).filter((c) => !FIRST_PART.has(c) && !NEVER_CACHED.has(c));
const REST_PART = new Set(REST_CLASSES);
const BOTH_PARTS = new Set([...FIRST_PART, ...REST_PART]);

/** What the saved server list adds to a connection's state. */
export interface ConnectionMeta { saved: boolean; hasStoredPassword: boolean; friendlyName?: string }

export class Connection {
  readonly id: string;
  readonly url: string;
  readonly cache: ObjectCache;
  #user: string;
  #password: string | undefined;
  #meta: ConnectionMeta = { saved: false, hasStoredPassword: false };
  #session: Session | null = null;
  /** Every session ref this connection has held, to scrub them out of errors (SESSION_INVALID [ref]). */
  readonly #sessionRefs = new Set<string>();
  /** The session's role (xapi/session-role.ts), once logged in. */
  #role: XapiRole | undefined;
  #relogin: Promise<Session> | null = null;
  #token = '';
  /** The server was unreachable (or answered no XAPI) since the last good event.from: a login now may find another server. */
  #outage = false;
  /** A login after an outage happened: the next event.from starts over from "" and replaces the cache. */
  #resyncNeeded = false;
  /** The address whose events the cache holds (the session's host at the last good event.from). */
  #loadedFrom: string | undefined;
  /** Full loads (event.from from "") applied since start(): diagnostics and tests. */
  #fullLoads = 0;
  #status: ConnectionStatus = 'disconnected';
  #error: ErrorInfo | undefined;
  #nextAttemptAt: number | undefined;
  #coordinatorUrl: string | undefined;
  /** Addresses of the pool's hosts, learned from the cache: where to look when the coordinator is gone (XenCenter does the same). */
  #poolMembers: string[] = [];
  /** False while this server joins another pool: it must not follow HOST_IS_SLAVE into that pool (connected already). */
  #followCoordinator = true;
  #abort = new AbortController();
  #loop: Promise<void> | null = null;
  #stopped = true;
  readonly #opts: ConnectionOptions;

  constructor(opts: ConnectionOptions) {
    this.#opts = opts;
    this.id = opts.id;
    this.url = opts.url;
    this.#user = opts.user;
    this.#password = opts.password;
    this.#poolMembers = [...(opts.poolMembers ?? [])];
    this.cache = new ObjectCache({ connectionId: opts.id, onDelta: opts.onDelta, flushIntervalMs: opts.flushIntervalMs });
  }

  get status(): ConnectionStatus {
    return this.#status;
  }

  get user(): string {
    return this.#user;
  }

  /** True when this connection holds a password (given this run), so it can log in again by itself. */
  get hasPassword(): boolean {
    return this.#password !== undefined;
  }

  /**
   * The password held since the last successful login, for AppCore to put into the password
   * store (when one becomes available) and nowhere else.
   */
  heldPassword(): string | undefined {
    return this.#password;
  }

  get poolMembers(): string[] {
    return [...this.#poolMembers];
  }

  get meta(): ConnectionMeta {
    return { ...this.#meta };
  }

  /** Updates the saved-list fields; announces the new state when asked to. */
  setMeta(meta: Partial<ConnectionMeta>, announce = true): void {
    this.#meta = { ...this.#meta, ...meta };
    if (meta.friendlyName === undefined && 'friendlyName' in meta) delete this.#meta.friendlyName;
    if (announce) this.#opts.onState?.(this.info);
  }

  /**
   * While not running (disconnected or failed): show `connecting` during a login started from
   * outside, `failed` with the reason when it did not work, or `disconnected`.
   */
  setIdleState(status: 'connecting' | 'failed' | 'disconnected', error?: ErrorInfo): void {
    if (!this.#stopped) return;
    this.#setState(status, error);
  }

  get info(): ConnectionInfo {
    const info: ConnectionInfo = {
      id: this.id, url: this.url, hostname: hostLabel(this.url), user: this.#user, status: this.#status,
      saved: this.#meta.saved, hasStoredPassword: this.#meta.hasStoredPassword, poolMembers: [...this.#poolMembers],
    };
    if (this.#meta.friendlyName) info.friendlyName = this.#meta.friendlyName;
    if (this.#error) info.error = { ...this.#error, params: [...this.#error.params] };
    if (this.#nextAttemptAt !== undefined) info.nextAttemptAt = this.#nextAttemptAt;
    if (this.#coordinatorUrl) info.coordinatorUrl = this.#coordinatorUrl;
    if (this.#role) info.role = this.#role;
    return info;
  }

  /**
   * While its server joins another pool (pool.join): log in only where it is now, never following
   * HOST_IS_SLAVE to the new coordinator, which would make this a second connection to a pool the
   * app already follows. Off again when the join failed.
   */
  stayOnServer(stay: boolean): void {
    this.#followCoordinator = !stay;
  }

  /** The last event.from token (exposed for tests and diagnostics). */
  get token(): string {
    return this.#token;
  }

  /** How many full loads (token "") this connection has applied since it started (diagnostics). */
  get fullLoads(): number {
    return this.#fullLoads;
  }

  /**
   * Logs in and starts the event loop. Rejects with the login error, in which case nothing runs
   * and no state is emitted. A new password replaces the held one (reconnecting after disconnect).
   */
  async connect(password?: string, opts: { user?: string; interactive?: boolean } = {}): Promise<void> {
    await this.logIn(password, opts);
    this.start();
  }

  /**
   * connect() in two steps, so a caller can register the connection between login and the first
   * state. The user and password given replace the held ones only when the login succeeds
   * ("Reconnect As…" with a wrong password changes nothing). `interactive` (default true): the
   * user is waiting, so a certificate question may wait for the answer.
   */
  async logIn(password?: string, opts: { user?: string; interactive?: boolean } = {}): Promise<void> {
    if (!this.#stopped) return;
    const creds = { user: opts.user ?? this.#user, password: password ?? this.#password };
    if (creds.password === undefined) {
      throw new XapiError('PASSWORD_NEEDED', [hostLabel(this.url)], { message: `Password needed: no password is stored for ${creds.user} on ${hostLabel(this.url)}.` });
    }
    const s = await this.#login({ user: creds.user, password: creds.password }, opts.interactive ?? true);
    this.#user = creds.user;
    this.#password = creds.password;
    this.#session?.client.close();
    this.#session = s;
  }

  /** Starts the event loop after logIn(). */
  start(): void {
    if (!this.#stopped || !this.#session) return;
    this.#stopped = false;
    this.#abort = new AbortController();
    this.#token = '';
    this.#outage = false;
    this.#resyncNeeded = false;
    this.#loadedFrom = undefined;
    this.#fullLoads = 0;
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
      throw this.#scrub(outcomeUnknown(e));
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
      // The session goes only to a host of this pool, and never in clear when the API uses TLS.
      checkConsoleLocation(location, {
        apiUrls: [this.url, ...(this.#coordinatorUrl ? [this.#coordinatorUrl] : []), ...(this.#session ? [this.#session.url] : [])],
        hostAddresses: [...this.cache.getAll('host').values()].map((h) => (typeof h.address === 'string' ? h.address : '')).filter(Boolean),
      });
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

  /**
   * One request to the coordinator's other HTTP endpoints (GET /export, PUT /import), or with
   * `r.address` to another host of the pool (GET /rrd_updates), with this connection's session
   * added to the query (the ref stays here), TLS verified as for the API (each host:port on its
   * own: system CAs or its pin). Resolves with the response head; the caller reads the body.
   */
  async openHttp(r: XapiHttpRequest): Promise<IncomingMessage> {
    if (this.#stopped) throw new XapiError('NOT_CONNECTED', [this.id], { message: `Not connected to ${hostLabel(this.url)}` });
    try {
      const s = this.#session ?? (await this.#reloginOnce());
      return await xapiHttp(s.url, s.ref, this.#opts.clientOptions, r);
    } catch (e) {
      throw this.#scrub(e);
    }
  }

  /** Whether `ref` is a session this connection has held (main scrubs them from what the renderer sees). */
  ownsSession(ref: string): boolean {
    return this.#sessionRefs.has(ref);
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
        if (this.#resyncNeeded) {
          this.#resyncNeeded = false;
          this.#token = '';
        }
        const from = this.#token;
        const eventFrom = (classes: readonly string[]) => s.client.callWith<unknown>('event.from', [s.ref, classes, from, wireTimeout], {
          timeoutMs: timeoutS * 1000 + 10_000, signal: this.#abort.signal,
        });
        const batch = await eventFrom(from === '' ? TREE_LOAD_CLASSES : ALL_CLASSES);
        if (this.#stopped) break;
        // A login after an outage happened while this call waited: its answer may be the old server's.
        if (this.#resyncNeeded) continue;
        const { events, token } = checkBatch(batch);
        // The cache holds this batch: learn the pool's members from it, and say so.
        const settled = () => {
          if (events.some((ev) => ev.class === 'host')) this.#rememberPoolMembers();
          if (this.#status !== 'connected') this.#setState('connected');
        };
        let drawn = false;
        if (from === '') {
          // A big pool's tree goes out as soon as its part is in (the user waits for it), and the
          // connection is loading until the rest is; a small pool's load goes whole, in one message.
          drawn = drawBeforeRest(events);
          if (drawn) {
            const first = this.cache.size() === 0;
            this.cache.replaceAll(events, FIRST_PART);
            if (first) this.cache.expectRest(true);
            this.cache.flush();
            settled();
          }
          // The rest, from "" too. Going on from the first part's (older) token replays what changed
          // in between, which events make idempotent: each carries the object's current record.
          const rest = await eventFrom(REST_CLASSES);
          if (this.#stopped) break;
          if (this.#resyncNeeded) continue;
          if (drawn) {
            this.cache.replaceAll(checkBatch(rest).events, REST_PART);
            this.cache.expectRest(false);
          } else {
            this.cache.replaceAll([...events, ...checkBatch(rest).events], BOTH_PARTS);
            this.cache.flush();
          }
          this.#fullLoads++;
        } else this.cache.apply(events);
        this.#token = token;
        this.#loadedFrom = s.url;
        this.#outage = false;
        failures = 0;
        if (!drawn) settled();
      } catch (caught) {
        if (this.#stopped) break;
        failures++;
        let e = caught;
        if (!isServerAnswer(e)) this.#outage = true;
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
            if (!isServerAnswer(e)) this.#outage = true;
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
      const oldRole = this.#role;
      this.#session = null;
      this.#relogin = this.#login({ user: this.#user, password: this.#password ?? '' }, false)
        .finally(() => old?.client.close()) // the old session is dead either way
        .then((s) => {
          if (this.#stopped) {
            void logout(s.client, s.ref).finally(() => s.client.close());
            throw new XapiError('NOT_CONNECTED', [this.id], { message: `Not connected to ${hostLabel(this.url)}` });
          }
          // After an outage, or on another host than before (failover, new coordinator), the server
          // may not be the one our token and cache came from: start over.
          if (this.#outage || (this.#loadedFrom !== undefined && this.#loadedFrom !== s.url)) this.#resyncNeeded = true;
          this.#session = s;
          // The new session's role may differ (an administrator changed the user's roles, then
          // logged it out): the renderer greys commands by it, so it learns the new one at once.
          if (this.#role !== oldRole && this.#status === 'connected') this.#opts.onState?.(this.info);
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
    if (!members.length) return;
    const changed = members.length !== this.#poolMembers.length || members.some((m, i) => m !== this.#poolMembers[i]);
    this.#poolMembers = members;
    if (!changed) return;
    this.#opts.onPoolMembers?.([...members]);
    // The renderer shows the members (a pool's General tab): a host that left must not stay listed.
    // (Before the load completes, the 'connected' state that follows carries them.)
    if (this.#status === 'connected') this.#opts.onState?.(this.info);
  }

  /** Logs in at the last known coordinator first, then at the address the user gave, then at the pool's other hosts. */
  async #login(creds: { user: string; password: string }, interactive: boolean): Promise<Session> {
    const base = this.#coordinatorUrl ?? this.url;
    const members = this.#poolMembers.flatMap((a) => { try { return [replaceHost(base, a)]; } catch { return []; } });
    const targets = [...new Set([this.#coordinatorUrl, this.url, ...members].filter((u): u is string => !!u))];
    const check = this.#opts.onUntrustedCertificate;
    const hooks: LoginHooks = check ? { onUntrustedCertificate: (target, e) => check(target, e, interactive) } : {};
    let lastError: unknown;
    let certError: unknown;
    for (const target of targets) {
      try {
        const r = await login(target, creds.user, creds.password, this.#opts.clientOptions, hooks, { followRedirects: this.#followCoordinator });
        this.#coordinatorUrl = r.url;
        this.#sessionRefs.add(r.sessionRef);
        // Unknown (an older server, a failed read) means no privilege checks in the client, not no login.
        this.#role = await sessionRole(r.client, r.sessionRef).catch(() => undefined);
        return { client: r.client, ref: r.sessionRef, url: r.url };
      } catch (e) {
        // A certificate the user has to decide about (each pool member has its own): try the
        // other hosts, and report it if none of them works.
        // A host whose pinned certificate changed, or one the user refused, is a decision already
        // in front of the user: trying other members would only work around it (they follow
        // HOST_IS_SLAVE back to that host anyway), so stop here.
        if (e instanceof XapiError && (e.code === 'CERTIFICATE_CHANGED' || e.code === 'CERTIFICATE_REJECTED')) throw e;
        if (isCertificateError(e)) { certError ??= e; continue; }
        lastError = e;
        if (classifyLoginError(e) === 'fatal') throw e;
      }
    }
    // The user is waiting (or nothing else went wrong): the certificate is the news. In the
    // background a host that is merely unreachable keeps the connection retrying instead.
    if (certError && (interactive || lastError === undefined)) throw certError;
    throw lastError ?? certError;
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

function isCertificateError(e: unknown): boolean {
  return e instanceof XapiError && (e.code === 'CERTIFICATE_UNTRUSTED' || e.code === 'CERTIFICATE_CHANGED' || e.code === 'CERTIFICATE_REJECTED');
}

export const OUTCOME_UNKNOWN_TEXT = 'The connection was lost before the server answered; the action may or may not have run. Check the object\'s state before retrying.';

/**
 * A user action whose request had gone out when the connection failed: say that its outcome is
 * unknown (it is never retried automatically: running it twice could start a VM twice).
 */
function outcomeUnknown(e: unknown): unknown {
  if (!(e instanceof XapiError) || !e.requestSent) return e;
  const out = new XapiError(e.code, e.params, { message: `${OUTCOME_UNKNOWN_TEXT} (${e.message})`, fromServer: e.fromServer, cause: e });
  out.requestSent = true;
  return out;
}

/** A XAPI answer from the server (its session may be gone, but it was there); anything else is an outage. */
function isServerAnswer(e: unknown): boolean {
  return e instanceof XapiError && e.fromServer;
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
