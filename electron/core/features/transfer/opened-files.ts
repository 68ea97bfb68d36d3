// XVA files the operating system asked the app to open (double-click, "Open with", a file dropped
// on the app's icon): main checks each path and keeps it behind an opaque token; the page gets only
// the token, the file's name and size, and hands the token back with vm.import. A token is used once.
import { randomBytes } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { basename, isAbsolute } from 'node:path';
import type { OpenedFile } from '../../../../shared/ipc/areas/transfer';

/** Files opened but not yet imported are few; beyond this the oldest is forgotten. */
const MAX_PENDING = 16;

export class OpenedFiles {
  readonly #byToken = new Map<string, { path: string; file: OpenedFile }>();

  /** Checks `path` (absolute, .xva, a regular file) and returns what the page may know of it. */
  async offer(path: string): Promise<OpenedFile> {
    if (!isAbsolute(path) || !/\.xva$/i.test(path) || path.includes('\0')) throw new Error(`not an XVA file: ${path}`);
    const st = await stat(path);
    if (!st.isFile()) throw new Error(`not a file: ${path}`);
    const file: OpenedFile = { fileToken: randomBytes(18).toString('base64url'), fileName: basename(path), size: st.size };
    this.#byToken.set(file.fileToken, { path, file });
    while (this.#byToken.size > MAX_PENDING) this.#byToken.delete(this.#byToken.keys().next().value!);
    return file;
  }

  /** The files offered and not yet imported, oldest first (a page that loaded after the offer asks). */
  pending(): OpenedFile[] {
    return [...this.#byToken.values()].map((e) => e.file);
  }

  /** The path behind a token, removed (one use); undefined when unknown or used. */
  take(token: string): string | undefined {
    const e = this.#byToken.get(token);
    this.#byToken.delete(token);
    return e?.path;
  }
}
