// Trust: certificates are shown before any credential is sent, accepted once (pinned), and a
// changed certificate is refused unless accepted explicitly. Two parts:
//  1. the renderer against a scripted bridge (dialogs, queueing, states; screenshots), and
//  2. the real browser host against a TLS simulator (fingerprints, pinning, restart, change).
import { test, expect, type Page } from '@playwright/test';
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { X509Certificate } from 'node:crypto';
import { startSimulator, type Simulator } from '../../simulator/index';
import { startHost, type RunningHost } from './support/web-host';
import { AppPage } from './support/app-page';
import { repoRoot } from '../support/repo-root';

// ---- A scripted bridge: the built renderer served by Playwright, its WebSocket answered by the
// test. It exercises the renderer side against the contract (dialogs, queueing, states, screens)
// whether or not the main side is there.
const ORIGIN = 'http://xenclient.test';
type Handler = (payload: Record<string, unknown>) => unknown;
interface Scripted {
  calls: Array<{ channel: string; payload: Record<string, unknown> }>;
  handlers: Map<string, Handler>;
  emit(channel: string, payload: unknown): void;
}
class Fail { constructor(readonly code: string, readonly message = '') {} }
/** A request held until the test settles it. */
function deferred(): { promise: Promise<unknown>; resolve(v: unknown): void } {
  let resolve!: (v: unknown) => void;
  const promise = new Promise<unknown>((r) => { resolve = r; });
  return { promise, resolve };
}

async function openScripted(page: Page, snapshot: unknown, handlers: Record<string, Handler> = {}): Promise<Scripted> {
  const root = resolve(repoRoot, 'dist/renderer');
  await page.route(`${ORIGIN}/**`, async (route) => {
    const u = new URL(route.request().url());
    const file = resolve(root, `.${u.pathname === '/' ? '/index.html' : u.pathname}`);
    const type = file.endsWith('.js') ? 'text/javascript' : file.endsWith('.css') ? 'text/css' : file.endsWith('.html') ? 'text/html' : 'application/octet-stream';
    try { await route.fulfill({ body: readFileSync(file), contentType: type }); } catch { await route.fulfill({ status: 404 }); }
  });
  const s: Scripted = {
    calls: [],
    handlers: new Map<string, Handler>([
      ['state.snapshot', () => snapshot],
      ['settings.status', () => ({ passwordStorage: 'os' })],
      ...Object.entries(handlers),
    ]),
    emit: () => { throw new Error('bridge not open'); },
  };
  await page.routeWebSocket(/\/bridge/, (ws) => {
    s.emit = (channel, payload) => ws.send(JSON.stringify({ events: [{ channel, payload }] }));
    ws.onMessage(async (msg) => {
      const m = JSON.parse(String(msg)) as { id: number; channel: string; payload: Record<string, unknown>; ack?: boolean };
      if (m.ack === true) return;
      s.calls.push({ channel: m.channel, payload: m.payload });
      const h = s.handlers.get(m.channel);
      try {
        const r = h ? await h(m.payload) : null;
        if (r instanceof Fail) ws.send(JSON.stringify({ id: m.id, envelope: { ok: false, error: { code: r.code, params: [], message: r.message || r.code } } }));
        else ws.send(JSON.stringify({ id: m.id, envelope: { ok: true, result: r ?? null } }));
      } catch { /* page gone */ }
    });
  });
  await page.goto(`${ORIGIN}/?token=t`);
  return s;
}

