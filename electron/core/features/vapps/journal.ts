// What a vApp flow has done, as the calls that undo it: run newest first when a later call fails, so the
// pool is left as it was. Best effort: an undo that fails is logged and the rest still run.
type Undo = { what: string; run: () => Promise<unknown> };

export class UndoJournal {
  readonly #undos: Undo[] = [];

  /** Records how to undo a call that has just succeeded. */
  push(what: string, run: () => Promise<unknown>): void {
    this.#undos.push({ what, run });
  }

  /** Undoes everything recorded, newest first; returns the undos that failed, in words. */
  async rollback(log: (m: string) => void): Promise<string[]> {
    const failed: string[] = [];
    for (const u of this.#undos.splice(0).reverse()) {
      try {
        await u.run();
      } catch (e) {
        failed.push(u.what);
        log(`Undoing (${u.what}) failed: ${(e as Error).message}`);
      }
    }
    return failed;
  }
}
