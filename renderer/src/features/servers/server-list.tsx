// File > Export Server List… / Import Server List…: the saved list as JSON, never with passwords.
import type { ChangeEvent } from 'react';
import { toErrorInfo, type Bridge } from '../../bridge/types';
import { useBridge } from '../../framework/bridge-context';
import { useUi } from '../../state/ui';
import { errorText } from '../../xapi-model/errors';
import { downloadText } from '../../ui/download';

export const EXPORT_FILE_NAME = 'xenclient-servers.json';
const INPUT_ID = 'import-server-list-input';

/** "Imported 2 servers (1 already in the list)". */
export function importNotice(r: { added: number; skipped: number }): string {
  const base = `Imported ${r.added} server${r.added === 1 ? '' : 's'}`;
  return r.skipped ? `${base} (${r.skipped} already in the list)` : base;
}

/** File > Export Server List…: main writes the list (no passwords); the page saves it as a download. */
export function exportServerList(bridge: Bridge, alert: (msg: string) => void): void {
  bridge.request('servers.export', {}).then(({ json }) => downloadText(EXPORT_FILE_NAME, json, 'application/json'), (err: unknown) => alert(`Export Server List failed: ${errorText(toErrorInfo(err))}`));
}

/** File > Import Server List…: opens the file chooser of the always-mounted input below. */
export function chooseServerListFile(): void {
  document.getElementById(INPUT_ID)?.click();
}

/** The file input Import Server List… opens (always mounted, hidden). */
export function ServerListFileInput() {
  const bridge = useBridge();
  const pushAlert = useUi((s) => s.pushAlert);
  const onChange = async (e: ChangeEvent<HTMLInputElement>) => {
    const input = e.currentTarget;
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    try {
      const json = await file.text();
      const r = await bridge.request('servers.import', { json });
      pushAlert(importNotice(r), 'info');
    } catch (err) {
      pushAlert(`Import Server List failed: ${errorText(toErrorInfo(err))}`);
    }
  };
  return <input id={INPUT_ID} type="file" accept=".json,application/json" aria-label="Server list file to import" hidden onChange={(e) => void onChange(e)} />;
}
