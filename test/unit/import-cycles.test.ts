// No import cycles (ARCHITECTURE.md): a module that imports, at run time, a module that imports it
// back sees that module half-initialised (a `const` handler table read before its definition
// throws), and the two can no longer be understood or moved apart. Type-only imports vanish when
// compiled and do not count. The lint rule local/no-import-cycle reports the same per file; this
// test checks the whole tree at once and prints every cycle found.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { ImportGraph, importCycles, sourceFiles } from '../../scripts/import-graph.mjs';
import { repoRoot } from '../support/repo-root';

const FOLDERS = ['simulator', 'electron', 'shared', 'renderer', 'scripts', 'test'];

describe('the import graph', () => {
  it('has no cycle in simulator/, electron/, shared/, renderer/, scripts/ or test/', () => {
    const graph = new ImportGraph();
    const files = sourceFiles(repoRoot, FOLDERS);
    expect(files.length).toBeGreaterThan(100);
    const cycles = importCycles(graph, files).map((group) => {
      const chain = graph.cycleThrough(group[0]) ?? group;
      return `${group.length} files, e.g. ${chain.map((f) => relative(repoRoot, f)).join(' -> ')}`;
    });
    expect(cycles).toEqual([]);
  // Parses every source file once: seconds on a loaded 2-core machine, so a generous bound.
  }, 60_000);

  it('has no cycle in simulator/ even through type-only imports: state, rules and codecs sit below what uses them', () => {
    const graph = new ImportGraph({ types: true });
    const inSimulator = (f: string) => relative(repoRoot, f).startsWith('simulator/');
    const cycles = importCycles(graph, sourceFiles(repoRoot, ['simulator'])).filter((group) => group.some(inSimulator)).map((group) =>
      (graph.cycleThrough(group[0]) ?? group).map((f) => relative(repoRoot, f)).join(' -> '));
    expect(cycles).toEqual([]);
  });
});

describe('the cycle finder', () => {
  let dir = '';
  const write = (name: string, text: string) => {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  };
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'import-cycles-'));
    // a -> b -> c -> a at run time; d <-> e by types only; f -> g -> f through a dynamic import and a folder index.
    write('a.ts', "import { b } from './b';\nexport const a = b;\n");
    write('b.ts', "export { c as b } from './c';\n");
    write('c.ts', "import { a } from './a';\nexport const c = 1; void a;\n");
    write('d.ts', "import type { E } from './e';\nexport type D = E;\n");
    write('e.ts', "import { type D } from './d';\nexport type E = D | 1;\n");
    write('f.tsx', "export const f = () => import('./g');\n");
    write('g/index.ts', "import { f } from '../f';\nimport './style.css';\nimport 'node:fs';\nexport const g = f;\n");
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('finds run-time cycles, through re-exports, dynamic imports and folder indexes', () => {
    const graph = new ImportGraph();
    const groups = importCycles(graph, sourceFiles(dir, ['.'])).map((g) => g.map((f) => relative(dir, f)));
    expect(groups).toEqual(expect.arrayContaining([['a.ts', 'b.ts', 'c.ts'], ['f.tsx', 'g/index.ts']]));
    expect(groups).toHaveLength(2);
    expect(graph.cycleThrough(join(dir, 'b.ts'))?.map((f) => relative(dir, f))).toEqual(['b.ts', 'c.ts', 'a.ts', 'b.ts']);
  });

  it('ignores imports of types only, unless asked to count them', () => {
    expect(new ImportGraph().cycleThrough(join(dir, 'd.ts'))).toBeUndefined();
    expect(new ImportGraph({ types: true }).cycleThrough(join(dir, 'd.ts'))?.map((f) => relative(dir, f))).toEqual(['d.ts', 'e.ts', 'd.ts']);
  });
});