type Conn = Record<string, unknown>;
const conn = (id: string, status: string, extra: Conn = {}): Conn => ({
  id, url: `https://${id}.example.com`, hostname: `${id}.example.com`, user: 'root', status, saved: true, hasStoredPassword: true, poolMembers: [], ...extra,
});
const poolDelta = (connectionId: string, poolName: string, hostName: string) => ({
  connectionId, reset: true, changes: [
    { cls: 'pool', ref: `OpaqueRef:p-${connectionId}`, op: 'add', record: { name_label: poolName, name_description: '', master: `OpaqueRef:h-${connectionId}`, default_SR: 'OpaqueRef:NULL', other_config: {}, tags: [] } },
    { cls: 'host', ref: `OpaqueRef:h-${connectionId}`, op: 'add', record: { name_label: hostName, hostname: hostName, metrics: `OpaqueRef:m-${connectionId}`, enabled: true, other_config: {} } },
    { cls: 'host_metrics', ref: `OpaqueRef:m-${connectionId}`, op: 'add', record: { live: true } },
  ],
});
const FP_NEW = Array.from({ length: 32 }, (_, i) => ((i * 37 + 11) % 256).toString(16).padStart(2, '0').toUpperCase()).join(':');
const FP_OLD = Array.from({ length: 32 }, (_, i) => ((i * 53 + 7) % 256).toString(16).padStart(2, '0').toUpperCase()).join(':');
const cert = (fp: string, host = '10.0.0.5:443') => ({
  host, fingerprintSha256: fp, subject: 'CN=xcp-ng-host1, O=Example Ltd', issuer: 'CN=xcp-ng-host1, O=Example Ltd', validFrom: '2024-01-01T00:00:00Z', validTo: '2034-01-01T00:00:00Z',
});
const shot = (page: Page, name: string) => page.screenshot({ path: `test-results/screens/${name}.png` });

