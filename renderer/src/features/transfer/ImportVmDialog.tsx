// File > Import…: an XVA file (browser host: an <input type=file>; Electron: main's own dialog)
// and the SR the new VM's disks go to (SRs that are not ISO libraries; default: the pool's default
// SR). Progress and failures then show in the Events panel (the "Import" task) and as alerts.
import { useId, useMemo, useState, type FormEvent } from 'react';
import { appStore, useApp } from '../../state';
import { useUi } from '../../state/ui';
import { toErrorInfo } from '../../bridge/types';
import { importVmFile } from './commands';
import { IMPORT_TITLE } from './commands';
import { errorParamsText, errorText } from '../../xapi-model/errors';
import type { ErrorInfo } from '../../../../shared/ipc/contract';
import { connectionDisplayName } from '../../xapi-model/names';
import { srDisplayName } from '../../xapi-model/names';
import { useBridge } from '../../framework/bridge-context';
import { Dialog } from '../../ui/Dialog';
import { useOpenedFile } from './opened-file';
import { formatBytes } from '../../xapi-model/format';

interface SrChoice { key: string; connectionId: string; ref: string; label: string; isDefault: boolean }

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

export function ImportVmDialog() {
  const bridge = useBridge();
  const pushAlert = useUi((s) => s.pushAlert);
  const selection = useUi((s) => s.selection);
  const version = useApp((s) => s.version);
  const ids = { file: useId(), sr: useId() };
  const opened = useOpenedFile((s) => s.file);
  const nativeFiles = !bridge.transferUrl;

  const choices = useMemo<SrChoice[]>(() => {
    void version;
    const s = appStore.getState();
    const out: SrChoice[] = [];
    const connected = [...s.connections.values()].filter((c) => c.status === 'connected');
    for (const c of connected) {
      const objs = s.objects.get(c.id);
      const pool = objs?.get('pool') ? [...objs.get('pool')!.values()][0] : undefined;
      const defaultSr = str(pool?.default_SR);
      const server = (c ? connectionDisplayName(s, c) : '');
      const srs = [...(objs?.get('sr')?.entries() ?? [])]
        .filter(([, r]) => str(r.content_type) !== 'iso' && r.is_tools_sr !== true)
        .map(([ref]) => [ref, srDisplayName(s, c.id, ref)] as const)
        .sort(([, a], [, b]) => a.localeCompare(b, undefined, { numeric: true }));
      for (const [ref, name] of srs) {
        out.push({
          key: `${c.id} ${ref}`, connectionId: c.id, ref, isDefault: ref === defaultSr,
          label: `${name}${ref === defaultSr ? ' (default)' : ''}${connected.length > 1 && !name.endsWith(` on ${server}`) ? ` — ${server}` : ''}`,
        });
      }
    }
    return out;
  }, [version]);

  const preferredConnection = selection[0]?.connectionId;
  const initial = choices.find((c) => c.isDefault && c.connectionId === preferredConnection)
    ?? choices.find((c) => c.isDefault) ?? choices[0];
  const [srKey, setSrKey] = useState<string>(initial?.key ?? '');
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorInfo | null>(null);
  // Closing forgets the opened file: File > Import… afterwards asks for one as usual.
  const close = () => { useOpenedFile.getState().clear(); useUi.getState().closeDialog(); };
  const chosen = choices.find((c) => c.key === srKey) ?? initial;

  const submit = async (e?: FormEvent) => {
    e?.preventDefault();
    if (busy) return;
    if (!chosen) { setError({ code: '', params: [], message: 'There is no storage repository to import into.' }); return; }
    if (!opened && !nativeFiles && !file) { setError({ code: '', params: [], message: 'Choose the XVA file to import.' }); return; }
    setBusy(true);
    setError(null);
    const own = { title: IMPORT_TITLE, vm: opened?.fileName ?? file?.name };
    let taskRef = '';
    // The upload runs on after the dialog closes: its task shows in the Events panel.
    const upload = importVmFile(bridge, chosen.connectionId, chosen.ref, file, (t) => {
      taskRef = t;
      appStore.getState().noteOwnTask(chosen.connectionId, t, own);
      close();
    }, opened?.fileToken);
    try {
      const r = await upload;
      if (r.cancelled) setBusy(false);
    } catch (err) {
      const info = toErrorInfo(err);
      if (!taskRef) { setError(info); setBusy(false); return; }
      const name = opened?.fileName ?? file?.name;
      pushAlert(`${IMPORT_TITLE}${name ? ` '${name}'` : ''} failed: ${errorText(info)}`);
    }
  };

  const params = error ? errorParamsText(error) : '';
  return (
    <Dialog title="Import VM" onCancel={close} className="import-vm">
      <form onSubmit={submit} noValidate>
        <div className="form-grid">
          {opened ? (
            <>
              <span>XVA file</span>
              <span className="opened-file" title={opened.fileName}>{opened.fileName} ({formatBytes(opened.size)})</span>
            </>
          ) : nativeFiles ? null : (
            <>
              <label htmlFor={ids.file}>XVA file</label>
              <input id={ids.file} type="file" accept=".xva,application/octet-stream" disabled={busy}
                onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
            </>
          )}
          <label htmlFor={ids.sr}>Storage repository</label>
          <select id={ids.sr} value={chosen?.key ?? ''} disabled={busy || choices.length === 0} onChange={(e) => setSrKey(e.target.value)}>
            {choices.map((c) => <option key={c.key} value={c.key}>{c.label}</option>)}
          </select>
        </div>
        {error && !busy ? (
          <div role="alert" className="dialog-error">
            <div>{error.code ? errorText(error) : error.message}</div>
            {params ? <div className="error-params">{params}</div> : null}
          </div>
        ) : null}
        <div className="dialog-buttons">
          <button type="submit" className="primary" disabled={busy || choices.length === 0}
            title={busy ? 'The import is under way' : choices.length === 0 ? 'Storage repository: there is none that can take the VM' : undefined}>Import</button>
          <button type="button" onClick={close}>Cancel</button>
        </div>
      </form>
    </Dialog>
  );
}
