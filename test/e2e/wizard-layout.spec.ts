// The New VM wizard with the keyboard and at the smallest window: after Next the page's first field has
// the focus and Enter goes on (from the template list too); no control is cut off and no error text
// leaves its box; disabled controls look disabled. Screenshots: test-results/screens/wizard-*.png.
import { test, expect, type Locator, type Page } from '@playwright/test';
import type { Simulator } from '../../simulator/index';
import type { RunningHost } from './support/web-host';
import { simulatorAndHostForFile } from './support/spec-servers';
import { AppPage } from './support/app-page';

let sim: Simulator;
let host: RunningHost;

simulatorAndHostForFile({ port: 0, hosts: 3, vms: 6, taskDurationMs: 300 }, (s, h) => { sim = s; host = h; });

const SIZES = [{ width: 1024, height: 700 }, { width: 1440, height: 900 }, { width: 1920, height: 1080 }];

/** Every shown select whose chosen option's text is wider than the select can show (name and widths). */
async function cutOff(scope: Locator): Promise<string[]> {
  return scope.locator('select:visible, input:visible').evaluateAll((els) => {
    const canvas = document.createElement('canvas').getContext('2d')!;
    const out: string[] = [];
    for (const el of els) {
      const cs = getComputedStyle(el);
      const inner = el.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight);
      canvas.font = `${cs.fontWeight} ${cs.fontSize} ${cs.fontFamily}`;
      let text = '';
      let room = inner;
      if (el instanceof HTMLSelectElement) { text = el.selectedOptions[0]?.text ?? ''; room = inner - 16; } // the arrow
      else if (el instanceof HTMLInputElement && ['text', 'search', 'number', ''].includes(el.type)) text = el.value;
      if (text && canvas.measureText(text).width > room + 0.5) out.push(`${el.getAttribute('aria-label') ?? el.id}: "${text}" in ${Math.round(room)}px`);
    }
    return out;
  });
}

/** Error texts whose box is wider than their parent box or whose text overflows them. */
async function escapedErrors(scope: Locator): Promise<string[]> {
  return scope.locator('.nvw-field-error, .wizard-problems, .wizard-warning').evaluateAll((els) => els.flatMap((el) => {
    const r = el.getBoundingClientRect();
    const box = (el.closest('.wizard-box, .wizard-page') ?? el.parentElement!).getBoundingClientRect();
    const out = el.scrollWidth > el.clientWidth + 1 || r.right > box.right + 0.5 || r.left < box.left - 0.5;
    return out ? [`${el.textContent}`] : [];
  }));
}

async function openWizard(page: Page): Promise<Locator> {
  const app = new AppPage(page);
  await page.goto(host.url);
  await expect(await app.addServer(sim.url, 'root', 'xenroot')).toBeHidden();
  await app.treeItem('Demo Pool').click();
  await app.toolbarButton('New VM').click();
  const wizard = page.getByRole('dialog', { name: 'New VM' });
  await expect(wizard).toBeVisible();
  return wizard;
}

