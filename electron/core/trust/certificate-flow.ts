// What happens when a login target fails the TLS handshake (nothing was sent to it): probe its
// certificate with a handshake that sends nothing, decide against the pin in the settings, ask the
// user when it is new or changed, and pin it once accepted.
import type { BridgeEvent } from '../../../shared/ipc/contract';
import type { SettingsStore } from '../settings/store';
import { XapiError } from '../xapi/errors';
import type { XapiClientOptions } from '../xapi/transport';
import { CertificatePrompts } from './prompts';
import { decideTrust, hostPortOfUrl, probeCertificate, type ProbeResult } from './trust';

export interface CertificateFlowOptions {
  settings: SettingsStore;
  /** The TLS options of the connections (the probe must verify exactly as they do). */
  clientOptions: XapiClientOptions;
  emit: (e: BridgeEvent) => void;
  /** A certificate question is refused after this long (default 10 minutes). */
  promptTimeoutMs?: number;
}

export class CertificateFlow {
  readonly #opts: CertificateFlowOptions;
  readonly #prompts: CertificatePrompts;

  constructor(opts: CertificateFlowOptions) {
    this.#opts = opts;
    this.#prompts = new CertificatePrompts({
      emitPrompt: (payload) => opts.emit({ channel: 'certificate.prompt', payload }),
      emitClosed: (promptId) => opts.emit({ channel: 'certificate.promptClosed', payload: { promptId } }),
      pin: (probe) => this.#pin(probe),
      timeoutMs: opts.promptTimeoutMs,
    });
  }

  /** certificate.answer. */
  async answer(promptId: string, accept: boolean): Promise<void> {
    await this.#prompts.answer(promptId, accept);
  }

  /** Refuses every open question (shutdown). */
  closeAll(): void {
    this.#prompts.closeAll();
  }

  /**
   * A login target failed the TLS handshake with `error`. Decides: trusted now (true: retry),
   * first contact (ask), changed since it was pinned (refuse and warn, ask), or broken in another
   * way (rethrow `error`). The user waiting (interactive): the login waits for the answer. In the
   * background: the connection fails with the reason, and `acceptedLater` runs if the user accepts.
   */
  async check(targetUrl: string, error: XapiError, interactive: boolean, acceptedLater: () => void): Promise<boolean> {
    const { host, port, key } = hostPortOfUrl(targetUrl);
    let probe: ProbeResult;
    try {
      probe = await probeCertificate(host, port, this.#opts.clientOptions);
    } catch {
      throw error;
    }
    const stored = this.#opts.settings.data.pins[key];
    const decision = decideTrust({ authorized: probe.authorized, fingerprintSha256: probe.certificate.fingerprintSha256 }, stored);
    if (decision === 'trusted') return true;
    if (decision === 'invalid') throw error;
    const previous = stored ? {
      host: key, fingerprintSha256: stored.fingerprintSha256, subject: stored.subject, issuer: stored.issuer, validFrom: stored.validFrom, validTo: stored.validTo,
    } : undefined;
    const refusal = decision === 'changed'
      ? new XapiError('CERTIFICATE_CHANGED', [key, stored!.fingerprintSha256, probe.certificate.fingerprintSha256], {
        message: `The certificate of ${key} has changed since you accepted it. Old fingerprint ${stored!.fingerprintSha256}. ` +
          `New fingerprint ${probe.certificate.fingerprintSha256}. Connect only if you expected this (for example, the host's certificate was renewed).`,
      })
      : interactive
        ? new XapiError('CERTIFICATE_REJECTED', [key, probe.certificate.fingerprintSha256], { message: `You did not accept the certificate of ${key}; nothing was sent to it.` })
        : new XapiError('CERTIFICATE_UNTRUSTED', [key, probe.certificate.fingerprintSha256], {
          message: `The certificate of ${key} is not signed by an authority this computer trusts (SHA-256 fingerprint ${probe.certificate.fingerprintSha256}). Accept it to connect; nothing was sent to it.`,
        });
    const answer = this.#prompts.ask(decision, probe, previous);
    if (interactive) {
      if (await answer) return true;
      throw refusal;
    }
    void answer.then((ok) => { if (ok) acceptedLater(); });
    throw refusal;
  }

  /** Pins per host:port; runs before anyone waiting on the answer resumes. */
  async #pin(probe: ProbeResult): Promise<void> {
    const ci = probe.certificate;
    await this.#opts.settings.update((d) => {
      d.pins[ci.host] = {
        fingerprintSha256: ci.fingerprintSha256, subject: ci.subject, issuer: ci.issuer, validFrom: ci.validFrom, validTo: ci.validTo,
        pem: probe.pem, acceptedAt: new Date().toISOString(),
      };
    });
  }
}
