// View > Objects by Type on each real database dump the simulator boots: the groups and rows the page
// draws, in order, equal XenCenter's rules worked out from the simulator's own records by
// test/support/types-view-expected.ts (an independent reading, not the code under test).
import { basename } from 'node:path';
import { test, expect, type Page } from '@playwright/test';
import { startSimulator, type Simulator } from '../../simulator/index';
import { startHost, type RunningHost } from './support/web-host';
import { AppPage, chooseView } from './support/app-page';
import { dbDumps, hasSharedDir, sharedSkipReason } from '../support/shared-dir';
import { expected } from '../support/types-view-expected';
import { DEFAULT_TREE_OPTIONS } from '../../renderer/src/tree/visibility';

type Rec = Record<string, unknown>;

/** The simulator's records as the renderer's cache keys them. */
function objectsOf(sim: Simulator): Map<string, Map<string, Rec>> {
  const classes: Record<string, string> = { pool: 'pool', host: 'host', vm: 'VM', sr: 'SR', pbd: 'PBD', network: 'network' };
  return new Map(Object.entries(classes).map(([mine, theirs]) => [mine, new Map(sim.records(theirs) as Map<string, Rec>)]));
}

/** Every group and its rows as drawn, top to bottom (the page is tall enough to draw every row). */
async function drawnGroups(page: Page): Promise<Array<[string, string[]]>> {
  const rows = await page.evaluate(() => [...document.querySelectorAll<HTMLElement>('[role="tree"] [role="treeitem"]')]
    .sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top)
    .map((r) => [Number(r.getAttribute('aria-level')), r.getAttribute('aria-label') ?? ''] as [number, string]));
  const out: Array<[string, string[]]> = [];
  for (const [level, name] of rows) {
    if (level === 2) out.push([name, []]);
    else if (level === 3 && out.length) out[out.length - 1][1].push(name);
  }
  return out;
}

test.describe('Objects by Type on the real dumps', () => {
  test.skip(!hasSharedDir, sharedSkipReason);
  for (const file of dbDumps) {
    test(basename(file), async ({ page }) => {
      // A browser host of its own: the servers an earlier dump's page added stay in a host's list.
      const sim = await startSimulator({ port: 0, dbFile: file });
      const host: RunningHost = await startHost();
      try {
        await page.setViewportSize({ width: 1280, height: 4000 });
        const app = new AppPage(page);
        await page.goto(host.url);
        await app.addServer(sim.url, 'root', 'xenroot');
        await expect(app.tree.getByRole('treeitem').first()).toBeVisible();
        await chooseView(page, 'Objects by Type');
        await expect(app.tree).toHaveAttribute('aria-label', 'Objects by Type');
        const want = expected(objectsOf(sim), DEFAULT_TREE_OPTIONS);
        expect(want.length).toBeGreaterThan(0);
        await expect.poll(() => drawnGroups(page)).toEqual(want);
      } finally {
        await host.stop();
        await sim.close();
      }
    });
  }
});
