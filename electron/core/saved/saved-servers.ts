// The saved server list in settings.json: saving a server (with its password, when the store can
// keep it), forgetting it, remembering the pool members it learned (debounced: they change in
// bursts), import/export, and which saved servers "restore session" logs in again.
import { randomUUID } from 'node:crypto';
import type { Connection } from '../connection/connection';
import type { SavedServer, SettingsStore } from '../settings/store';
import { exportServers, parseServerImport } from '../settings/server-list';
import type { SavedPasswords } from './saved-passwords';

export interface SavedServersOptions {
  settings: SettingsStore;
  passwords: SavedPasswords;
  /** The listed connection behind an id (pool members are saved only for a listed, saved one). */
  connection: (id: string) => Connection | undefined;
  /** True once the owner is shutting down: no new pool-member saves are scheduled. */
  stopped: () => boolean;
  /** Saving learned pool members waits this long for more changes (default 2 s). */
  poolMembersSaveDelayMs?: number;
}

export class SavedServers {
  readonly #opts: SavedServersOptions;
  readonly #poolSaveTimers = new Map<string, NodeJS.Timeout>();

  constructor(opts: SavedServersOptions) {
    this.#opts = opts;
  }

  /** The saved servers at start-up, each with whether a password is stored for it. */
  list(): Array<{ server: SavedServer; hasStoredPassword: boolean }> {
    const data = this.#opts.settings.data;
    return data.servers.map((server) => ({ server, hasStoredPassword: !!data.secrets.entries[server.id] }));
  }

  /**
   * Adds or updates the entry of a connection; stores `password` when given (and storable).
   * `announce: false` when the caller announces the connection itself right after (a new one's start).
   */
  async save(c: Connection, password: string | undefined, friendlyName: string | undefined, announce = true): Promise<void> {
    const { settings, passwords } = this.#opts;
    const entry: SavedServer = {
      id: c.id, url: c.url, user: c.user, poolMembers: c.poolMembers, savedAt: new Date().toISOString(),
      ...(friendlyName ? { friendlyName } : {}),
    };
    await settings.update((d) => {
      const i = d.servers.findIndex((s) => s.id === c.id);
      if (i >= 0) d.servers[i] = { ...entry, ...(friendlyName ?? d.servers[i].friendlyName ? { friendlyName: friendlyName ?? d.servers[i].friendlyName } : {}) };
      else d.servers.push(entry);
    });
    const stored = password !== undefined ? await passwords.store(c, password) : c.meta.hasStoredPassword;
    const saved = settings.data.servers.find((s) => s.id === c.id);
    c.setMeta({ saved: true, hasStoredPassword: stored, ...(saved?.friendlyName ? { friendlyName: saved.friendlyName } : {}) }, announce);
  }

  /** Removes the entry and its password, if there are any. Pins stay: they belong to the hosts. */
  async forget(id: string): Promise<void> {
    const { settings } = this.#opts;
    if (settings.data.servers.some((s) => s.id === id) || settings.data.secrets.entries[id]) {
      await settings.update((d) => {
        d.servers = d.servers.filter((s) => s.id !== id);
        delete d.secrets.entries[id];
      });
    }
  }

  exportJson(): string {
    return exportServers(this.#opts.settings.data.servers);
  }

  /**
   * Saves the entries of an exported list that are new (by url and user, against the saved list
   * and `connections`) and returns them; the caller lists them as connections.
   */
  async importJson(json: string, connections: Iterable<Connection>): Promise<{ fresh: SavedServer[]; skipped: number }> {
    const { settings } = this.#opts;
    const entries = parseServerImport(json);
    const known = new Set([...connections].map((c) => `${c.url}\n${c.user}`));
    for (const s of settings.data.servers) known.add(`${s.url}\n${s.user}`);
    const fresh: SavedServer[] = [];
    let skipped = 0;
    for (const e of entries) {
      const k = `${e.url}\n${e.user}`;
      if (known.has(k)) { skipped++; continue; }
      known.add(k);
      fresh.push({ id: randomUUID(), url: e.url, user: e.user, ...(e.friendlyName ? { friendlyName: e.friendlyName } : {}), poolMembers: e.poolMembers, savedAt: new Date().toISOString() });
    }
    if (fresh.length) await settings.update((d) => { d.servers.push(...fresh); });
    return { fresh, skipped };
  }

  /** "Restore session": the saved servers to log in again now, which needs a readable password store. */
  restorable(connections: Iterable<Connection>): Connection[] {
    if (!this.#opts.passwords.canRead()) return [];
    return [...connections].filter((c) => {
      // Idle, or waiting for exactly this password (Connect All while the store was locked).
      const waiting = c.status === 'disconnected' || (c.status === 'failed' && c.info.error?.code === 'PASSWORD_NEEDED');
      return c.meta.saved && c.meta.hasStoredPassword && waiting;
    });
  }

  /** A saved connection learned other pool members: saved after a quiet spell. */
  schedulePoolMembersSave(id: string): void {
    if (this.#opts.stopped() || !this.#opts.connection(id)?.meta.saved) return;
    if (this.#poolSaveTimers.has(id)) return;
    const t = setTimeout(() => {
      this.#poolSaveTimers.delete(id);
      void this.#savePoolMembers(id).catch(() => undefined);
    }, this.#opts.poolMembersSaveDelayMs ?? 2_000);
    t.unref?.();
    this.#poolSaveTimers.set(id, t);
  }

  cancelPoolMembersSave(id: string): void {
    const t = this.#poolSaveTimers.get(id);
    if (t) { clearTimeout(t); this.#poolSaveTimers.delete(id); }
  }

  /** Shutdown: the pending pool-member saves run now instead of being lost. Never throws. */
  async flushPoolMembers(): Promise<void> {
    for (const [id, t] of this.#poolSaveTimers) { clearTimeout(t); await this.#savePoolMembers(id).catch(() => undefined); }
    this.#poolSaveTimers.clear();
  }

  async #savePoolMembers(id: string): Promise<void> {
    const c = this.#opts.connection(id);
    if (!c?.meta.saved) return;
    const members = c.poolMembers;
    const cur = this.#opts.settings.data.servers.find((s) => s.id === id);
    if (!cur || JSON.stringify(cur.poolMembers) === JSON.stringify(members)) return;
    await this.#opts.settings.update((d) => {
      const s = d.servers.find((x) => x.id === id);
      if (s) s.poolMembers = members;
    });
  }
}
