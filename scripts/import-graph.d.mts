// Types of import-graph.mjs (plain JavaScript so that eslint.config.js can load it).
export function resolveImport(fromFile: string, spec: string): string | undefined;
export function runtimeSpecifiers(fileName: string, text: string, types?: boolean): string[];
export class ImportGraph {
  constructor(options?: { types?: boolean });
  importsOf(file: string): string[];
  cycleThrough(file: string): string[] | undefined;
}
export function sourceFiles(root: string, folders: string[]): string[];
export function importCycles(graph: ImportGraph, files: string[]): string[][];
