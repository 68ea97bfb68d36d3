// `npm run typecheck`: type-checks each project that tsconfig.json references, one per runtime
// (shared/, renderer/, Node, the preload, test/), so each is checked with its own runtime's
// globals: the renderer without Node's types, main without the DOM. (They are not composite
// projects: tests import sources from several runtimes, which `tsc -b` would require to be
// emitted declarations.) Usage: node scripts/typecheck.mjs [tsconfig.json]
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import ts from 'typescript';

const solution = path.resolve(process.argv[2] ?? 'tsconfig.json');
const read = ts.readConfigFile(solution, ts.sys.readFile);
if (read.error) {
  console.error(`typecheck: ${ts.flattenDiagnosticMessageText(read.error.messageText, '\n')}`);
  process.exit(2);
}
const refs = (read.config.references ?? []).map((r) => path.resolve(path.dirname(solution), r.path));
if (refs.length === 0) {
  console.error(`typecheck: ${path.relative('.', solution)} references no project`);
  process.exit(2);
}
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const failed = [];
for (const ref of refs) {
  const r = spawnSync(process.execPath, [tsc, '-p', ref, '--noEmit'], { stdio: 'inherit' });
  if (r.status !== 0) failed.push(path.relative('.', ref) || '.');
}
if (failed.length > 0) {
  console.error(`typecheck: errors in ${failed.join(', ')}`);
  process.exit(1);
}
console.log(`typecheck: ${refs.length} projects ok (${refs.map((r) => path.relative('.', r)).join(', ')})`);
