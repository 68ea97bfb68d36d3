// The icon sizes rendered from build/icon.svg (scripts/icons.mjs) and required by the builder check.
export const ICON_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024];