test('after Next the first field has the focus and Enter goes on, from the template list too', async ({ page }) => {
  const wizard = await openWizard(page);
  const list = wizard.getByRole('listbox', { name: 'Templates' });
  await list.getByRole('option', { name: 'Debian Bookworm 12' }).click();
  await expect(list).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(wizard.getByRole('heading', { name: 'Name the new VM' })).toBeVisible();
  const name = wizard.getByLabel('Name', { exact: true });
  await expect(name).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(wizard.getByRole('heading', { name: 'Locate the operating system installation media' })).toBeVisible();
  // The chosen method's radio: Enter does not go on while its ISO is missing, and does once it is chosen.
  await expect(wizard.getByRole('radio', { name: 'Install from an ISO library' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(wizard.getByRole('heading', { name: 'Locate the operating system installation media' })).toBeVisible();
  await wizard.getByLabel('ISO image').selectOption({ index: 1 });
  await wizard.getByLabel('ISO image').press('Enter');
  await expect(wizard.getByRole('heading', { name: 'Choose a home server' })).toBeVisible();
  await expect(wizard.getByRole('radio', { name: /Don.t assign a home server/ })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(wizard.getByRole('heading', { name: 'Allocate processor and memory resources' })).toBeVisible();
  await expect(wizard.getByLabel('Number of vCPUs')).toBeFocused();
  // Back also lands on the page's first field.
  await wizard.getByRole('button', { name: '< Back' }).click();
  await expect(wizard.getByRole('radio', { name: /Don.t assign a home server/ })).toBeFocused();
});

test('no control is cut off, no error leaves its box, disabled controls look disabled, at three sizes', async ({ page }) => {
  await page.setViewportSize(SIZES[0]);
  const wizard = await openWizard(page);
  // Disabled looks disabled: Back on the first page beside the enabled Cancel.
  const look = (l: Locator) => l.evaluate((e) => { const cs = getComputedStyle(e); return `${cs.color}|${cs.backgroundColor}|${cs.opacity}|${cs.borderColor}`; });
  const back = wizard.getByRole('button', { name: '< Back' });
  await expect(back).toBeDisabled();
  expect(await look(back)).not.toBe(await look(wizard.getByRole('button', { name: 'Cancel' })));
  await wizard.getByRole('listbox', { name: 'Templates' }).getByRole('option', { name: 'Debian Bookworm 12' }).click();
  await wizard.getByRole('button', { name: 'Next >' }).click();
  await wizard.getByRole('button', { name: 'Next >' }).click();
  // A disabled select (the ISO list with "No installation media" chosen) against an enabled one.
  await wizard.getByRole('radio', { name: /No installation media/ }).check();
  await expect(wizard.getByLabel('ISO image')).toBeDisabled();
  const isoLook = await look(wizard.getByLabel('ISO image'));
  await wizard.getByRole('radio', { name: 'Install from an ISO library' }).check();
  expect(await look(wizard.getByLabel('ISO image'))).not.toBe(isoLook);
  await wizard.getByLabel('ISO image').selectOption({ index: 1 });
  await wizard.getByRole('button', { name: 'Next >' }).click();
  await wizard.getByRole('button', { name: 'Next >' }).click();
  await expect(wizard.getByRole('heading', { name: 'Allocate processor and memory resources' })).toBeVisible();
  // Too many vCPUs for the template (a long message with an error code), a dynamic minimum above the maximum.
  await wizard.getByLabel('Number of vCPUs').fill('64');
  await wizard.getByLabel('Dynamic minimum').fill('8192');
  await expect(wizard.locator('.nvw-field-error').first()).toBeVisible();
  for (const size of SIZES) {
    await page.setViewportSize(size);
    await page.screenshot({ path: `test-results/screens/wizard-cpu-${size.width}x${size.height}.png` });
    expect(await cutOff(wizard), `${size.width}x${size.height}`).toEqual([]);
    expect(await escapedErrors(wizard), `${size.width}x${size.height}`).toEqual([]);
  }
  await wizard.getByLabel('Number of vCPUs').fill('2');
  await wizard.getByLabel('Dynamic minimum').fill('1024');
  await wizard.getByRole('button', { name: 'Next >' }).click();
  await expect(wizard.getByRole('heading', { name: 'Configure storage for the new VM' })).toBeVisible();
  for (const size of SIZES) {
    await page.setViewportSize(size);
    expect(await cutOff(wizard), `storage ${size.width}x${size.height}`).toEqual([]);
  }
  await wizard.getByRole('button', { name: 'Next >' }).click();
  await wizard.getByLabel('Interface 0 MAC address').fill('02:00:00:12:34:56:78:9a:bc:de:f0:12');
  await expect(wizard.getByRole('status')).toContainText('Interface 0');
  for (const size of SIZES) {
    await page.setViewportSize(size);
    await page.screenshot({ path: `test-results/screens/wizard-network-${size.width}x${size.height}.png` });
    expect(await escapedErrors(wizard), `networking ${size.width}x${size.height}`).toEqual([]);
  }
  await wizard.getByLabel('Interface 0 MAC address').fill('');
  await wizard.getByRole('button', { name: 'Add interface' }).click();
  for (const size of SIZES) {
    await page.setViewportSize(size);
    expect(await cutOff(wizard), `networking ${size.width}x${size.height}`).toEqual([]);
    // Row headers and buttons stay on one line.
    const tall = await wizard.locator('.nvw-table th[scope="row"], button:visible').evaluateAll((els) => els
      .filter((e) => e.getBoundingClientRect().height > 2.2 * parseFloat(getComputedStyle(e).fontSize) + 14).map((e) => e.textContent));
    expect(tall, `networking ${size.width}x${size.height}`).toEqual([]);
  }
});
