// AppCore's confirmCredentialUse in Electron: a native dialog, outside the (untrusted) renderer,
// that names both servers before one pool's password or session is sent to another server. The
// renderer cannot answer it, so a compromised page cannot send credentials on its own.
import { BrowserWindow, dialog, type MessageBoxOptions } from 'electron';
import type { CredentialUse } from '../core/pool/credential-guard';

/** Server-controlled text (pool names) in a native dialog: one line, no control characters, bounded. */
function plain(text: string, max = 120): string {
  const one = [...text].map((ch) => (ch.charCodeAt(0) < 32 || ch.charCodeAt(0) === 127 ? ' ' : ch)).join('').trim();
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
}

const server = (s: CredentialUse['from']): string => `${plain(s.poolName)} (${plain(s.address)})`;

/** The dialog's options: what is sent where, and a default of Cancel. */
export function credentialDialogOptions(use: CredentialUse): MessageBoxOptions {
  const join = use.operation === 'pool.join';
  return {
    type: 'warning',
    title: join ? 'Add Server to Pool' : 'Migrate VM to Another Pool',
    message: join
      ? `Send the credentials of ${server(use.from)} to ${server(use.to)}?`
      : `Give ${server(use.to)} a session on ${server(use.from)}?`,
    detail: join
      ? `${plain(use.to.address)} will join the pool ${plain(use.from.poolName)} using the user name and password you logged in to ${plain(use.from.address)} with. Continue only if you started this and trust both servers.`
      : `To receive the VM, ${plain(use.from.address)} lets ${plain(use.to.address)} act on it with a new session. Continue only if you started this migration and trust both servers.`,
    buttons: ['Cancel', join ? 'Send Credentials and Join' : 'Migrate'],
    defaultId: 0,
    cancelId: 0,
    noLink: true,
  };
}

export async function confirmCredentialUse(use: CredentialUse): Promise<boolean> {
  const win = BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0];
  const opts = credentialDialogOptions(use);
  const r = win ? await dialog.showMessageBox(win, opts) : await dialog.showMessageBox(opts);
  return r.response === 1;
}
