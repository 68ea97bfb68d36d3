// Types of icon-sizes.mjs.
export const ICON_SIZES: number[];
