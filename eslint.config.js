// Import boundaries between runtimes (DESIGN.md): only the Electron entry points and platform/
// may import 'electron'; the renderer may not import Node or main-process code; simulator/ and
// electron/core never import each other. No file may take part in an import cycle (local/no-import-cycle).
// Inside the renderer, features stay apart and layers point down (local/renderer-layers).
// electron/core outside features/ is infrastructure that knows no feature (local/core-knows-no-feature).
import path from 'node:path';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import { ImportGraph, resolveImport } from './scripts/import-graph.mjs';

// One graph per lint run: the files a linted file reaches are read from disk once (scripts/import-graph.mjs).
const importGraph = new ImportGraph();
const rel = (f) => f.slice(import.meta.dirname.length + 1);
/** Reports the import that starts a run-time cycle back to the linted file, with the whole chain. */
const noImportCycle = {
  meta: {
    type: 'problem',
    docs: { description: 'forbid run-time import cycles (type-only imports do not count)' },
    schema: [],
    messages: { cycle: 'Import cycle: {{chain}}. Move what both sides need into a module below them.' },
  },
  create(context) {
    const chain = importGraph.cycleThrough(context.filename);
    if (!chain) return {};
    const check = (node) => {
      const spec = node.source?.type === 'Literal' ? node.source.value : undefined;
      if (typeof spec === 'string' && resolveImport(context.filename, spec) === chain[1]) {
        context.report({ node, messageId: 'cycle', data: { chain: chain.map(rel).join(' -> ') } });
      }
    };
    return { ImportDeclaration: check, ExportNamedDeclaration: check, ExportAllDeclaration: check, ImportExpression: check };
  },
};

// The renderer's layers (ARCHITECTURE.md): app/ (the shell) may import anything; a feature only itself and
// the layers below (framework/, state/, xapi-model/, tree/, ui/, bridge/), never another feature or the shell;
// those layers never a feature or the shell; xapi-model/ and ui/ stay pure (no store, no framework).
const RENDERER = 'renderer/src/';
const layerOf = (file) => {
  const r = rel(file);
  if (!r.startsWith(RENDERER)) return undefined;
  const parts = r.slice(RENDERER.length).split('/');
  if (parts.length === 1) return 'root';
  // features/index.ts: the registry, which lists every feature.
  if (parts[0] === 'features' && parts.length === 2) return 'root';
  return parts[0] === 'features' ? `features/${parts[1]}` : parts[0];
};
const LAYER_BANS = {
  framework: ['app', 'features/*'],
  state: ['app', 'features/*'],
  tree: ['app', 'features/*', 'framework'],
  'xapi-model': ['app', 'features/*', 'framework', 'state', 'tree', 'ui'],
  ui: ['app', 'features/*', 'framework', 'state', 'tree'],
  bridge: ['app', 'features/*', 'framework', 'state', 'tree', 'ui', 'xapi-model'],
};
const banned = (from, to) => {
  if (from === 'root' || from === 'app' || from === to) return false;
  if (from.startsWith('features/')) return to === 'app' || (to.startsWith('features/') && to !== from);
  return (LAYER_BANS[from] ?? []).some((b) => b === to || (b === 'features/*' && to.startsWith('features/')));
};
const rendererLayers = {
  meta: {
    type: 'problem',
    docs: { description: 'keep the renderer\'s features apart and its layers in order' },
    schema: [],
    messages: { layer: '{{from}} may not import {{to}}: {{why}}' },
  },
  create(context) {
    const from = layerOf(context.filename);
    if (!from) return {};
    const check = (node) => {
      const spec = node.source?.type === 'Literal' ? node.source.value : undefined;
      const target = typeof spec === 'string' ? resolveImport(context.filename, spec) : undefined;
      const to = target && layerOf(target);
      if (!to || !banned(from, to)) return;
      // A lower layer may name an upper layer's types (they vanish at run time); features and the shell stay apart even so.
      const typeOnly = node.importKind === 'type' || node.exportKind === 'type'
        || (node.specifiers?.length > 0 && node.specifiers.every((x) => x.importKind === 'type' || x.exportKind === 'type'));
      if (typeOnly && !from.startsWith('features/') && to !== 'app') return;
      const why = from.startsWith('features/') && to.startsWith('features/')
        ? 'features meet only through framework/ (commands, dialog kinds) and xapi-model/; move what both need there'
        : 'a lower layer does not reach up; pass what it needs in, or move the code down';
      context.report({ node, messageId: 'layer', data: { from, to, why } });
    };
    return { ImportDeclaration: check, ExportNamedDeclaration: check, ExportAllDeclaration: check, ImportExpression: check };
  },
};

// electron/core/features/<area>/ is the features' code; the rest of electron/core (xapi, connection,
// cache, trust, settings, secrets, saved, tasks, pool) is infrastructure under them and imports none
// of it, not even a type (so connection/ knows nothing of the console or transfer features). AppCore
// (app-core.ts), which merges the features and holds their services, is the one exception.
const coreFeatures = path.join(import.meta.dirname, 'electron', 'core', 'features') + path.sep;
const coreKnowsNoFeature = {
  meta: {
    type: 'problem',
    docs: { description: 'forbid imports of electron/core/features/ from the rest of electron/core' },
    schema: [],
    messages: { feature: 'Core infrastructure does not import feature code ({{target}}): move what it needs out of features/, or the feature\'s part into the feature.' },
  },
  create(context) {
    const check = (node) => {
      const spec = node.source?.type === 'Literal' ? node.source.value : undefined;
      const target = typeof spec === 'string' ? resolveImport(context.filename, spec) : undefined;
      if (target?.startsWith(coreFeatures)) context.report({ node, messageId: 'feature', data: { target: rel(target) } });
    };
    return { ImportDeclaration: check, ExportNamedDeclaration: check, ExportAllDeclaration: check, ImportExpression: check };
  },
};

