// `npm run check:builder` (part of npm test), in two halves.
// 1. Offline checks of our intent (scripts/builder-config-check.mjs): every target, the per-user
//    installer, macOS hardening and entitlements, Linux package metadata, the .xva association, the
//    icons at each size (and that they are rendered from build/icon.svg), and the packaged file list:
//    what `files` selects from a fresh build of dist/ in a scratch folder.
// 2. Runs electron-builder on the real configuration up
// to packaging (`--dir`) and passes only if the builder got past its configuration validation and
// stopped at the Electron download, the one step this machine cannot do. Deterministic and
// offline: Electron's mirror (and electron-builder's own binaries mirror, which its Go helper
// reads) is a server on 127.0.0.1 that records the request and answers 404, the download cache is
// keyed by that one-off mirror URL (never a hit), the update notifier is off, and loopback-only.mjs
// refuses any connection a Node process of the builder opens outside 127.0.0.0/8 (a failure here).
// Usage: node scripts/check-builder.mjs [--config build/electron-builder.yml]
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { BLOCKED_MARK } from './loopback-only.mjs';
import { checkPackagedFiles, checkResources, checkTargets, readBuilderConfig } from './builder-config-check.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const configArg = argv.indexOf('--config');
const config = path.resolve(configArg >= 0 ? argv[configArg + 1] ?? '' : path.join(root, 'build/electron-builder.yml'));
const TIMEOUT_MS = 120_000;

const fail = (why, output = '') => {
  if (output) process.stderr.write(`${output.trimEnd()}\n`);
  console.error(`check-builder: FAIL: ${why}`);
  process.exit(1);
};

// Half 1: our own checks, before the builder runs.
const cfg = readBuilderConfig(config);
const problems = [...checkTargets(cfg), ...checkResources(cfg, root)];
const icons = spawnSync(process.execPath, [path.join(root, 'scripts/icons.mjs'), '--check'], { cwd: root, encoding: 'utf8' });
if (icons.status !== 0) problems.push(`icons are not rendered from build/icon.svg: ${(icons.stderr || icons.stdout).trim()}`);
// The file list is judged on a fresh build (never a stale dist/), made in a scratch folder.
const scratch = mkdtempSync(path.join(os.tmpdir(), 'check-builder-dist-'));
const run = (args) => spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8' });
const builds = [
  run([path.join(root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'error', '--outDir', path.join(scratch, 'dist/renderer'), '--emptyOutDir']),
  run([path.join(root, 'scripts/build-main.mjs'), '--outdir', path.join(scratch, 'dist')]),
];
const failedBuild = builds.find((b) => b.status !== 0);
if (failedBuild) { rmSync(scratch, { recursive: true, force: true }); fail('the app did not build', `${failedBuild.stdout}${failedBuild.stderr}`); }
copyFileSync(path.join(root, 'package.json'), path.join(scratch, 'package.json'));
const mainEntry = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).main;
const packaged = checkPackagedFiles(cfg, scratch, mainEntry);
rmSync(scratch, { recursive: true, force: true });
problems.push(...packaged.problems);
if (problems.length) fail(`the configuration does not do what docs/packaging.md says:\n  ${problems.join('\n  ')}`);
console.log(`check-builder: targets, installer options, entitlements, icons and .xva association as intended; the package would hold ${packaged.selected.length} files (${packaged.selected.filter((f) => !f.startsWith('dist/renderer/assets/')).join(', ')} and the page's assets)`);

// Half 2: electron-builder itself, up to the Electron download.
const electronVersion = JSON.parse(readFileSync(path.join(root, 'node_modules/electron/package.json'), 'utf8')).version;
const builderVersion = JSON.parse(readFileSync(path.join(root, 'node_modules/electron-builder/package.json'), 'utf8')).version;
const zip = `electron-v${electronVersion}-${process.platform}-${process.arch}.zip`;

