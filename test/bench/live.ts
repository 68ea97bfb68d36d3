// `npm run bench -- live` / `npm run bench -- scroll`: a big pool after its first load, in Debian's
// Chromium through the browser host, the simulator in its own process.
//   live    64 hosts, BENCH_LIVE_VMS (5000) VMs under BENCH_LIVE_RATE (500) changes a second (the
//           simulator's churn: names get a ' ~<server ms>' suffix, Running<->Paused, VM_metrics), for
//           BENCH_LIVE_SECONDS (30): the latency from the server's change to the row's text in the DOM
//           (rows on a 1400x3000 screen), beside the floor in the same run (a bare Node client following
//           event.from parses the same change); the renderer's long tasks; socket messages per frame.
//   scroll  64 hosts, BENCH_SCROLL_VMS (5000) VMs, no churn, every host open (~5,000 rows): frame
//           intervals while the tree scrolls top to bottom two screens a frame, and while ArrowDown moves
//           the selection 200 times (the tabs pane follows), with each key's time to the next frame.
// BENCH_PROFILE=file.cpuprofile: the renderer's CPU profile of the measured part (live's window, scroll's
// scrolling and key presses), for DevTools.
import { writeFileSync } from 'node:fs';
import type { Browser, Page } from '@playwright/test';
import { benchPage, fillAddServer, launchChromium, startSimProcess, rpc } from './common';
import { startHost, type RunningHost } from '../e2e/support/web-host';

const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
const pct = (xs: number[], p: number) => (xs.length ? sorted(xs)[Math.min(xs.length - 1, Math.floor(xs.length * p))] : NaN);
const median = (xs: number[]) => pct(xs, 0.5);
const ms = (x: number) => `${x.toFixed(0)} ms`;
const ms1 = (x: number) => `${x.toFixed(1)} ms`;
const env = (name: string, dflt: number) => Number(process.env[name] ?? dflt);
const SUFFIX = / ~(\d{13})/g;

type Ev = { class: string; operation: string; snapshot?: Record<string, unknown> };
interface Start { session: string; token: string; hosts: number; vms: number; pool: string }

async function eventFrom(url: string, session: string, token: string, signal?: AbortSignal): Promise<{ events: Ev[]; token: string }> {
  const res = await fetch(`${url}/jsonrpc`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, signal,
    body: JSON.stringify({ jsonrpc: '2.0', method: 'event.from', params: [session, ['*'], token, 30], id: 1 }) });
  const body = JSON.parse(await res.text()) as { result?: { events: Ev[]; token: string }; error?: unknown };
  if (!body.result) throw new Error(`event.from failed: ${JSON.stringify(body.error)}`);
  return { events: body.result.events, token: body.result.token };
}

/** A bare client's first event.from: the token to follow from and what the tree must show. */
async function startClient(url: string): Promise<Start> {
  const session = String(await rpc(url, 'session.login_with_password', 'root', 'xenroot', '1.0', 'bench'));
  const first = await eventFrom(url, session, '');
  let hosts = 0, vms = 0, pool = '';
  for (const e of first.events) {
    const c = e.class.toLowerCase(), r = e.snapshot ?? {};
    if (c === 'host') hosts++;
    else if (c === 'pool') pool = String(r.name_label);
    else if (c === 'vm' && !r.is_a_template && !r.is_a_snapshot && !r.is_control_domain) vms++;
  }
  return { session, token: first.token, hosts, vms, pool };
}

/** The floor: follows event.from and, for each VM name with a churn suffix, notes now - its ms when the batch is parsed. */
function followFloor(url: string, start: Start): { begin(from: number): void; end(): Promise<number[]> } {
  const lat: number[] = [];
  const seen = new Set<string>();
  const abort = new AbortController();
  let recording = false, stopped = false, failure: unknown, since = Infinity;
  const loop = (async () => {
    let token = start.token;
    while (!stopped) {
      const r = await eventFrom(url, start.session, token, abort.signal);
      const now = Date.now();
      token = r.token;
      if (!recording) continue;
      for (const e of r.events) {
        if (e.class.toLowerCase() !== 'vm' || e.operation !== 'mod') continue;
        for (const m of String(e.snapshot?.name_label ?? '').matchAll(SUFFIX)) {
          if (seen.has(m[1]) || Number(m[1]) < since) continue;
          seen.add(m[1]);
          lat.push(now - Number(m[1]));
        }
      }
    }
  })().catch((e: unknown) => { if (!stopped) failure = e; });
  return {
    begin: (from) => { since = from; recording = true; },
    async end() {
      recording = false;
      stopped = true;
      abort.abort();
      await loop;
      await rpc(url, 'session.logout', start.session).catch(() => undefined);
      if (failure) throw new Error(`the floor client failed: ${String(failure)}`);
      return lat;
    },
  };
}

