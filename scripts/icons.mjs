// `npm run icons`: renders build/icon.svg (the one source) into every size the installers need:
// build/icons/<n>x<n>.png for n in ICON_SIZES (Linux reads this folder; 512 and 1024 also serve
// macOS), build/icon.ico (Windows: 16..256 in one file) and build/icon.icns (macOS).
// The outputs are committed (see docs/packaging.md): `npm run dist` then needs no native renderer,
// and scripts/check-builder.mjs checks they exist at each size and are not older than the SVG.
// Usage: node scripts/icons.mjs [--check]   (--check: exit 1 if a committed file differs from a fresh render)
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Resvg } from '@resvg/resvg-js';
import png2icons from 'png2icons';
import { ICON_SIZES } from './icon-sizes.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const svg = readFileSync(path.join(root, 'build/icon.svg'));
const check = process.argv.includes('--check');

const render = (size) => new Resvg(svg, { fitTo: { mode: 'width', value: size }, background: 'rgba(0,0,0,0)' }).render().asPng();

const outputs = new Map();
for (const size of ICON_SIZES) outputs.set(`build/icons/${size}x${size}.png`, render(size));
// png2icons scales one large PNG down itself (bicubic); it gets the 1024 render.
const master = outputs.get('build/icons/1024x1024.png');
const ico = png2icons.createICO(master, png2icons.BICUBIC2, 0, false, true);
const icns = png2icons.createICNS(master, png2icons.BICUBIC2, 0);
if (!ico || !icns) throw new Error('png2icons could not encode the icon');
outputs.set('build/icon.ico', ico);
outputs.set('build/icon.icns', icns);

let stale = 0;
mkdirSync(path.join(root, 'build/icons'), { recursive: true });
for (const [rel, bytes] of outputs) {
  const file = path.join(root, rel);
  if (check) {
    let old;
    try { old = readFileSync(file); } catch { old = undefined; }
    if (!old || !old.equals(bytes)) { stale++; console.error(`icons: ${rel} is missing or not rendered from build/icon.svg`); }
  } else {
    writeFileSync(file, bytes);
  }
}
if (check && stale) { console.error('icons: run `npm run icons` and commit the result'); process.exit(1); }
console.log(check ? `icons: ${outputs.size} files match build/icon.svg` : `icons: wrote ${outputs.size} files from build/icon.svg`);
