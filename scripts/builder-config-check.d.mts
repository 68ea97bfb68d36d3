// Types of builder-config-check.mjs (plain JavaScript: scripts/check-builder.mjs runs it with node).
export type BuilderConfig = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- electron-builder's YAML, checked at run time
export const ICO_SIZES: number[];
export function readBuilderConfig(file: string): BuilderConfig;
export function checkTargets(cfg: BuilderConfig): string[];
export function checkResources(cfg: BuilderConfig, root: string): string[];
export function pngSize(buf: Buffer): { width: number; height: number } | undefined;
export function icoSizes(buf: Buffer): number[];
export function listFiles(dir: string, base?: string): string[];
export function selectFiles(patterns: string | string[], files: string[]): string[];
export function checkPackagedFiles(cfg: BuilderConfig, appRoot: string, mainEntry: string): { problems: string[]; selected: string[] };