test.describe('renderer side, scripted bridge', () => {
  test('a new certificate while Add Server waits; a changed one queued behind it; Cancel is the default', async ({ page }) => {
    const add = deferred();
    const s = await openScripted(page, { connections: [], deltas: [] }, { 'servers.add': () => add.promise });
    const app = new AppPage(page);
    const addDialog = await app.addServer('https://10.0.0.5', 'root', 'secret');
    await expect(addDialog.getByRole('status')).toContainText('Connecting to https://10.0.0.5');

    s.emit('certificate.prompt', { promptId: 'p1', kind: 'new', certificate: cert(FP_NEW) });
    s.emit('certificate.prompt', { promptId: 'p2', kind: 'changed', certificate: cert(FP_NEW, '10.0.0.6:443'), previous: cert(FP_OLD, '10.0.0.6:443') });
    const first = page.getByRole('alertdialog', { name: 'Unknown certificate' });
    await expect(first).toBeVisible();
    await expect(first).toContainText('not signed by a trusted authority');
    await expect(first).toContainText('10.0.0.5:443');
    await expect(first.locator('[data-fingerprint]')).toHaveText(FP_NEW);
    await expect(first).toContainText('CN=xcp-ng-host1, O=Example Ltd');
    await expect(first).toContainText('1 more certificate waiting');
    await expect(first.getByRole('button', { name: 'Cancel' })).toBeFocused();
    await expect(first.getByRole('button', { name: 'Accept', exact: true })).toBeVisible();
    await shot(page, 'trust-new-certificate');
    await expect(page.getByRole('alertdialog')).toHaveCount(1); // one at a time

    await page.keyboard.press('Enter'); // the default answer: Cancel
    await expect.poll(() => s.calls.filter((c) => c.channel === 'certificate.answer').map((c) => c.payload)).toEqual([{ promptId: 'p1', accept: false }]);

    const second = page.getByRole('alertdialog', { name: 'Certificate changed' });
    await expect(second).toBeVisible();
    await expect(second).toContainText('has changed since you accepted it');
    await expect(second).toContainText('intercepting the connection');
    await expect(second.getByLabel(`Previous fingerprint: ${FP_OLD}`)).toHaveText(FP_OLD);
    await expect(second.getByLabel(`New fingerprint: ${FP_NEW}`)).toHaveText(FP_NEW);
    await expect(second.getByRole('button', { name: 'Cancel' })).toBeFocused();
    await shot(page, 'trust-changed-certificate');
    await second.getByRole('button', { name: 'Accept New Certificate' }).click();
    await expect(second).toBeHidden();
    expect(s.calls.filter((c) => c.channel === 'certificate.answer').map((c) => c.payload)[1]).toEqual({ promptId: 'p2', accept: true });

    // The add request was pending all along; main now fails it because p1 was refused.
    add.resolve(new Fail('CERTIFICATE_REJECTED', 'The certificate was not accepted'));
    await expect(addDialog.getByRole('alert')).toContainText('CERTIFICATE_REJECTED');
    await expect(addDialog).toBeVisible();
    await shot(page, 'trust-add-rejected');
  });

  test('an expired certificate is flagged; promptClosed closes the matching dialog', async ({ page }) => {
    const s = await openScripted(page, { connections: [], deltas: [] });
    s.emit('certificate.prompt', { promptId: 'x', kind: 'new', certificate: { ...cert(FP_NEW), validFrom: '2015-01-01T00:00:00Z', validTo: '2016-01-01T00:00:00Z' } });
    const d = page.getByRole('alertdialog', { name: 'Unknown certificate' });
    await expect(d).toContainText('expired');
    await shot(page, 'trust-expired-certificate');
    s.emit('certificate.promptClosed', { promptId: 'other' });
    await expect(d).toBeVisible();
    s.emit('certificate.promptClosed', { promptId: 'x' });
    await expect(d).toBeHidden();
  });

  test('connection states in the tree, the General tab and the status bar; window title; inert names', async ({ page }) => {
    const now = Date.now();
    const s = await openScripted(page, {
      connections: [
        conn('prod', 'connected', { poolMembers: ['https://10.0.0.1', 'https://10.0.0.2'], coordinatorUrl: 'https://prod.example.com' }),
        conn('dr', 'reconnecting', { nextAttemptAt: now + 12_000, error: { code: 'CONNECTION_LOST', params: [], message: 'The server closed the connection' } }),
        conn('lab', 'failed', { error: { code: 'SESSION_AUTHENTICATION_FAILED', params: [], message: '' } }),
        conn('edge', 'disconnected', { friendlyName: 'Edge <img src=x onerror="window.__pwned=1">', hasStoredPassword: false }),
        conn('old', 'disconnected'),
      ],
      deltas: [poolDelta('prod', 'Production <script>window.__pwned=2</script>', 'prod-host-1'), poolDelta('dr', 'Disaster Recovery Pool', 'dr-host-1')],
    });
    const app = new AppPage(page);
    await expect(app.treeItem('Disaster Recovery Pool')).toBeVisible();
    const dr = app.treeItem('Disaster Recovery Pool');
    await expect(dr).toHaveAccessibleDescription(/^Reconnecting in 1\d s \(connection lost: The server closed the connection \(CONNECTION_LOST\)\)$/);
    const first = await dr.getAttribute('aria-describedby');
    const text1 = await page.locator(`[id="${first}"]`).textContent();
    // A live countdown: the text changes by itself (within a few seconds) without anything else happening.
    await expect.poll(() => page.locator(`[id="${first}"]`).textContent(), { timeout: 5000 }).not.toBe(text1);
    await expect(app.treeItem('lab.example.com')).toHaveAccessibleDescription('Failed: The user name or password is incorrect (SESSION_AUTHENTICATION_FAILED)');
    await expect(app.treeItem('Edge <img src=x onerror="window.__pwned=1">')).toHaveAccessibleDescription(/^Password needed/);
    await expect(app.treeItem('old.example.com')).toHaveAccessibleDescription('Disconnected');
    await expect(page.getByLabel('Servers')).toHaveText('5 servers: 1 connected, 1 reconnecting, 1 failed, 2 disconnected');
    await app.treeItem('Disaster Recovery Pool').click();
    await expect(page.getByRole('region', { name: 'Connection' })).toContainText('Reconnecting in');
    await expect(page).toHaveTitle('Disaster Recovery Pool - PoolDesk');
    await shot(page, 'servers-states');

    await app.treeItem('Production <script>window.__pwned=2</script>').click();
    await expect(page).toHaveTitle('Production <script>window.__pwned=2</script> - PoolDesk');
    const connection = page.getByRole('region', { name: 'Connection' });
    await expect(connection).toContainText('https://10.0.0.2');
    await expect(connection).toContainText('Connected');
    await app.treeItem('Edge <img src=x onerror="window.__pwned=1">').click();
    await expect(page.getByRole('heading', { name: 'Edge <img src=x onerror="window.__pwned=1">' })).toBeVisible();
    await shot(page, 'servers-general-connection');
    expect(await page.evaluate(() => (window as { __pwned?: unknown }).__pwned)).toBeUndefined();
    await expect(page.locator('img[src="x"]')).toHaveCount(0);

    // Context menu of a disconnected server: only what applies.
    await app.treeItem('old.example.com').click({ button: 'right' });
    const menu = page.getByRole('menu', { name: 'Context menu' });
    await expect(menu.getByRole('menuitem')).toHaveText(['Reconnect', 'Reconnect As…', 'Forget', 'Connect All', 'Disconnect All']);
    await shot(page, 'servers-context-menu');
    await page.keyboard.press('Escape');

    // The Server menu: enabled exactly as it applies to the selection.
    await app.treeItem('Production <script>window.__pwned=2</script>').click();
    await page.getByRole('menubar').getByRole('menuitem', { name: 'Server' }).click();
    const serverMenu = page.getByRole('menu', { name: 'Server' });
    await expect(serverMenu.getByRole('menuitem', { name: 'Disconnect', exact: true })).not.toHaveAttribute('aria-disabled', 'true');
    await expect(serverMenu.getByRole('menuitem', { name: 'Reconnect', exact: true })).toHaveAttribute('aria-disabled', 'true');
    await shot(page, 'servers-server-menu');
    await serverMenu.getByRole('menuitem', { name: 'Disconnect', exact: true }).click();
    await expect.poll(() => s.calls.filter((c) => c.channel === 'servers.disconnect').map((c) => c.payload)).toEqual([{ connectionId: 'prod' }]);
  });

  test('Reconnect asks for a missing password; Reconnect As; Forget confirms; Password Storage; export and import', async ({ page }) => {
    const s = await openScripted(page, {
      connections: [conn('edge', 'disconnected', { friendlyName: 'Edge <b>server</b>', hasStoredPassword: false }), conn('lab', 'failed', { error: { code: 'CONNECTION_REFUSED', params: [], message: 'The server refused the connection' } })],
      deltas: [],
    }, {
      'servers.reconnect': (p) => {
        if (p.password === undefined) return p.connectionId === 'edge' ? new Fail('PASSWORD_NEEDED', 'Password needed: root on edge.example.com cannot be connected because no password is stored for it.') : null;
        return p.password === 'right' ? null : new Fail('SESSION_AUTHENTICATION_FAILED');
      },
      'settings.status': () => ({ passwordStorage: 'main-password-unset' }),
      'settings.setMainPassword': () => ({ passwordStorage: 'main-password-unlocked' }),
      'servers.export': () => ({ json: '{"version":1,"servers":[{"address":"https://edge.example.com","user":"root"}]}' }),
      'servers.import': (p) => (String(p.json).includes('servers') ? { added: 2, skipped: 1 } : new Fail('IMPORT_INVALID', 'Not a server list')),
    });
    const app = new AppPage(page);
    const edge = app.treeItem('Edge <b>server</b>');
    await edge.click({ button: 'right' });
    await page.getByRole('menuitem', { name: 'Reconnect', exact: true }).click();
    const pw = page.getByRole('dialog', { name: 'Enter Password' });
    await expect(pw).toBeVisible();
    await expect(pw.getByLabel('User name')).toHaveValue('root');
    await expect(pw.getByLabel('User name')).toHaveAttribute('readonly', '');
    await expect(pw.getByLabel('Password')).toBeFocused();
    await pw.getByLabel('Password').fill('wrong');
    await pw.getByRole('button', { name: 'Reconnect' }).click();
    await expect(pw.getByRole('alert')).toContainText('The user name or password is incorrect (SESSION_AUTHENTICATION_FAILED)');
    await shot(page, 'servers-password-prompt');
    await pw.getByLabel('Password').fill('right');
    await pw.getByRole('button', { name: 'Reconnect' }).click();
    await expect(pw).toBeHidden();
    expect(s.calls.filter((c) => c.channel === 'servers.reconnect').at(-1)?.payload).toEqual({ connectionId: 'edge', user: 'root', password: 'right' });

    await app.treeItem('lab.example.com').click({ button: 'right' });
    await page.getByRole('menuitem', { name: 'Reconnect As…' }).click();
    const as = page.getByRole('dialog', { name: 'Reconnect As' });
    await expect(as.getByLabel('Server', { exact: true })).toHaveValue('https://lab.example.com');
    await as.getByLabel('User name').fill('admin');
    await as.getByLabel('Password').fill('right');
    await shot(page, 'servers-reconnect-as');
    await as.getByRole('button', { name: 'Reconnect' }).click();
    await expect(as).toBeHidden();
    expect(s.calls.filter((c) => c.channel === 'servers.reconnect').at(-1)?.payload).toEqual({ connectionId: 'lab', user: 'admin', password: 'right' });

    await edge.click({ button: 'right' });
    await page.getByRole('menuitem', { name: 'Forget' }).click();
    const forget = page.getByRole('dialog', { name: 'Forget Edge <b>server</b>?' });
    await expect(forget).toBeVisible();
    await expect(forget.getByRole('button', { name: 'Cancel' })).toBeFocused();
    await shot(page, 'servers-forget');
    await forget.getByRole('button', { name: 'Forget' }).click();
    await expect(forget).toBeHidden();
    expect(s.calls.filter((c) => c.channel === 'servers.forget').map((c) => c.payload)).toEqual([{ connectionId: 'edge' }]);

    // Password Storage: no keychain here, so a main password can be set.
    const menuItem = async (menu: string, item: string) => {
      await page.getByRole('menubar').getByRole('menuitem', { name: menu }).click();
      await page.getByRole('menu', { name: menu }).getByRole('menuitem', { name: item }).click();
    };
    await menuItem('File', 'Password Storage…');
    const ps = page.getByRole('dialog', { name: 'Password Storage' });
    await expect(ps).toContainText('no keychain');
    await ps.getByLabel('Main password', { exact: true }).fill('short');
    await ps.getByLabel('Confirm main password').fill('short');
    await ps.getByRole('button', { name: 'Set Main Password' }).click();
    await expect(ps.getByRole('alert')).toContainText('at least 8 characters');
    await shot(page, 'trust-main-password-set');
    await ps.getByLabel('Main password', { exact: true }).fill('correct horse');
    await ps.getByLabel('Confirm main password').fill('correct horse');
    await ps.getByRole('button', { name: 'Set Main Password' }).click();
    await expect(ps).toBeHidden();
    expect(s.calls.filter((c) => c.channel === 'settings.setMainPassword').map((c) => c.payload)).toEqual([{ password: 'correct horse' }]);

    const downloading = page.waitForEvent('download');
    await menuItem('File', 'Export Server List…');
    const download = await downloading;
    expect(download.suggestedFilename()).toBe('xenclient-servers.json');

    const chooser = page.waitForEvent('filechooser');
    await menuItem('File', 'Import Server List…');
    await (await chooser).setFiles({ name: 'servers.json', mimeType: 'application/json', buffer: Buffer.from('{"servers":[]}') });
    await expect(page.getByRole('status').filter({ hasText: 'Imported 2 servers (1 already in the list)' })).toBeVisible();
    const chooser2 = page.waitForEvent('filechooser');
    await menuItem('File', 'Import Server List…');
    await (await chooser2).setFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from('nonsense') });
    await expect(page.getByRole('alert').filter({ hasText: 'IMPORT_INVALID' })).toContainText('The file is not a valid server list (IMPORT_INVALID)');
    await shot(page, 'servers-import-notices');
  });

  test('at start with locked passwords, the unlock form is offered once; a wrong password is refused in words', async ({ page }) => {
    let unlocked = false;
    await openScripted(page, { connections: [conn('prod', 'disconnected')], deltas: [] }, {
      'settings.status': () => ({ passwordStorage: unlocked ? 'main-password-unlocked' : 'main-password-locked' }),
      'settings.unlock': (p) => {
        if (p.password !== 'correct horse') return new Fail('MAIN_PASSWORD_INCORRECT', 'Wrong main password');
        unlocked = true;
        return { passwordStorage: 'main-password-unlocked' };
      },
    });
    const ps = page.getByRole('dialog', { name: 'Password Storage' });
    await expect(ps).toBeVisible();
    await expect(page.getByRole('tree').getByRole('treeitem', { name: 'prod.example.com' })).toHaveAccessibleDescription(/stored passwords are locked/);
    await ps.getByLabel('Main password').fill('nope');
    await ps.getByRole('button', { name: 'Unlock' }).click();
    await expect(ps.getByRole('alert')).toContainText('The main password is incorrect (MAIN_PASSWORD_INCORRECT)');
    await shot(page, 'trust-unlock');
    await ps.getByLabel('Main password').fill('correct horse');
    await ps.getByRole('button', { name: 'Unlock' }).click();
    await expect(ps).toBeHidden();
  });
});