// The bogus mirror: every request is recorded and refused at once, so nothing waits on it.
const requests = [];
const mirror = createServer((req, res) => { requests.push(req.url ?? ''); res.writeHead(404).end(); });
await new Promise((resolve) => mirror.listen(0, '127.0.0.1', resolve));
const mirrorUrl = `http://127.0.0.1:${mirror.address().port}/`;

const tmp = mkdtempSync(path.join(os.tmpdir(), 'check-builder-'));
const env = { ...process.env };
// No proxy (loopback is reached directly), and none of Vitest's variables: under VITEST the builder
// logs differently, and the check must read the same output wherever it runs.
for (const k of Object.keys(env)) if (/^(https?|all|no)_proxy$/i.test(k) || /^(npm_config_)?(https?-)?proxy$/i.test(k) || /^VITEST/.test(k)) delete env[k];
Object.assign(env, {
  ELECTRON_SKIP_BINARY_DOWNLOAD: '1',
  ELECTRON_MIRROR: mirrorUrl,
  ELECTRON_BUILDER_BINARIES_MIRROR: mirrorUrl,
  electron_config_cache: path.join(tmp, 'cache'),
  NO_UPDATE_NOTIFIER: '1',
  FORCE_COLOR: '0',
  NODE_OPTIONS: `${env.NODE_OPTIONS ?? ''} --import=${pathToFileURL(path.join(root, 'scripts/loopback-only.mjs')).href}`.trim(),
});

const child = spawn(process.execPath, [
  path.join(root, 'node_modules/electron-builder/cli.js'), '--dir', '--config', config,
  // Output to a scratch folder: the check never leaves a half-packaged app in dist/.
  `-c.directories.output=${path.join(tmp, 'out')}`,
], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
let output = '';
let fatal = false;
// The CLI prints its fatal error (with the stack, in one write) as its very last act; after a failed
// download it would then idle 30 s on @electron/get's progress-bar timer, which is never cleared on
// error. So stop it as soon as that error is out: its exit code would have been 1.
const onData = (d) => {
  output += d;
  if (!fatal && /^\s*⨯[^\n]*\n/m.test(output)) { fatal = true; child.kill('SIGTERM'); }
};
child.stdout.on('data', onData);
child.stderr.on('data', onData);
const timer = setTimeout(() => child.kill('SIGKILL'), TIMEOUT_MS);
const exit = await new Promise((resolve) => child.on('close', (c, signal) => resolve({ c, signal })));
clearTimeout(timer);
const code = fatal ? 1 : exit.signal ? null : exit.c;
mirror.close();
rmSync(tmp, { recursive: true, force: true });

if (code === null) fail(`electron-builder did not finish within ${TIMEOUT_MS / 1000} s`, output);
if (output.includes(BLOCKED_MARK)) fail('electron-builder tried to reach a host outside loopback', output);
const configError = output.match(/Invalid configuration[^\n]*|configuration has an unknown property[^\n]*|InvalidConfigurationError[^\n]*/i);
if (configError) fail(`configuration rejected: ${configError[0].trim()}`, output);
const downloaded = requests.some((u) => u.endsWith(`/${zip}`));
if (!downloaded) fail(`electron-builder stopped before packaging (it never asked for ${zip}; exit code ${code})`, output);
// The only error allowed is that download's 404 from the bogus mirror.
const errors = output.split('\n').filter((l) => /^\s*⨯/.test(l));
const other = errors.filter((l) => !(l.includes('404') && l.includes(zip)));
if (code !== 0 && (errors.length === 0 || other.length > 0)) fail(`electron-builder stopped on something other than the Electron download: ${(other[0] ?? `exit code ${code}`).trim()}`, output);
for (const w of output.split('\n').filter((l) => /is missed|Please specify|deprecated/i.test(l))) fail(`electron-builder asks for a fix: ${w.trim()}`, output);
console.log(`check-builder: electron-builder ${builderVersion} accepted ${path.relative(root, config)} and reached packaging (stopped, as expected offline, at the download of ${zip})`);
