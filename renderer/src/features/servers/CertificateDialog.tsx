// The certificate prompt: shown before any credential is sent to a server whose certificate no
// system CA vouches for ('new'), or whose pinned certificate changed ('changed'). One at a time;
// Cancel is the default.
import { useId, useState } from 'react';
import type { CertificateInfo, CertificatePrompt } from '../../../../shared/ipc/contract';
import { toErrorInfo } from '../../bridge/types';
import { useBridge } from '../../framework/bridge-context';
import { Dialog } from '../../ui/Dialog';
import { useUi } from '../../state/ui';
import { certificateValidity, groupFingerprint } from '../../xapi-model/connection-status';
import { errorText } from '../../xapi-model/errors';
import { useTrust } from '../../state/trust';

function WarningIcon({ danger }: { danger: boolean }) {
  return (
    <svg className="cert-warning-icon" width="24" height="24" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      {danger
        ? <path d="M8 2h8l6 6v8l-6 6H8l-6-6V8z" fill="#c4372c" />
        : <path d="M12 2.5 23 21.5H1z" fill="#e0a100" />}
      <rect x="10.8" y={danger ? 6 : 8.5} width="2.4" height="7.5" rx="1" fill="#fff" />
      <circle cx="12" cy={danger ? 17.3 : 18.2} r="1.4" fill="#fff" />
    </svg>
  );
}

function formatDate(iso: string): string {
  const t = Date.parse(iso);
  return Number.isFinite(t) ? new Date(t).toLocaleString() : iso;
}

/** The fingerprint in groups that wrap as a whole; its text content is the exact fingerprint. */
export function Fingerprint({ value, label }: { value: string; label: string }) {
  const groups = groupFingerprint(value);
  return (
    <code className="fingerprint mono" aria-label={`${label}: ${value}`} data-fingerprint={value}>
      {groups.map((g, i) => (
        <span key={i} className="fp-group">{g}{i < groups.length - 1 ? ':' : ''}</span>
      ))}
    </code>
  );
}

function CertificateDetails({ cert, fingerprintLabel, now }: { cert: CertificateInfo; fingerprintLabel: string; now: number }) {
  const validity = certificateValidity(cert.validFrom, cert.validTo, now);
  return (
    <dl className="cert-details">
      <dt>{fingerprintLabel}</dt>
      <dd><Fingerprint value={cert.fingerprintSha256} label={fingerprintLabel} /></dd>
      <dt>Subject</dt><dd className="cert-text">{cert.subject || '—'}</dd>
      <dt>Issuer</dt><dd className="cert-text">{cert.issuer || '—'}</dd>
      <dt>Valid from</dt><dd>{formatDate(cert.validFrom)}{validity === 'not-yet-valid' ? <span className="cert-warn"> — not yet valid</span> : null}</dd>
      <dt>Valid to</dt><dd>{formatDate(cert.validTo)}{validity === 'expired' ? <span className="cert-warn"> — expired</span> : null}</dd>
    </dl>
  );
}

function PromptDialog({ prompt, queued }: { prompt: CertificatePrompt; queued: number }) {
  const bridge = useBridge();
  const close = useTrust((s) => s.close);
  const pushAlert = useUi((s) => s.pushAlert);
  const [busy, setBusy] = useState(false);
  const descId = useId();
  const changed = prompt.kind === 'changed';
  const host = prompt.certificate.host;
  const [now] = useState(() => Date.now());

  const answer = async (accept: boolean) => {
    if (busy) return;
    setBusy(true);
    try {
      await bridge.request('certificate.answer', { promptId: prompt.promptId, accept });
    } catch (err) {
      // The prompt may have timed out in main; the pending action then fails with its own error.
      pushAlert(`Could not answer the certificate prompt for ${host}: ${errorText(toErrorInfo(err))}`);
    }
    close(prompt.promptId);
  };

  return (
    <Dialog
      title={changed ? 'Certificate changed' : 'Unknown certificate'}
      onCancel={() => void answer(false)}
      role="alertdialog"
      describedBy={descId}
      className={`cert-dialog${changed ? ' cert-changed' : ''}`}
    >
      <div id={descId} className={`cert-warning${changed ? ' danger' : ''}`}>
        <WarningIcon danger={changed} />
        {changed ? (
          <div>
            <p><strong>The certificate of <span className="cert-host">{host}</span> has changed since you accepted it.</strong></p>
            <p>This can mean that someone is intercepting the connection. Only accept the new certificate if you know the server&apos;s certificate was replaced; otherwise cancel and check with the server&apos;s administrator.</p>
          </div>
        ) : (
          <div>
            <p><strong>The certificate of <span className="cert-host">{host}</span> is not signed by a trusted authority.</strong></p>
            <p>Compare the fingerprint below with the one the server shows (for example, on its console) before you accept it. Nothing has been sent to the server yet.</p>
          </div>
        )}
      </div>
      <div className="cert-body">
        {changed && prompt.previous ? (
          <>
            <CertificateDetails cert={prompt.previous} fingerprintLabel="Previous fingerprint" now={now} />
            <div className="cert-sep" aria-hidden="true" />
          </>
        ) : null}
        <CertificateDetails cert={prompt.certificate} fingerprintLabel={changed ? 'New fingerprint' : 'SHA-256 fingerprint'} now={now} />
      </div>
      {queued > 0 ? <p className="cert-queued">{queued} more certificate{queued === 1 ? '' : 's'} waiting for an answer.</p> : null}
      <div className="dialog-buttons">
        <button type="button" className={changed ? 'danger' : 'primary'} disabled={busy} onClick={() => void answer(true)}>
          {changed ? 'Accept New Certificate' : 'Accept'}
        </button>
        <button type="button" data-autofocus disabled={busy} onClick={() => void answer(false)}>Cancel</button>
      </div>
    </Dialog>
  );
}

/** The first queued prompt (keyed, so the next one mounts as a fresh dialog). */
export function CertificatePrompts() {
  const prompts = useTrust((s) => s.prompts);
  const first = prompts[0];
  if (!first) return null;
  return <PromptDialog key={first.promptId} prompt={first} queued={prompts.length - 1} />;
}
