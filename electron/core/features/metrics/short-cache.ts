// A few seconds of memory for metrics replies, so several views of the same object (two windows,
// a tab shown again) share one fetch instead of each asking the host. Requests in flight are
// shared too; a failure is not kept, so the next view asks again.

interface Entry<T> { value: Promise<T>; expires: number }

export class ShortCache<T> {
  readonly #entries = new Map<string, Entry<T>>();
  readonly #now: () => number;
  readonly #maxEntries: number;

  constructor(opts: { now?: () => number; maxEntries?: number } = {}) {
    this.#now = opts.now ?? Date.now;
    this.#maxEntries = opts.maxEntries ?? 256;
  }

  /** The value kept for `key` if it is younger than `ttlMs` (or still loading), else `load()`'s. */
  get(key: string, ttlMs: number, load: () => Promise<T>): Promise<T> {
    const now = this.#now();
    const hit = this.#entries.get(key);
    if (hit && hit.expires > now) return hit.value;
    this.#prune(now);
    const value = load();
    // Kept from the start, so callers during the load share it; the clock starts again when it lands.
    const entry: Entry<T> = { value, expires: Number.POSITIVE_INFINITY };
    this.#entries.set(key, entry);
    value.then(
      () => { entry.expires = this.#now() + ttlMs; },
      () => { if (this.#entries.get(key) === entry) this.#entries.delete(key); },
    );
    return value;
  }

  /** Forgets every key starting with `prefix` (a connection that went away). */
  dropPrefix(prefix: string): void {
    for (const k of [...this.#entries.keys()]) if (k.startsWith(prefix)) this.#entries.delete(k);
  }

  get size(): number {
    return this.#entries.size;
  }

  #prune(now: number): void {
    for (const [k, e] of this.#entries) if (e.expires <= now) this.#entries.delete(k);
    // Still full (many objects in flight): drop the oldest.
    while (this.#entries.size >= this.#maxEntries) {
      const first = this.#entries.keys().next().value;
      if (first === undefined) break;
      this.#entries.delete(first);
    }
  }
}
