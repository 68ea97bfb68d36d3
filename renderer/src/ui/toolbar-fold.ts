// Pure: how many of a toolbar's items fit on one row, the rest going into its "more" (») menu.

/**
 * `widths`: each item's width (gaps included), in order; `available`: the toolbar's inner width;
 * `moreWidth`: the » button's. All fit: every item shows and no » button. Otherwise as many items as
 * fit beside the » button (items fold from the end, as Windows toolbars do).
 */
export function foldCount(widths: readonly number[], available: number, moreWidth: number): number {
  const total = widths.reduce((a, b) => a + b, 0);
  if (total <= available) return widths.length;
  let used = moreWidth;
  let n = 0;
  while (n < widths.length && used + widths[n] <= available) used += widths[n++];
  return n;
}
