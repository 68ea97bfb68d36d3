// Screenshots of one screen at the sizes the product is checked at (the smallest supported window
// and a full-HD one); the page's viewport is restored afterwards.
import type { Page } from '@playwright/test';

export const SCREEN_SIZES = [{ width: 1024, height: 700 }, { width: 1920, height: 1080 }] as const;

export async function shotAtSizes(page: Page, name: string): Promise<void> {
  const before = page.viewportSize();
  for (const size of SCREEN_SIZES) {
    await page.setViewportSize(size);
    await page.screenshot({ path: `test-results/screens/${name}-${size.width}x${size.height}.png` });
  }
  if (before) await page.setViewportSize(before);
}
