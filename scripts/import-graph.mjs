// The project's own import graph, for the import-cycle check (the lint rule local/no-import-cycle
// in eslint.config.js and test/unit/import-cycles.test.ts). Only imports that exist at run time are
// edges: `import type`/`export type` (and imports whose every name is `type`) vanish when compiled,
// so a loop through them is harmless. Relative specifiers alone are followed; packages cannot loop
// back into the tree. Dynamic import() counts: a loop through it still ties two modules together.
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const EXTENSIONS = ['.ts', '.tsx', '.mts', '.js', '.mjs'];

/** The file a relative specifier names, or undefined (a package, a stylesheet, a missing file). */
export function resolveImport(fromFile, spec) {
  if (!spec.startsWith('.')) return undefined;
  const base = path.resolve(path.dirname(fromFile), spec);
  const stem = /\.(js|mjs)$/.test(base) ? base.replace(/\.(js|mjs)$/, '') : base;
  const candidates = [base, ...EXTENSIONS.map((e) => stem + e), ...EXTENSIONS.map((e) => path.join(base, `index${e}`))];
  return candidates.find((c) => EXTENSIONS.includes(path.extname(c)) && isFile(c));
}

function isFile(p) {
  try { return fs.statSync(p).isFile(); } catch { return false; }
}

const typeOnlyImport = (node) => {
  const clause = node.importClause;
  if (!clause) return false; // `import './x'` runs x
  if (clause.isTypeOnly) return true;
  const named = clause.namedBindings;
  return !clause.name && !!named && ts.isNamedImports(named) && named.elements.length > 0 && named.elements.every((e) => e.isTypeOnly);
};

const typeOnlyExport = (node) => node.isTypeOnly
  || (!!node.exportClause && ts.isNamedExports(node.exportClause) && node.exportClause.elements.length > 0
    && node.exportClause.elements.every((e) => e.isTypeOnly));

/** The run-time import specifiers of one source text (with `types`, the type-only ones too). */
export function runtimeSpecifiers(fileName, text, types = false) {
  const kind = fileName.endsWith('.tsx') ? ts.ScriptKind.TSX : fileName.endsWith('.ts') || fileName.endsWith('.mts') ? ts.ScriptKind.TS : ts.ScriptKind.JS;
  const sf = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false, kind);
  const out = [];
  for (const st of sf.statements) {
    if (ts.isImportDeclaration(st) && ts.isStringLiteral(st.moduleSpecifier) && (types || !typeOnlyImport(st))) out.push(st.moduleSpecifier.text);
    else if (ts.isExportDeclaration(st) && st.moduleSpecifier && ts.isStringLiteral(st.moduleSpecifier) && (types || !typeOnlyExport(st))) out.push(st.moduleSpecifier.text);
    else if (ts.isImportEqualsDeclaration(st) && (types || !st.isTypeOnly) && ts.isExternalModuleReference(st.moduleReference)
      && ts.isStringLiteral(st.moduleReference.expression)) out.push(st.moduleReference.expression.text);
  }
  if (text.includes('import(')) {
    const visit = (n) => {
      if (ts.isCallExpression(n) && n.expression.kind === ts.SyntaxKind.ImportKeyword && n.arguments[0] && ts.isStringLiteralLike(n.arguments[0])) {
        out.push(n.arguments[0].text);
      }
      ts.forEachChild(n, visit);
    };
    visit(sf);
  }
  return out;
}

/** Run-time imports between the tree's files, read lazily and cached by modification time.
 * `{ types: true }` counts type-only imports as well: a stricter layering, not a run-time matter. */
export class ImportGraph {
  #cache = new Map();
  #types;

  constructor({ types = false } = {}) { this.#types = types; }

  /** The files `file` imports at run time (absolute paths), in source order. */
  importsOf(file) {
    let mtime;
    try { mtime = fs.statSync(file).mtimeMs; } catch { return []; }
    const hit = this.#cache.get(file);
    if (hit && hit.mtime === mtime) return hit.deps;
    const specs = runtimeSpecifiers(file, fs.readFileSync(file, 'utf8'), this.#types);
    const deps = [...new Set(specs.map((s) => resolveImport(file, s)).filter((d) => d !== undefined))];
    this.#cache.set(file, { mtime, deps });
    return deps;
  }

  /** A shortest import chain from `file` back to itself ([file, ..., file]), or undefined. */
  cycleThrough(file) {
    const start = path.resolve(file);
    const parent = new Map([[start, undefined]]);
    const queue = [start];
    for (let i = 0; i < queue.length; i++) {
      for (const dep of this.importsOf(queue[i])) {
        if (dep === start) {
          const chain = [];
          for (let at = queue[i]; at !== start; at = parent.get(at)) chain.unshift(at);
          return [start, ...chain, start];
        }
        if (!parent.has(dep)) { parent.set(dep, queue[i]); queue.push(dep); }
      }
    }
    return undefined;
  }
}

/** Every source file under the given folders (absolute paths), skipping generated output. */
export function sourceFiles(root, folders) {
  const out = [];
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      if (e.name === 'node_modules' || e.name === 'dist') continue;
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (EXTENSIONS.includes(path.extname(e.name)) && !e.name.endsWith('.d.ts')) out.push(p);
    }
  };
  for (const f of folders) {
    const dir = path.join(root, f);
    if (fs.existsSync(dir)) walk(dir);
  }
  return out.sort();
}

/** The strongly connected groups of more than one file (or a file importing itself): each is a
 * set of files that import each other in a loop. Tarjan's algorithm, iterative. */
export function importCycles(graph, files) {
  const index = new Map();
  const low = new Map();
  const onStack = new Set();
  const stack = [];
  const groups = [];
  let next = 0;
  for (const root of files) {
    if (index.has(root)) continue;
    const work = [{ v: root, deps: graph.importsOf(root), i: 0 }];
    index.set(root, next); low.set(root, next); next++; stack.push(root); onStack.add(root);
    while (work.length) {
      const top = work[work.length - 1];
      if (top.i < top.deps.length) {
        const w = top.deps[top.i++];
        if (!index.has(w)) {
          index.set(w, next); low.set(w, next); next++; stack.push(w); onStack.add(w);
          work.push({ v: w, deps: graph.importsOf(w), i: 0 });
        } else if (onStack.has(w)) low.set(top.v, Math.min(low.get(top.v), index.get(w)));
        continue;
      }
      work.pop();
      if (work.length) low.set(work[work.length - 1].v, Math.min(low.get(work[work.length - 1].v), low.get(top.v)));
      if (low.get(top.v) === index.get(top.v)) {
        const group = [];
        let w;
        do { w = stack.pop(); onStack.delete(w); group.push(w); } while (w !== top.v);
        if (group.length > 1 || graph.importsOf(top.v).includes(top.v)) groups.push(group.sort());
      }
    }
  }
  return groups;
}