/** Counts every message of the app's bridge socket (not /console streams) in window.__wsMessages. */
const COUNT_SOCKET_MESSAGES = `(() => {
  const Native = window.WebSocket;
  window.__wsMessages = 0;
  window.WebSocket = class extends Native {
    constructor(url, protocols) {
      super(url, protocols);
      if (new URL(String(url), location.href).pathname !== '/console') this.addEventListener('message', () => { window.__wsMessages++; });
    }
  };
})()`;

/** Adds the server through the dialog, waits for the whole tree, selects the pool and waits until its details have loaded. */
async function openPool(page: Page, host: RunningHost, simUrl: string, start: Start): Promise<void> {
  await page.goto(host.url);
  const dialog = await fillAddServer(page, simUrl);
  await dialog.getByRole('button', { name: 'Add', exact: true }).click();
  const counts = `${start.hosts} ${start.vms}`;
  await page.waitForFunction((c) => document.querySelector<HTMLElement>('[role=tree]')?.dataset.counts === c, counts, { timeout: 120_000, polling: 100 })
    .catch(async (e: unknown) => {
      const seen = await page.evaluate(() => document.querySelector<HTMLElement>('[role=tree]')?.dataset.counts);
      throw new Error(`the tree never showed ${start.hosts} hosts and ${start.vms} VMs (data-counts ${String(seen)}): ${String(e)}`);
    });
  // The tabs pane says "Loading the details…" while the full records of a big pool still arrive.
  await page.locator('[role=treeitem][data-kind=pool]').first().click();
  await page.waitForFunction(() => ![...document.querySelectorAll('[role=status]')].some((s) => s.textContent?.includes('Loading the details')),
    undefined, { timeout: 120_000, polling: 100 })
    .catch((e: unknown) => { throw new Error(`the app still said "Loading the details" after 120 s: ${String(e)}`); });
}

/** Opens every host (the '*' key on a host row opens it and its siblings); returns the tree's row count. */
async function expandHosts(page: Page): Promise<number> {
  const rowCount = () => page.evaluate(() => Math.round((document.querySelector<HTMLElement>('[role=tree]')?.offsetHeight ?? 0) / 24));
  const collapsed = page.locator('[role=treeitem][data-kind=host][aria-expanded=false]');
  if (await collapsed.count()) {
    await collapsed.first().click();
    await page.keyboard.press('*');
    await page.waitForTimeout(500);
  }
  return rowCount();
}

interface PageLive { lat: number[]; longTasks: number[]; frames: number; multi: number; maxPerFrame: number; messages: number; rowsOnScreen: number }