// ---- The real browser host against a TLS simulator.
async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.once('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const a = srv.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      srv.close(() => ok(port));
    });
  });
}
const fingerprintOf = (pem: string) => new X509Certificate(pem).fingerprint256;

test.describe('real host, TLS simulator', () => {
  let sim: Simulator | undefined;
  let h: RunningHost | undefined;
  let dir = '';
  test.afterAll(async () => {
    await h?.stop();
    await sim?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('first contact shows the fingerprint before any credential is sent; Accept pins it; a changed certificate is refused', async ({ page }) => {
    test.setTimeout(180_000);
    const port = await freePort();
    sim = await startSimulator({ tls: true, port, hosts: 2, vms: 3 });
    const fp = fingerprintOf(sim.certificatePem!);
    const poolName = String([...sim.records('pool').values()][0].name_label);
    dir = mkdtempSync(join(tmpdir(), 'xc-trust-'));
    h = await startHost(['--settings-dir', dir]);
    const app = new AppPage(page);
    await page.goto(h.url);

    // No keychain in the browser host: set a main password so that the password is stored.
    await page.getByRole('menubar').getByRole('menuitem', { name: 'File' }).click();
    await page.getByRole('menu', { name: 'File' }).getByRole('menuitem', { name: 'Password Storage…' }).click();
    const ps = page.getByRole('dialog', { name: 'Password Storage' });
    await ps.getByLabel('Main password', { exact: true }).fill('correct horse battery');
    await ps.getByLabel('Confirm main password').fill('correct horse battery');
    await ps.getByRole('button', { name: 'Set Main Password' }).click();
    await expect(ps).toBeHidden();

    const url = `https://127.0.0.1:${port}`;
    const add = await app.addServer(url, 'root', 'xenroot');
    const prompt = page.getByRole('alertdialog', { name: 'Unknown certificate' });
    await expect(prompt).toBeVisible();
    await expect(prompt.locator('[data-fingerprint]')).toHaveText(fp);
    await expect(prompt).toContainText(`127.0.0.1:${port}`);
    expect(sim.records('session').size).toBe(0); // nothing sent before the answer
    await shot(page, 'trust-real-new-certificate');
    await prompt.getByRole('button', { name: 'Cancel' }).click();
    await expect(add.getByRole('alert')).toContainText('CERTIFICATE_REJECTED');
    await expect(add).toBeVisible();
    expect(sim.records('session').size).toBe(0);

    await add.getByRole('button', { name: 'Add', exact: true }).click();
    await expect(prompt).toBeVisible();
    await prompt.getByRole('button', { name: 'Accept', exact: true }).click();
    await expect(add).toBeHidden();
    await expect(app.treeItem(poolName)).toBeVisible();

    // Restart the host: the pinned certificate is trusted without a prompt; the stored password
    // needs the main password, offered once at start.
    await h.stop();
    h = await startHost(['--settings-dir', dir]);
    await page.goto(h.url);
    const unlock = page.getByRole('dialog', { name: 'Password Storage' });
    await expect(unlock).toBeVisible();
    await unlock.getByLabel('Main password').fill('wrong password');
    await unlock.getByRole('button', { name: 'Unlock' }).click();
    await expect(unlock.getByRole('alert')).toContainText('MAIN_PASSWORD_INCORRECT');
    await unlock.getByLabel('Main password').fill('correct horse battery');
    await unlock.getByRole('button', { name: 'Unlock' }).click();
    await expect(unlock).toBeHidden();
    await expect(app.treeItem(poolName)).toBeVisible({ timeout: 30_000 });
    await expect(page.getByRole('alertdialog')).toHaveCount(0);

    // Another server (new certificate) on the same address: "Certificate changed" with both fingerprints.
    await sim.close();
    sim = await startSimulator({ tls: true, port, hosts: 2, vms: 3 });
    const fp2 = fingerprintOf(sim.certificatePem!);
    expect(fp2).not.toBe(fp);
    const changed = page.getByRole('alertdialog', { name: 'Certificate changed' });
    await expect(changed).toBeVisible({ timeout: 60_000 });
    await expect(changed.getByLabel(`Previous fingerprint: ${fp}`)).toHaveText(fp);
    await expect(changed.getByLabel(`New fingerprint: ${fp2}`)).toHaveText(fp2);
    await expect(changed).toContainText('intercepting');
    await shot(page, 'trust-real-changed-certificate');
    await changed.getByRole('button', { name: 'Cancel' }).click();
    const server = app.tree.getByRole('treeitem').first();
    await expect(server).toHaveAccessibleDescription(/CERTIFICATE_CHANGED/, { timeout: 20_000 });
    await expect(server).toHaveAttribute('data-state', 'failed');
    expect(sim.records('session').size).toBe(0);
    await shot(page, 'trust-real-failed-changed');
  });
});
