// Check for Updates: whether to check, which feed, and the answer. Nothing reaches the network
// until the user turns checks on, gives a feed and presses Check Now; main validates and keeps it.
import { useEffect, useState } from 'react';
import { feedUrlProblem } from '../../../../shared/settings/updates';
import type { UpdateCheckResult, UpdateStatus } from '../../../../shared/ipc/areas/updates';
import type { ErrorInfo } from '../../../../shared/ipc/contract';
import { useUi } from '../../state/ui';
import { useBridge } from '../../framework/bridge-context';
import { toErrorInfo } from '../../bridge/types';
import { errorText } from '../../xapi-model/errors';
import { Dialog } from '../../ui/Dialog';
import { checkSummary } from './update-text';
import './updates.css';

type Busy = '' | 'checking' | 'installing' | 'saving';

export function UpdatesDialog() {
  const bridge = useBridge();
  const close = useUi((s) => s.closeDialog);
  const [status, setStatus] = useState<UpdateStatus | null>(null);
  const [enabled, setEnabled] = useState(false);
  const [feedUrl, setFeedUrl] = useState('');
  const [busy, setBusy] = useState<Busy>('');
  const [result, setResult] = useState<UpdateCheckResult | null>(null);
  const [error, setError] = useState<ErrorInfo | null>(null);

  useEffect(() => {
    bridge.request('updates.status', {}).then((s) => { setStatus(s); setEnabled(s.enabled); setFeedUrl(s.feedUrl); }, (e) => setError(toErrorInfo(e)));
  }, [bridge]);

  const feed = feedUrl.trim();
  const problem = feed ? feedUrlProblem(feed) : enabled ? 'Enter the address of the update feed.' : undefined;
  const changed = !!status && (status.enabled !== enabled || status.feedUrl !== feed);

  const save = async (): Promise<boolean> => {
    if (!changed) return true;
    try {
      setStatus(await bridge.request('updates.setSettings', { enabled, feedUrl: feed }));
      return true;
    } catch (e) {
      setError(toErrorInfo(e));
      return false;
    }
  };
  const run = async (what: Busy, step: () => Promise<void>) => {
    setBusy(what);
    setError(null);
    try { await step(); } catch (e) { setError(toErrorInfo(e)); } finally { setBusy(''); }
  };
  const checkNow = () => run('checking', async () => {
    setResult(null);
    if (await save()) setResult(await bridge.request('updates.check', {}));
  });
  const install = () => run('installing', async () => { await bridge.request('updates.install', {}); });
  const ok = () => run('saving', async () => { if (await save()) close(); });

  if (status && !status.supported) {
    return (
      <Dialog title="Check for Updates" onCancel={close} className="updates-dialog">
        <p role="status">{status.unavailable}</p>
        <div className="dialog-buttons"><button type="button" className="primary" onClick={close}>OK</button></div>
      </Dialog>
    );
  }
  return (
    <Dialog title="Check for Updates" onCancel={close} className="updates-dialog">
      <form onSubmit={(e) => { e.preventDefault(); void checkNow(); }} noValidate>
        <p>Current version: <strong>{status ? status.currentVersion || 'unknown' : '…'}</strong></p>
        <div className="form-grid">
          <span />
          <label className="checkbox-label">
            <input type="checkbox" checked={enabled} disabled={!status || !!busy} onChange={(e) => setEnabled(e.target.checked)} />
            Check for updates from this feed
          </label>
          <label htmlFor="updates-feed">Feed address</label>
          <input id="updates-feed" type="url" autoComplete="off" spellCheck={false} value={feedUrl} disabled={!status || !!busy}
            placeholder="https://updates.example.com/app/" aria-invalid={(!!feed && !!problem) || undefined} aria-describedby="updates-feed-note"
            onChange={(e) => setFeedUrl(e.target.value)} />
        </div>
        <p id="updates-feed-note" className="field-note">
          {feed && problem ? problem : 'The folder where your installers and their latest.yml files are published. Nothing is sent until you check.'}
        </p>
        {busy === 'checking' || busy === 'installing' ? (
          <div role="status" className="dialog-progress">
            <div role="progressbar" aria-label={busy === 'checking' ? 'Checking' : 'Downloading'} className="progress indeterminate"><div className="progress-fill" /></div>
            <span>{busy === 'checking' ? `Checking ${feed}…` : 'Downloading the update; the app restarts to install it…'}</span>
          </div>
        ) : null}
        {result && !busy ? (
          <div role="status" className="updates-result">
            <span>{checkSummary(result)}</span>
            {result.updateAvailable ? <button type="button" onClick={() => void install()}>Download and Install</button> : null}
          </div>
        ) : null}
        {error && !busy ? <div role="alert" className="dialog-error">{errorText(error)}</div> : null}
        <div className="dialog-buttons">
          <button type="submit" className="primary" disabled={!status || !!busy || !enabled || !!problem}
            title={!enabled ? 'Turn update checks on first.' : problem}>Check Now</button>
          <button type="button" disabled={!status || !!busy || (!!feed && !!problem) || (enabled && !feed)} onClick={() => void ok()}>OK</button>
          <button type="button" onClick={close}>Cancel</button>
        </div>
      </form>
    </Dialog>
  );
}