const nodeBuiltins = [
  'assert', 'buffer', 'child_process', 'crypto', 'dgram', 'dns', 'events', 'fs', 'fs/promises', 'http',
  'https', 'net', 'os', 'path', 'process', 'readline', 'stream', 'tls', 'url', 'util', 'worker_threads', 'zlib',
];
const electronBan = { name: 'electron', message: "Only electron/main.ts, electron/preload.ts and electron/platform/** may import 'electron'." };
// The chart library draws on a canvas in the renderer; the main process has no use for it.
const uplotBan = { name: 'uplot', message: 'uPlot belongs to the renderer (Performance tab charts), not the main process.' };

// The questions every view asks of a record are answered once, in renderer/src/xapi-model/: a feature
// that reads allowed_operations or spells the null ref itself re-derives them (issue 11).
const onePlaceForPredicates = [
  { selector: "MemberExpression[property.name='allowed_operations']", message: 'Ask allows(rec, op) from xapi-model/predicates.ts.' },
  { selector: "Literal[value='OpaqueRef:NULL']", message: 'Use NULL_REF (or isRef / isOpaqueRef) from xapi-model/refs.ts.' },
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'shared/xapi/*.generated.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-restricted-imports': ['error', { paths: [electronBan, uplotBan] }],
    },
  },
  {
    plugins: { local: { rules: { 'no-import-cycle': noImportCycle, 'renderer-layers': rendererLayers, 'core-knows-no-feature': coreKnowsNoFeature } } },
    rules: { 'local/no-import-cycle': 'error', 'local/renderer-layers': 'error' },
  },
  {
    files: ['electron/core/**'],
    ignores: ['electron/core/features/**', 'electron/core/app-core.ts'],
    rules: { 'local/core-knows-no-feature': 'error' },
  },
  {
    files: ['electron/main.ts', 'electron/preload.ts', 'electron/platform/**'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': ['error', {
        paths: [electronBan, ...nodeBuiltins.map((name) => ({ name, message: 'The renderer runs in a sandboxed browser: no Node modules.' }))],
        patterns: [
          { group: ['node:*'], message: 'The renderer runs in a sandboxed browser: no Node modules.' },
          { group: ['**/electron/**', '**/simulator/**'], message: 'The renderer reaches the main process only through shared/ and its bridge.' },
        ],
      }],
      'no-restricted-syntax': ['error', ...onePlaceForPredicates],
    },
  },
  {
    files: ['renderer/src/xapi-model/**'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    files: ['shared/**'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [electronBan, ...nodeBuiltins.map((name) => ({ name, message: 'shared/ runs on both sides: no Node modules.' }))],
        patterns: [{ group: ['node:*', '**/electron/**', '**/renderer/**', '**/simulator/**'], message: 'shared/ depends on nothing but itself.' }],
      }],
    },
  },
  {
    files: ['electron/core/**'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [electronBan, uplotBan],
        patterns: [{ group: ['**/renderer/**', '**/simulator/**'], message: 'Main-process code does not import the renderer or the simulator.' }],
      }],
    },
  },
  {
    files: ['electron/preload.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ group: ['**/renderer/**', '**/simulator/**', '**/core/**'], message: 'The preload only bridges IPC: shared/ contract and electron, nothing else.' }],
      }],
    },
  },
  {
    // Composition roots: they may start the in-process demo simulator, but not import the renderer.
    files: ['electron/main.ts', 'electron/web-host.ts', 'electron/demo-pool.ts', 'electron/platform/**'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [uplotBan],
        patterns: [{ group: ['**/renderer/**'], message: 'Main-process code does not import the renderer.' }],
      }],
    },
  },
  {
    files: ['electron/demo-pool.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [electronBan, uplotBan], patterns: [{ group: ['**/renderer/**'], message: 'Main-process code does not import the renderer.' }] }] },
  },
  {
    // The entry points reach the demo pool only through electron/demo-on-demand.ts (a dynamic
    // import, its own bundle): a static import would put the whole simulator into the main bundle.
    files: ['electron/main.ts', 'electron/web-host.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [uplotBan],
        patterns: [
          { group: ['**/renderer/**'], message: 'Main-process code does not import the renderer.' },
          { group: ['./demo-pool', '**/simulator/**'], message: 'Load the demo pool through ./demo-on-demand: the main bundle holds no simulator code.' },
        ],
      }],
    },
  },
  {
    files: ['electron/web-host.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [electronBan, uplotBan], patterns: [
      { group: ['**/renderer/**'], message: 'Main-process code does not import the renderer.' },
      { group: ['./demo-pool', '**/simulator/**'], message: 'Load the demo pool through ./demo-on-demand: the main bundle holds no simulator code.' },
    ] }] },
  },
  {
    files: ['simulator/**'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [electronBan],
        patterns: [{ group: ['**/electron/**', '**/renderer/**'], message: 'The simulator is an independent reading of XAPI: it does not import the client.' }],
      }],
    },
  },
);
