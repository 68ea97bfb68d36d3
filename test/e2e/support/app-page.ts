// Page object for the main window: what a user sees and does, by role and accessible name.
import { expect, type Page, type Locator } from '@playwright/test';

export class AppPage {
  constructor(readonly page: Page) {}

  get tree(): Locator { return this.page.getByRole('tree'); }
  treeItem(name: string): Locator { return this.tree.getByRole('treeitem', { name, exact: true }); }
  toolbarButton(name: string): Locator { return this.page.getByRole('toolbar').getByRole('button', { name, exact: true }); }
  get eventsPanel(): Locator { return this.page.getByRole('region', { name: 'Events' }); }

  async addServer(server: string, user: string, password: string): Promise<Locator> {
    await this.toolbarButton('Add Server').click();
    const dialog = this.page.getByRole('dialog', { name: 'Add New Server' });
    await expect(dialog).toBeVisible();
    await dialog.getByLabel('Server', { exact: true }).fill(server);
    await dialog.getByLabel('User name').fill(user);
    await dialog.getByLabel('Password').fill(password);
    await dialog.getByRole('button', { name: 'Add', exact: true }).click();
    return dialog;
  }

  /** Expands tree nodes until `name` is visible (the tree is virtualized: rows exist only when shown). */
  async reveal(path: string[]): Promise<Locator> {
    for (const name of path.slice(0, -1)) {
      const item = this.treeItem(name);
      await expect(item).toBeVisible();
      if ((await item.getAttribute('aria-expanded')) === 'false') {
        await item.click();
        await item.press('ArrowRight');
      }
    }
    const last = this.treeItem(path[path.length - 1]);
    await last.scrollIntoViewIfNeeded();
    return last;
  }

  generalRow(label: string): Locator {
    return this.page.getByRole('tabpanel').getByRole('row', { name: new RegExp(`^${label}\\b`) });
  }
}

/** Walks the virtualized tree with the keyboard (PageDown) until a row named `name` is rendered. */
export async function findInTree(app: AppPage, name: string): Promise<Locator> {
  const item = app.treeItem(name);
  if (await item.count()) return item;
  await app.tree.getByRole('treeitem').first().focus();
  await app.page.keyboard.press('Home');
  for (let i = 0; i < 200; i++) {
    if (await item.count()) return item;
    await app.page.keyboard.press('PageDown');
  }
  throw new Error(`"${name}" is not in the tree`);
}

/** Expands every collapsed row that is rendered, top to bottom, so that the whole tree is reachable. */
export async function expandAll(app: AppPage): Promise<void> {
  for (let pass = 0; pass < 6; pass++) {
    const collapsed = app.tree.locator('[role="treeitem"][aria-expanded="false"]');
    const n = await collapsed.count();
    if (n === 0) return;
    await collapsed.first().click();
    await app.page.keyboard.press('ArrowRight');
  }
}

/** The name of the tree row's parent (the nearest row above it one level up). */
export async function parentInTree(page: Page, name: string): Promise<string | null> {
  return page.evaluate((n) => {
    const rows = [...document.querySelectorAll<HTMLElement>('[role="treeitem"]')]
      .sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top);
    const i = rows.findIndex((r) => r.getAttribute('aria-label') === n);
    if (i < 0) return null;
    const level = Number(rows[i].getAttribute('aria-level'));
    for (let k = i - 1; k >= 0; k--) if (Number(rows[k].getAttribute('aria-level')) === level - 1) return rows[k].getAttribute('aria-label');
    return null;
  }, name);
}

/**
 * A drag in the page's own events (dragstart on the row, dragover on each row passed, then drop or
 * dragend), sharing one DataTransfer as a browser does: Playwright's mouse cannot be trusted to
 * deliver HTML5 dragover events on every move.
 */
export async function drag(page: Page, from: Locator) {
  const data = await page.evaluateHandle(() => new DataTransfer());
  await from.dispatchEvent('dragstart', { dataTransfer: data });
  return {
    over: (row: Locator) => row.dispatchEvent('dragover', { dataTransfer: data }),
    drop: async (row: Locator) => { await row.dispatchEvent('drop', { dataTransfer: data }); await from.dispatchEvent('dragend', { dataTransfer: data }); },
    cancel: () => from.dispatchEvent('dragend', { dataTransfer: data }),
  };
}

/** View > one of the tree's views (a radio item; choosing the checked one again goes back to Infrastructure). */
export async function chooseView(page: Page, label: string): Promise<void> {
  await page.getByRole('menuitem', { name: 'View', exact: true }).click();
  await page.getByRole('menuitemcheckbox', { name: label }).click();
}

/** A fresh page on the browser host with the simulator added as root, every tree row expanded. */
export async function connectExpanded(page: Page, hostUrl: string, simUrl: string): Promise<AppPage> {
  const app = new AppPage(page);
  await page.goto(hostUrl);
  await app.addServer(simUrl, 'root', 'xenroot');
  await expect(app.tree.getByRole('treeitem').first()).toBeVisible();
  await expandAll(app);
  return app;
}
