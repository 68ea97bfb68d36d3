// Static Electron security scan (npm run security, part of npm test). Runs @doyensec/electronegativity
// on the main-process sources (TypeScript is parsed directly) and on the renderer's index.html (its
// CSP meta tag), then fails on every finding that security/electronegativity-allowlist.json does not
// explain. An allowlist entry matches on check + file (+ optional `sample` substring of the flagged
// code), never on a line number, so edits elsewhere in a file do not invalidate reviews; an entry
// that no longer matches anything is reported as stale (and fails the run) so the list stays reviewed.
import { createRequire } from 'node:module';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const run = require('@doyensec/electronegativity');
const electronVersion = JSON.parse(readFileSync(path.join(root, 'node_modules/electron/package.json'), 'utf8')).version;

/**
 * What is scanned, relative to the repo root. They are copied into one temporary tree and scanned
 * in one run, because the tool's global checks (navigation limits, permission handler, CSP) judge
 * the whole app: scanning index.html alone would report the handlers in electron/ as missing.
 */
const TARGETS = ['electron', 'renderer/index.html'];

const allowlistPath = path.join(root, 'security/electronegativity-allowlist.json');
const allowlist = JSON.parse(readFileSync(allowlistPath, 'utf8'));
if (!Array.isArray(allowlist.entries)) throw new Error(`${allowlistPath}: expected { "entries": [...] }`);
for (const [i, e] of allowlist.entries.entries()) {
  if (typeof e.check !== 'string' || typeof e.file !== 'string' || typeof e.reason !== 'string' || e.reason.trim().length < 40) {
    throw new Error(`${allowlistPath}: entry ${i} needs "check", "file" and a specific "reason" (at least 40 characters)`);
  }
}

// The tool prints progress and "could not fetch translations/releases" notes on its own; keep our
// output to the summary and the findings.
const quiet = async (fn) => {
  const { log, warn, error } = console;
  console.log = console.warn = console.error = () => {};
  try { return await fn(); } finally { Object.assign(console, { log, warn, error }); }
};

const findings = [];
const parseErrors = [];
const scanRoot = mkdtempSync(path.join(os.tmpdir(), 'xc-electronegativity-'));
try {
  for (const target of TARGETS) cpSync(path.join(root, target), path.join(scanRoot, target), { recursive: true });
  const res = await quiet(() => run({
    input: scanRoot, output: undefined, isSarif: false, customScan: [], excludeFromScan: [], severitySet: undefined,
    confidenceSet: undefined, isRelative: false, isVerbose: true, electronUpgrade: undefined,
    electronVersionOverride: electronVersion, parserPlugins: [],
  }, false));
  const rel = (file) => (file && path.isAbsolute(file) ? path.relative(scanRoot, file).split(path.sep).join('/') : String(file ?? 'N/A'));
  for (const err of res.errors) if (!err.tolerable) parseErrors.push(`${rel(err.file)}: ${err.message}`);
  for (const issue of res.issues) {
    findings.push({
      check: issue.id,
      file: rel(issue.file),
      line: issue.location?.line,
      column: issue.location?.column,
      sample: String(issue.sample ?? '').replace(/\s+/g, ' ').trim(),
      severity: issue.severity?.name ?? String(issue.severity?.value ?? ''),
      description: issue.description,
    });
  }
} finally {
  rmSync(scanRoot, { recursive: true, force: true });
}

const matches = (e, f) => e.check === f.check && e.file === f.file && (e.sample === undefined || f.sample.includes(e.sample));
const used = new Set();
const unexplained = [];
for (const f of findings) {
  const i = allowlist.entries.findIndex((e) => matches(e, f));
  if (i < 0) unexplained.push(f);
  else used.add(i);
}
const stale = allowlist.entries.filter((_e, i) => !used.has(i));

for (const f of unexplained) {
  console.error(`NOT ALLOWED ${f.check} ${f.file}:${f.line}:${f.column} [${f.severity}] ${f.description}\n    ${f.sample.slice(0, 200)}`);
}
for (const e of stale) console.error(`STALE allowlist entry (matches no finding any more, remove it): ${e.check} ${e.file}`);
for (const e of parseErrors) console.error(`PARSE ERROR (file not scanned): ${e}`);

const ok = unexplained.length === 0 && stale.length === 0 && parseErrors.length === 0;
console.log(`electronegativity ${electronVersion === undefined ? '' : `(Electron ${electronVersion}) `}on ${TARGETS.join(', ')}: ` +
  `${findings.length} finding(s), ${findings.length - unexplained.length} explained by the allowlist, ${unexplained.length} not allowed, ` +
  `${stale.length} stale allowlist entr${stale.length === 1 ? 'y' : 'ies'}, ${parseErrors.length} parse error(s) — ${ok ? 'OK' : 'FAILED'}`);
process.exit(ok ? 0 : 1);
