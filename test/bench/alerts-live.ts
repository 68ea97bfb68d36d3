// `npm run bench -- alerts` (second part): a new message in the Alerts view end to end, in Debian's
// Chromium through the browser host: 16 hosts, BENCH_ALERTS_VMS (5000) VMs, BENCH_ALERTS_MESSAGES
// (10000) messages already shown. From the message.create call until its row is in the DOM (a
// MutationObserver in the page notes when each row first appears), beside the floor in the same run:
// a bare Node client following event.from(["message"]) from the same call until it parses the add.
// Median and p90 of BENCH_RUNS (21).
import { performance } from 'node:perf_hooks';
import { startSimulator } from '../../simulator/index';
import { benchPage, fillAddServer, launchChromium, median, rpc } from './common';
import { startHost } from '../e2e/support/web-host';

const env = (name: string, dflt: number) => Number(process.env[name] ?? dflt);
const p90 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.9)];
const ms = (x: number) => `${x.toFixed(0)} ms`;

/** In the page: the time each alert row first appeared, by message ref. */
const WATCH_ROWS = `(() => {
  window.__rowSeen = new Map();
  const note = () => {
    for (const el of document.querySelectorAll('.alert-row[data-message-ref]')) {
      const ref = el.getAttribute('data-message-ref');
      if (!window.__rowSeen.has(ref)) window.__rowSeen.set(ref, Date.now());
    }
  };
  new MutationObserver(note).observe(document.querySelector('.alerts-view'), { childList: true, subtree: true });
  note();
})()`;

export async function benchAlertsLive(): Promise<void> {
  const vms = env('BENCH_ALERTS_VMS', 5000), count = env('BENCH_ALERTS_MESSAGES', 10_000), runs = env('BENCH_RUNS', 21);
  const sim = await startSimulator({ port: 0, hosts: 16, vms, taskDurationMs: 0 });
  const browser = await launchChromium();
  const host = await startHost();
  const abort = new AbortController();
  let follow: Promise<unknown> = Promise.resolve();
  try {
    const session = String(await rpc(sim.url, 'session.login_with_password', 'root', 'xenroot', '1.0', 'bench'));
    const guests = ([...sim.records('VM').values()] as Array<Record<string, unknown>>).filter((v) => !v.is_a_template && !v.is_control_domain && !v.is_a_snapshot);
    const names = ['VM_STARTED', 'VM_SHUTDOWN', 'VM_REBOOTED', 'VM_CRASHED'];
    const create = (i: number) => rpc(sim.url, 'message.create', session, names[i % names.length], 1 + (i % 5), 'VM', guests[i % guests.length].uuid, '') as Promise<string>;
    for (let i = 0; i < count; i += 50) await Promise.all(Array.from({ length: Math.min(50, count - i) }, (_, k) => create(i + k)));
    const held = (await rpc(sim.url, 'message.get_all', session) as string[]).length;

    const page = await benchPage(browser, { width: 1400, height: 1000 });
    await page.goto(host.url);
    const dialog = await fillAddServer(page, sim.url);
    await dialog.getByRole('button', { name: 'Add', exact: true }).click();
    await page.getByRole('region', { name: 'Events' }).getByRole('button', { name: /^Alerts/ }).click();
    await page.waitForFunction((n) => document.querySelector('.alerts-shown')?.textContent === `${n} alerts`, Math.min(held, 10_000), { timeout: 180_000, polling: 200 });
    await page.evaluate(WATCH_ROWS);

    // The floor: a bare client following messages from now on.
    const arrived = new Map<string, number>();
    let token = ((await rpc(sim.url, 'event.from', session, ['message'], '', 0)) as { token: string }).token;
    follow = (async () => {
      while (!abort.signal.aborted) {
        const res = await fetch(`${sim.url}/jsonrpc`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, signal: abort.signal,
          body: JSON.stringify({ jsonrpc: '2.0', method: 'event.from', params: [session, ['message'], token, 30], id: 1 }) });
        const body = JSON.parse(await res.text()) as { result: { token: string; events: Array<{ operation: string; ref: string }> } };
        const now = performance.now();
        token = body.result.token;
        for (const e of body.result.events) if (e.operation === 'add' && !arrived.has(e.ref)) arrived.set(e.ref, now);
      }
    })().catch(() => undefined);

    const app: number[] = [];
    const floor: number[] = [];
    const originDiff = Date.now() - performance.now();
    for (let i = 0; i < runs + 3; i++) {
      const t = performance.now();
      const ref = await create(count + i);
      const seen = await page.waitForFunction((r) => (window as unknown as { __rowSeen: Map<string, number> }).__rowSeen.get(r), ref, { timeout: 30_000, polling: 20 });
      const at = Number(await seen.jsonValue()) - originDiff;
      while (!arrived.has(ref)) await new Promise((r) => setTimeout(r, 5));
      if (i >= 3) { app.push(at - t); floor.push(arrived.get(ref)! - t); }
      await new Promise((r) => setTimeout(r, 300));
    }
    console.log(`alerts  end to end, ${Math.min(held, 10_000).toLocaleString('en')} alerts shown, ${guests.length.toLocaleString('en')} VMs: message.create -> its row in the DOM ` +
      `median ${ms(median(app))} (p90 ${ms(p90(app))})  vs a bare event.from client ${ms(median(floor))} (p90 ${ms(p90(floor))}) (${runs} runs)`);
  } finally {
    abort.abort();
    await follow;
    await browser.close();
    await host.stop();
    await sim.close();
  }
}
