// `npm run bench -- tree`: what the user waits for on a big pool, end to end in Debian's Chromium
// through the browser host, beside the floor measured in the same run:
//   floor   a bare client: one event.from(["*"], "", 30) over HTTP and its JSON.parse
//   xen-api Xen Orchestra's client: connect until its objects are fetched
//   app     from the click on "Add" to the frame where the tree holds every host and VM (the
//           tree's data-counts) with the pool's row drawn
// Then the memory it takes: the browser host's RSS (main's share) and the renderer's JS heap after GC.
// Sizes: BENCH_TREE_SIZES (default 1000,5000,10000 VMs, on 64 hosts), median of BENCH_RUNS (3);
// BENCH_PROFILE=file.cpuprofile saves the page's CPU profile from the click to the frame.
import { performance } from 'node:perf_hooks';
import { readFileSync } from 'node:fs';
import type { Browser } from '@playwright/test';
import { createClient } from 'xen-api';
import { benchPage, fillAddServer, launchChromium, median, startSimProcess, rpc } from './common';
import { startHost } from '../e2e/support/web-host';

const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;

interface Floor { ms: number; bytes: number; hosts: number; vms: number; pool: string }

/** One bare fetch of everything and its parse, as the floor any client has to pay. */
async function floorOnce(url: string): Promise<Floor> {
  const session = await rpc(url, 'session.login_with_password', 'root', 'xenroot', '1.0', 'bench');
  const t = performance.now();
  const res = await fetch(`${url}/jsonrpc`, { method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', method: 'event.from', params: [session, ['*'], '', 30], id: 1 }) });
  const text = await res.text();
  const body = JSON.parse(text) as { result: { events: Array<{ class: string; snapshot: Record<string, unknown> }> } };
  const ms = performance.now() - t;
  let hosts = 0, vms = 0, pool = '';
  for (const e of body.result.events) {
    if (e.class.toLowerCase() === 'host') hosts++;
    else if (e.class.toLowerCase() === 'pool') pool = String(e.snapshot.name_label);
    else if (e.class.toLowerCase() === 'vm' && !e.snapshot.is_a_template && !e.snapshot.is_a_snapshot && !e.snapshot.is_control_domain) vms++;
  }
  await rpc(url, 'session.logout', session);
  return { ms, bytes: text.length, hosts, vms, pool };
}

async function xenApiOnce(url: string): Promise<number> {
  const t = performance.now();
  const xo = createClient({ url, auth: { user: 'root', password: 'xenroot' }, allowUnauthorized: true });
  await xo.connect();
  await xo.objectsFetched;
  const ms = performance.now() - t;
  await xo.disconnect();
  return ms;
}

interface AppRun { ms: number; longestTaskMs: number; mainRss: number; rendererHeap: number }

function rssOf(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) * 1024 : 0;
}

/** A fresh browser host and page: Add Server, then the page itself times the click and the frame. */
async function appOnce(browser: Browser, url: string, floor: Floor): Promise<AppRun> {
  const host = await startHost();
  const page = await benchPage(browser, { width: 1400, height: 860 });
  try {
    await page.goto(host.url);
    const dialog = await fillAddServer(page, url);
    await page.evaluate(({ counts, pool }) => {
      const w = window as unknown as { bench: { t0: number; t1: number; longest: number } };
      w.bench = { t0: 0, t1: 0, longest: 0 };
      new PerformanceObserver((l) => { for (const e of l.getEntries()) w.bench.longest = Math.max(w.bench.longest, e.duration); }).observe({ type: 'longtask' });
      const add = [...document.querySelectorAll('[role=dialog] button')].find((b) => b.textContent === 'Add')!;
      add.addEventListener('click', () => { w.bench.t0 = performance.now(); }, { capture: true });
      const done = () => {
        const tree = document.querySelector<HTMLElement>('[role=tree]');
        if (tree?.dataset.counts !== counts) return false;
        return [...tree.querySelectorAll('[role=treeitem]')].some((r) => r.textContent?.includes(pool));
      };
      const obs = new MutationObserver(() => {
        if (!w.bench.t0 || !done()) return;
        obs.disconnect();
        // The frame that shows it: after the next paint.
        requestAnimationFrame(() => setTimeout(() => { w.bench.t1 = performance.now(); }, 0));
      });
      obs.observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
    }, { counts: `${floor.hosts} ${floor.vms}`, pool: floor.pool });
    const prof = process.env.BENCH_PROFILE ? await page.context().newCDPSession(page) : undefined;
    if (prof) { await prof.send('Profiler.enable'); await prof.send('Profiler.setSamplingInterval', { interval: 200 }); await prof.send('Profiler.start'); }
    await dialog.getByRole('button', { name: 'Add', exact: true }).click();
    await page.waitForFunction(() => (window as unknown as { bench: { t1: number } }).bench.t1 > 0, undefined, { timeout: 120_000, polling: 100 })
      .catch(async (e: unknown) => {
        const seen = await page.evaluate(() => [document.querySelector<HTMLElement>('[role=tree]')?.dataset.counts, (window as unknown as { bench: unknown }).bench]);
        throw new Error(`the tree never showed ${floor.hosts} hosts and ${floor.vms} VMs: ${JSON.stringify(seen)} (${String(e)})`);
      });
    if (prof) {
      const { profile } = await prof.send('Profiler.stop');
      const { writeFileSync } = await import('node:fs');
      writeFileSync(process.env.BENCH_PROFILE!, JSON.stringify(profile));
    }
    const b = await page.evaluate(() => (window as unknown as { bench: { t0: number; t1: number; longest: number } }).bench);
    // Let the load settle (the full records after the first tree), then weigh both sides.
    await page.waitForTimeout(3000);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('HeapProfiler.collectGarbage');
    const heap = await cdp.send('Runtime.getHeapUsage');
    return { ms: b.t1 - b.t0, longestTaskMs: b.longest, mainRss: rssOf(host.pid), rendererHeap: heap.usedSize };
  } finally {
    await page.close();
    await host.stop();
  }
}

export async function benchTree(): Promise<void> {
  const sizes = (process.env.BENCH_TREE_SIZES ?? '1000,5000,10000').split(',').map(Number);
  const runs = Number(process.env.BENCH_RUNS ?? 3);
  const browser = await launchChromium();
  console.log(`tree    first full tree, from "Add" to the frame showing it (Chromium, browser host, simulator in its own process; median of ${runs})`);
  try {
    for (const vms of sizes) {
      const sim = await startSimProcess(['--hosts', '64', '--vms', String(vms), '--task-ms', '0', '--rrd-interval-ms', '0']);
      try {
        const floors: Floor[] = [], xo: number[] = [], app: AppRun[] = [];
        for (let i = 0; i < runs; i++) {
          floors.push(await floorOnce(sim.url));
          xo.push(await xenApiOnce(sim.url));
          app.push(await appOnce(browser, sim.url, floors[0]));
        }
        const f = median(floors.map((x) => x.ms)), a = median(app.map((x) => x.ms));
        console.log(`  ${String(vms).padStart(6)} VMs (${mb(floors[0].bytes)} of event.from): app ${s(a)}  floor ${s(f)}  ratio ${(a / f).toFixed(2)}  | xen-api ${s(median(xo))} (${(median(xo) / f).toFixed(2)})`
          + `  | longest renderer task ${median(app.map((x) => x.longestTaskMs)).toFixed(0)} ms | main RSS ${mb(median(app.map((x) => x.mainRss)))}, renderer heap ${mb(median(app.map((x) => x.rendererHeap)))}`);
      } finally {
        await sim.stop();
      }
    }
  } finally {
    await browser.close();
  }
}
