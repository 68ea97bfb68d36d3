// Questions to the user about certificates: 'new' (no system CA vouches for it, never pinned) and
// 'changed' (a pinned host presents another certificate). One prompt per host and certificate at
// a time (a second caller joins the first); answered by certificate.answer, or refused after a
// timeout (default 10 minutes). Accepting pins the certificate before anyone waiting resumes.
import { randomUUID } from 'node:crypto';
import type { CertificateInfo, CertificatePrompt } from '../../../shared/ipc/contract';
import type { ProbeResult } from './trust';

export interface CertificatePromptsOptions {
  emitPrompt: (p: CertificatePrompt) => void;
  emitClosed: (promptId: string) => void;
  /** Stores the pin; runs before the waiters learn the answer. */
  pin: (probe: ProbeResult) => Promise<void>;
  timeoutMs?: number;
}

interface Pending { prompt: CertificatePrompt; probe: ProbeResult; done: Promise<boolean>; resolve: (ok: boolean) => void; timer: NodeJS.Timeout }

export class CertificatePrompts {
  readonly #pending = new Map<string, Pending>();
  readonly #opts: CertificatePromptsOptions;

  constructor(opts: CertificatePromptsOptions) {
    this.#opts = opts;
  }

  /** Asks (or joins the open question about the same host and certificate); resolves with the answer. */
  ask(kind: 'new' | 'changed', probe: ProbeResult, previous?: CertificateInfo): Promise<boolean> {
    for (const p of this.#pending.values()) {
      if (p.prompt.certificate.host === probe.certificate.host && p.prompt.certificate.fingerprintSha256 === probe.certificate.fingerprintSha256) return p.done;
    }
    const promptId = randomUUID();
    let resolve!: (ok: boolean) => void;
    const done = new Promise<boolean>((r) => { resolve = r; });
    const prompt: CertificatePrompt = { promptId, kind, certificate: probe.certificate, ...(previous ? { previous } : {}) };
    const timer = setTimeout(() => this.#settle(promptId, false), this.#opts.timeoutMs ?? 10 * 60_000);
    timer.unref?.();
    this.#pending.set(promptId, { prompt, probe, done, resolve, timer });
    this.#opts.emitPrompt(prompt);
    return done;
  }

  /** certificate.answer. False when the prompt is unknown (answered elsewhere or timed out). */
  async answer(promptId: string, accept: boolean): Promise<boolean> {
    return this.#settle(promptId, accept);
  }

  /** Open prompts (a renderer that starts late asks for them again through state). */
  open(): CertificatePrompt[] {
    return [...this.#pending.values()].map((p) => p.prompt);
  }

  /** Refuses every open prompt (shutdown). */
  closeAll(): void {
    for (const id of [...this.#pending.keys()]) void this.#settle(id, false);
  }

  async #settle(promptId: string, accept: boolean): Promise<boolean> {
    const p = this.#pending.get(promptId);
    if (!p) return false;
    this.#pending.delete(promptId);
    clearTimeout(p.timer);
    this.#opts.emitClosed(promptId);
    let ok = accept;
    if (accept) {
      try {
        await this.#opts.pin(p.probe);
      } catch {
        ok = false;
      }
    }
    p.resolve(ok);
    return true;
  }
}
