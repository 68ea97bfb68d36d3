// Transfers that vm.export / vm.import (and a saved Server Status Report) set up and a host then runs
// (the browser host's GET/PUT /transfer/<id>): each is used once, and one not used within the expiry (60 s) is dropped
// (its task destroyed through onExpire).
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';

export interface PendingTransfer {
  kind: 'export' | 'import' | 'status-report';
  /** status-report: '' (the zip is main's, of no one connection). */
  connectionId: string;
  /** export: the VM; import: the SR; status-report: ''. */
  ref: string;
  /** export: "<vm name>.xva"; import: the file name the user chose. */
  fileName: string;
  /** import: the announced size in bytes. */
  size?: number;
  /** status-report: '' (the hosts' tasks ended with the collection). */
  taskRef: string;
  /** status-report: the zip main wrote, streamed as the download. */
  path?: string;
}

export class TransferRegistry {
  readonly #items = new Map<string, { t: PendingTransfer; timer: NodeJS.Timeout }>();
  constructor(private readonly opts: { expiryMs?: number; onExpire?: (t: PendingTransfer) => void } = {}) {}

  add(t: PendingTransfer): string {
    const id = randomBytes(18).toString('base64url');
    const timer = setTimeout(() => {
      this.#items.delete(id);
      this.#ended(t);
    }, this.opts.expiryMs ?? 60_000);
    timer.unref?.();
    this.#items.set(id, { t, timer });
    return id;
  }

  /** The transfer, removed (one use); undefined when unknown, used or expired. */
  take(id: string, kind: PendingTransfer['kind']): PendingTransfer | undefined {
    const it = this.#items.get(id);
    if (!it || it.t.kind !== kind) return undefined;
    clearTimeout(it.timer);
    this.#items.delete(id);
    return it.t;
  }

  /** Drops every pending transfer (of one connection, or all), calling onExpire for each. */
  drop(connectionId?: string): void {
    for (const [id, it] of [...this.#items]) {
      if (connectionId !== undefined && it.t.connectionId !== connectionId) continue;
      clearTimeout(it.timer);
      this.#items.delete(id);
      this.#ended(it.t);
    }
  }

  /** An unused transfer ends: onExpire, and a status report's zip (server logs) is not left on disk. */
  #ended(t: PendingTransfer): void {
    if (t.kind === 'status-report' && t.path) rmSync(t.path, { force: true });
    this.opts.onExpire?.(t);
  }

  get size(): number {
    return this.#items.size;
  }
}
