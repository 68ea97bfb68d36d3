// The offline half of `npm run check:builder`: what electron-builder's own schema does not check,
// checked against our intent (docs/packaging.md). Each function returns the problems it found, in
// words; none touches the network. Used by scripts/check-builder.mjs and test/unit/builder-config.test.ts.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import yaml from 'js-yaml';
import { minimatch } from 'minimatch';
import { ICON_SIZES } from './icon-sizes.mjs';

/** Windows .ico sizes (the shell picks 16..256 by DPI); macOS .icns and Linux take the PNGs. */
export const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256];

export function readBuilderConfig(file) {
  return yaml.load(readFileSync(file, 'utf8'));
}

const list = (v) => (v === undefined || v === null ? [] : Array.isArray(v) ? v : [v]);
const targetNames = (platform) => list(platform?.target).map((t) => (typeof t === 'string' ? t : t?.target));

/** Targets, Windows per-user install, macOS hardening, Linux package metadata, .xva association. */
export function checkTargets(cfg) {
  const problems = [];
  if (!/^[a-z][a-z0-9-]*(\.[a-z0-9-]+){2,}$/.test(cfg.appId ?? '')) problems.push(`appId "${cfg.appId}" is not a reverse-DNS id`);
  if (!cfg.productName) problems.push('productName is missing');
  const want = { win: ['nsis'], mac: ['dmg', 'zip'], linux: ['AppImage', 'deb', 'rpm'] };
  for (const [os, targets] of Object.entries(want)) {
    const have = targetNames(cfg[os]);
    for (const t of targets) if (!have.includes(t)) problems.push(`${os}.target lacks ${t}`);
  }
  const nsis = cfg.nsis ?? {};
  if (nsis.oneClick !== false) problems.push('nsis.oneClick must be false (the per-user installer shows its pages)');
  if (nsis.perMachine !== false) problems.push('nsis.perMachine must be false (installs per user)');
  if (nsis.allowElevation !== false) problems.push('nsis.allowElevation must be false (a per-user install never asks for admin rights)');
  const mac = cfg.mac ?? {};
  if (mac.hardenedRuntime !== true) problems.push('mac.hardenedRuntime must be true (notarization requires it)');
  if (!cfg.afterSign) problems.push('afterSign (the notarization hook) is missing');
  const linux = cfg.linux ?? {};
  if (!/<[^@>\s]+@[^>\s]+>/.test(linux.maintainer ?? '')) problems.push('linux.maintainer must be "Name <email>" (deb and rpm require it)');
  if (!linux.category) problems.push('linux.category is missing');
  const entry = linux.desktop?.entry ?? {};
  for (const k of ['Name', 'Comment', 'Categories']) if (!entry[k]) problems.push(`linux.desktop.entry.${k} is missing`);
  if (entry.Categories && !String(entry.Categories).split(';').includes(linux.category)) problems.push(`linux.desktop.entry.Categories does not include the main category ${linux.category}`);
  const xva = list(cfg.fileAssociations).find((a) => list(a.ext).includes('xva'));
  if (!xva) problems.push('no file association for .xva');
  else {
    if (xva.name !== 'XVA') problems.push(`the .xva association is named "${xva.name}", not "XVA"`);
    if (xva.description !== 'XenServer VM export') problems.push('the .xva association lacks the description "XenServer VM export"');
    if (xva.mimeType && !list(linux.mimeTypes).includes(xva.mimeType)) problems.push(`linux.mimeTypes lacks ${xva.mimeType}`);
  }
  return problems;
}