export async function benchLive(): Promise<void> {
  const vms = env('BENCH_LIVE_VMS', 5000), rate = env('BENCH_LIVE_RATE', 500), seconds = env('BENCH_LIVE_SECONDS', 30);
  const sim = await startSimProcess(['--hosts', '64', '--vms', String(vms), '--task-ms', '0', '--rrd-interval-ms', '0', '--churn', String(rate)]);
  let browser: Browser | undefined, host: RunningHost | undefined, floor: ReturnType<typeof followFloor> | undefined;
  try {
    const start = await startClient(sim.url);
    floor = followFloor(sim.url, start);
    browser = await launchChromium();
    host = await startHost();
    const page = await benchPage(browser, { width: 1400, height: 3000 });
    await page.addInitScript(COUNT_SOCKET_MESSAGES);
    await openPool(page, host, sim.url, start);
    const rows = await expandHosts(page);
    await page.locator('[role=treeitem][data-kind=pool]').first().click();
    await page.waitForTimeout(1000);

    // Both sides count only the changes the server makes from now on.
    const since = Date.now();
    floor.begin(since);
    const prof = process.env.BENCH_PROFILE ? await page.context().newCDPSession(page) : undefined;
    if (prof) { await prof.send('Profiler.enable'); await prof.send('Profiler.setSamplingInterval', { interval: 200 }); await prof.send('Profiler.start'); }
    await page.evaluate((since) => {
      type W = { __wsMessages: number; live: PageLive & { stop(): void } };
      const w = window as unknown as W;
      const tree = document.querySelector('[role=tree]')!;
      const re = / ~(\d{13})/g;
      const seen = new Set<string>();
      const live = { lat: [] as number[], longTasks: [] as number[], frames: 0, multi: 0, maxPerFrame: 0, messages: 0, rowsOnScreen: 0, stop: () => {} };
      const rowsNow = [...tree.querySelectorAll('[role=treeitem]')];
      live.rowsOnScreen = rowsNow.filter((r) => { const b = r.getBoundingClientRect(); return b.bottom > 0 && b.top < innerHeight; }).length;
      const note = (text: string | null | undefined, now: number) => {
        for (const m of (text ?? '').matchAll(re)) {
          if (seen.has(m[1]) || Number(m[1]) < since) continue;
          seen.add(m[1]);
          live.lat.push(now - Number(m[1]));
        }
      };
      const mo = new MutationObserver((records) => {
        const now = Date.now();
        for (const r of records) {
          const el = r.target instanceof Element ? r.target : r.target.parentElement;
          note((el?.closest('[role=treeitem]') ?? el)?.textContent, now);
          for (const n of r.addedNodes) note(n.textContent, now);
        }
      });
      mo.observe(tree, { childList: true, characterData: true, subtree: true });
      const po = new PerformanceObserver((l) => { for (const e of l.getEntries()) live.longTasks.push(e.duration); });
      po.observe({ type: 'longtask' });
      let last = w.__wsMessages, running = true;
      const frame = () => {
        if (!running) return;
        const n = w.__wsMessages - last;
        last = w.__wsMessages;
        live.frames++;
        live.messages += n;
        if (n > 1) live.multi++;
        live.maxPerFrame = Math.max(live.maxPerFrame, n);
        requestAnimationFrame(frame);
      };
      requestAnimationFrame(frame);
      live.stop = () => { running = false; mo.disconnect(); po.disconnect(); };
      w.live = live;
    }, since);
    await page.waitForTimeout(seconds * 1000);
    const got = await page.evaluate(() => {
      const l = (window as unknown as { live: PageLive & { stop(): void } }).live;
      l.stop();
      return { lat: l.lat, longTasks: l.longTasks, frames: l.frames, multi: l.multi, maxPerFrame: l.maxPerFrame, messages: l.messages, rowsOnScreen: l.rowsOnScreen };
    });
    if (prof) {
      const { profile } = await prof.send('Profiler.stop');
      writeFileSync(process.env.BENCH_PROFILE!, JSON.stringify(profile));
    }
    const fl = await floor.end();
    floor = undefined;
    if (!got.lat.length) throw new Error(`no renamed VM row reached the screen in ${seconds} s (${got.rowsOnScreen} rows on screen)`);
    const a = median(got.lat), ap = pct(got.lat, 0.99), f = median(fl), fp = pct(fl, 0.99);
    console.log(`live    64 hosts, ${start.vms} VMs, churn ${rate} changes/s for ${seconds} s; Chromium 1400x3000, ${got.rowsOnScreen} tree rows on screen (of ${rows}), pool selected`);
    console.log(`  server change -> row text in the DOM: median ${ms(a)}, p99 ${ms(ap)}, max ${ms(Math.max(...got.lat))} (n=${got.lat.length})`
      + `  | floor (bare event.from client parses it): median ${ms(f)}, p99 ${ms(fp)} (n=${fl.length})  | ratio median ${(a / f).toFixed(2)}, p99 ${(ap / fp).toFixed(2)}`);
    console.log(`  renderer: long tasks >50 ms ${got.longTasks.length} (longest ${ms(Math.max(0, ...got.longTasks))})`
      + `  | socket messages ${got.messages} over ${got.frames} frames (${(got.frames / seconds).toFixed(0)} fps): frames with >1 message ${got.multi}, max ${got.maxPerFrame} in a frame`);
  } finally {
    await floor?.end().catch(() => undefined);
    await browser?.close();
    await host?.stop();
    await sim.stop();
  }
}

const fps = (iv: number[]) => `${(1000 / median(iv)).toFixed(0)} fps (median ${ms1(median(iv))}), p95 ${ms1(pct(iv, 0.95))}, worst ${ms1(Math.max(...iv))}, ${iv.length} frames`;

