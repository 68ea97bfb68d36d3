// One tsconfig per runtime under the solution tsconfig.json (npm run typecheck checks each): the
// renderer is checked without Node's types, the main process without the DOM, shared/ with
// neither, and every source file is in some project. Probes are compiled in memory with each
// project's own options, so this runs in a second or two.
import { readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../support/repo-root';

function parse(configPath: string): ts.ParsedCommandLine {
  const host: ts.ParseConfigFileHost = { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => { throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n')); } };
  const p = ts.getParsedCommandLineOfConfigFile(resolve(repoRoot, configPath), {}, host);
  if (!p) throw new Error(`cannot read ${configPath}`);
  return p;
}

const solution = parse('tsconfig.json');
const projects = Object.fromEntries((solution.projectReferences ?? []).map((r) => {
  const file = ts.resolveProjectReferencePath(r);
  return [relative(repoRoot, file).split('\\').join('/'), parse(file)];
}));

/** The error codes of `source` compiled alone (in a file beside the project's config) with the project's options. */
function errorsOf(project: string, source: string): number[] {
  const p = projects[project];
  const dir = resolve(repoRoot, project, '..');
  const probe = join(dir, '__runtime_probe__.ts');
  const host = ts.createCompilerHost(p.options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, lang, ...rest) => (resolve(name) === probe ? ts.createSourceFile(name, source, lang) : getSourceFile(name, lang, ...rest));
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (name) => resolve(name) === probe || fileExists(name);
  const program = ts.createProgram({ rootNames: [probe], options: { ...p.options, noEmit: true }, host });
  return ts.getPreEmitDiagnostics(program).filter((d) => d.file?.fileName && resolve(d.file.fileName) === probe).map((d) => d.code);
}

const usesNode = 'export const home = process.env.HOME; export const b = Buffer.from("x");';
const usesDom = 'export const title = document.title; export const w = window.innerWidth;';

describe('one tsconfig per runtime', () => {
  it('the solution lists the shared, renderer, Node, preload and test projects', () => {
    expect(Object.keys(projects).sort()).toEqual(['renderer/tsconfig.json', 'shared/tsconfig.json', 'test/tsconfig.json', 'tsconfig.node.json', 'tsconfig.preload.json']);
  }, 30_000);

  it('renderer code cannot use Node (process, Buffer), and can use the DOM', () => {
    expect(errorsOf('renderer/tsconfig.json', usesNode).length).toBeGreaterThanOrEqual(2);
    expect(errorsOf('renderer/tsconfig.json', usesDom)).toEqual([]);
  }, 30_000);

  it('main-process code cannot use the DOM (document, window), and can use Node', () => {
    expect(errorsOf('tsconfig.node.json', usesDom).length).toBeGreaterThanOrEqual(2);
    expect(errorsOf('tsconfig.node.json', usesNode)).toEqual([]);
  }, 30_000);

  it('shared/ can use neither', () => {
    expect(errorsOf('shared/tsconfig.json', usesNode).length).toBeGreaterThanOrEqual(2);
    expect(errorsOf('shared/tsconfig.json', usesDom).length).toBeGreaterThanOrEqual(2);
  }, 30_000);

  it('every source file is in a project, and each runtime folder in its own', () => {
    const owner = new Map<string, string[]>();
    for (const [name, p] of Object.entries(projects)) {
      for (const f of p.fileNames) {
        const rel = relative(repoRoot, f).split('\\').join('/');
        owner.set(rel, [...(owner.get(rel) ?? []), name]);
      }
    }
    const sources = (dir: string): string[] => readdirSync(resolve(repoRoot, dir)).flatMap((e) => {
      const rel = `${dir}/${e}`;
      if (statSync(resolve(repoRoot, rel)).isDirectory()) return sources(rel);
      return /\.tsx?$/.test(e) ? [rel] : [];
    });
    const all = ['electron', 'renderer', 'shared', 'simulator', 'scripts', 'test'].flatMap(sources);
    expect(all.filter((f) => !owner.has(f))).toEqual([]);
    // Beside the tests' project (which may list the renderer's global declarations), exactly one runtime.
    const runtimeOf = (f: string) => (owner.get(f) ?? []).filter((p) => p !== 'test/tsconfig.json');
    for (const f of all) {
      if (f.startsWith('renderer/')) expect(runtimeOf(f), f).toEqual(['renderer/tsconfig.json']);
      else if (f.startsWith('shared/')) expect(runtimeOf(f), f).toEqual(['shared/tsconfig.json']);
      else if (f === 'electron/preload.ts') expect(runtimeOf(f), f).toEqual(['tsconfig.preload.json']);
      else if (/^(electron|simulator|scripts)\//.test(f)) expect(runtimeOf(f), f).toEqual(['tsconfig.node.json']);
      else expect(owner.get(f), f).toEqual(['test/tsconfig.json']);
    }
  }, 30_000);
});