/** Files the config points at: entitlements (only allow-jit), the afterSign hook, icons at each size. */
export function checkResources(cfg, root) {
  const problems = [];
  const at = (rel) => path.resolve(root, rel);
  const res = (rel) => path.resolve(root, cfg.directories?.buildResources ?? 'build', rel);
  const mac = cfg.mac ?? {};
  for (const key of ['entitlements', 'entitlementsInherit']) {
    if (!mac[key]) { problems.push(`mac.${key} is missing`); continue; }
    if (!existsSync(at(mac[key]))) { problems.push(`mac.${key}: ${mac[key]} does not exist`); continue; }
    const keys = [...readFileSync(at(mac[key]), 'utf8').replace(/<!--[\s\S]*?-->/g, '').matchAll(/<key>([^<]+)<\/key>/g)].map((m) => m[1]);
    if (!keys.includes('com.apple.security.cs.allow-jit')) problems.push(`${mac[key]} lacks com.apple.security.cs.allow-jit (V8's JIT)`);
    const extra = keys.filter((k) => k !== 'com.apple.security.cs.allow-jit');
    if (extra.length) problems.push(`${mac[key]} grants more than the JIT needs: ${extra.join(', ')}`);
  }
  if (cfg.afterSign) {
    if (!existsSync(at(cfg.afterSign))) problems.push(`afterSign: ${cfg.afterSign} does not exist`);
    else if (typeof createRequire(import.meta.url)(at(cfg.afterSign)) !== 'function') problems.push(`afterSign: ${cfg.afterSign} does not export a function`);
  }
  const pngDir = at(cfg.linux?.icon ?? 'build/icons');
  for (const n of ICON_SIZES) {
    const file = path.join(pngDir, `${n}x${n}.png`);
    if (!existsSync(file)) { problems.push(`icon ${path.relative(root, file)} is missing`); continue; }
    const size = pngSize(readFileSync(file));
    if (!size || size.width !== n || size.height !== n) problems.push(`icon ${path.relative(root, file)} is not ${n}x${n}`);
  }
  const ico = res(cfg.win?.icon ?? 'icon.ico');
  if (!existsSync(ico)) problems.push(`Windows icon ${path.relative(root, ico)} is missing`);
  else {
    const sizes = icoSizes(readFileSync(ico));
    const lacking = ICO_SIZES.filter((n) => !sizes.includes(n));
    if (lacking.length) problems.push(`${path.relative(root, ico)} lacks the sizes ${lacking.join(', ')}`);
  }
  const icns = res(cfg.mac?.icon ?? 'icon.icns');
  if (!existsSync(icns)) problems.push(`macOS icon ${path.relative(root, icns)} is missing`);
  else if (readFileSync(icns).subarray(0, 4).toString('latin1') !== 'icns') problems.push(`${path.relative(root, icns)} is not an .icns file`);
  return problems;
}

/** Width and height from a PNG's IHDR, or undefined when it is not a PNG. */
export function pngSize(buf) {
  if (buf.length < 24 || buf.readUInt32BE(0) !== 0x89504e47 || buf.subarray(12, 16).toString('latin1') !== 'IHDR') return undefined;
  return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) };
}

/** The square sizes in an .ico's directory (a stored 0 means 256). */
export function icoSizes(buf) {
  if (buf.length < 6 || buf.readUInt16LE(0) !== 0 || buf.readUInt16LE(2) !== 1) return [];
  const out = [];
  for (let i = 0; i < buf.readUInt16LE(4) && 6 + 16 * (i + 1) <= buf.length; i++) {
    const w = buf[6 + 16 * i] || 256;
    const h = buf[7 + 16 * i] || 256;
    if (w === h) out.push(w);
  }
  return out;
}

/** Every file under `dir`, as paths relative to `base` with forward slashes. */
export function listFiles(dir, base = dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? listFiles(p, base) : [path.relative(base, p).split(path.sep).join('/')];
  });
}

/** The files `files` selects, electron-builder's way: patterns in order, a "!" pattern takes back. */
export function selectFiles(patterns, files) {
  return files.filter((f) => {
    let inc = false;
    for (const p of list(patterns)) {
      if (p.startsWith('!')) { if (inc && minimatch(f, p.slice(1), { dot: true })) inc = false; }
      else if (!inc && minimatch(f, p, { dot: true })) inc = true;
    }
    return inc;
  });
}

/**
 * What the package would hold, given a project folder `appRoot` with a built dist/: main, preload,
 * the page and package.json, and nothing else of ours (no maps, metafiles, browser host, sources).
 */
export function checkPackagedFiles(cfg, appRoot, mainEntry) {
  const problems = [];
  const selected = selectFiles(cfg.files, listFiles(appRoot).filter((f) => !f.startsWith('node_modules/')));
  for (const need of [mainEntry, 'dist/electron/preload.cjs', 'dist/renderer/index.html', 'package.json']) {
    if (!selected.includes(need)) problems.push(`the package would lack ${need}`);
  }
  const allowed = /^(dist\/electron\/(main|preload|demo-pool)\.cjs|dist\/renderer\/.+\.(html|js|css|svg|png|woff2?|ttf|ico)|package\.json)$/;
  for (const f of selected) {
    if (f.endsWith('.map')) problems.push(`the package would ship the source map ${f}`);
    else if (!allowed.test(f)) problems.push(`the package would ship ${f}, which the desktop app does not use`);
  }
  return { problems, selected };
}