export async function benchScroll(): Promise<void> {
  const vms = env('BENCH_SCROLL_VMS', 5000), presses = 200;
  const width = 1400, height = 1000;
  const sim = await startSimProcess(['--hosts', '64', '--vms', String(vms), '--task-ms', '0', '--rrd-interval-ms', '0']);
  let browser: Browser | undefined, host: RunningHost | undefined;
  try {
    const start = await startClient(sim.url);
    await rpc(sim.url, 'session.logout', start.session);
    browser = await launchChromium();
    host = await startHost();
    const page = await benchPage(browser, { width, height });
    await openPool(page, host, sim.url, start);
    const rows = await expandHosts(page);
    if (rows < start.vms) throw new Error(`the tree has ${rows} rows with every host open, fewer than its ${start.vms} VMs`);
    await page.waitForTimeout(1000);

    const prof = process.env.BENCH_PROFILE ? await page.context().newCDPSession(page) : undefined;
    if (prof) { await prof.send('Profiler.enable'); await prof.send('Profiler.setSamplingInterval', { interval: 200 }); await prof.send('Profiler.start'); }
    // (a) Scroll the tree top to bottom, two screens a frame.
    const scroll = await page.evaluate(() => new Promise<{ intervals: number[]; step: number }>((resolve) => {
      const el = document.querySelector<HTMLElement>('.tree-scroll')!;
      el.scrollTop = 0;
      const step = el.clientHeight * 2;
      const intervals: number[] = [];
      let prev = 0;
      const tick = (ts: number) => {
        if (prev) intervals.push(ts - prev);
        prev = ts;
        if (el.scrollTop + el.clientHeight >= el.scrollHeight - 1) resolve({ intervals, step });
        else { el.scrollTop += step; requestAnimationFrame(tick); }
      };
      requestAnimationFrame(() => requestAnimationFrame(tick));
    }));

    // (b) ArrowDown from a VM row, 200 times: frame intervals and each key's time to the next frame.
    await page.evaluate(() => { document.querySelector<HTMLElement>('.tree-scroll')!.scrollTop = 0; });
    await page.waitForTimeout(300);
    await page.locator('[role=treeitem][data-kind=vm]').first().click();
    await page.waitForTimeout(500);
    await page.evaluate(() => {
      const w = window as unknown as { keys: { intervals: number[]; toFrame: number[]; running: boolean } };
      const k = { intervals: [] as number[], toFrame: [] as number[], running: true };
      w.keys = k;
      let pending: number[] = [];
      document.addEventListener('keydown', (e) => { if (k.running) pending.push(e.timeStamp); }, { capture: true });
      let prev = 0;
      const tick = (ts: number) => {
        if (!k.running) return;
        if (prev) k.intervals.push(ts - prev);
        prev = ts;
        // The keys handled since the last frame are drawn by this one: from the key's timestamp to
        // the start of this frame's rendering (a task after it would queue behind the next key's
        // input, which the scheduler runs first).
        const now = performance.now();
        for (const t of pending) k.toFrame.push(now - t);
        pending = [];
        requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    });
    const before = await page.locator('[role=treeitem][aria-selected=true]').getAttribute('data-node-id');
    for (let i = 0; i < presses; i++) await page.keyboard.press('ArrowDown');
    await page.waitForTimeout(300);
    const keys = await page.evaluate(() => {
      const k = (window as unknown as { keys: { intervals: number[]; toFrame: number[]; running: boolean } }).keys;
      k.running = false;
      return { intervals: k.intervals, toFrame: k.toFrame };
    });
    if (prof) {
      const { profile } = await prof.send('Profiler.stop');
      writeFileSync(process.env.BENCH_PROFILE!, JSON.stringify(profile));
    }
    const after = await page.locator('[role=treeitem][aria-selected=true]').getAttribute('data-node-id');
    if (after === before) throw new Error('ArrowDown did not move the selection');
    if (keys.toFrame.length < presses) throw new Error(`only ${keys.toFrame.length} of ${presses} key presses reached the page`);

    console.log(`scroll  64 hosts, ${start.vms} VMs, every host open: ${rows} tree rows; Chromium ${width}x${height}, no churn`);
    console.log(`  scroll top->bottom, ${scroll.step} px (2 screens) a frame: ${fps(scroll.intervals)}`);
    console.log(`  ArrowDown x${presses} (selection + tabs pane): ${fps(keys.intervals)} | key -> the frame that draws it median ${ms1(median(keys.toFrame))}, p95 ${ms1(pct(keys.toFrame, 0.95))}, worst ${ms1(Math.max(...keys.toFrame))}`);
  } finally {
    await browser?.close();
    await host?.stop();
    await sim.stop();
  }
}
