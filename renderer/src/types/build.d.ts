/** Set at build time by vite.config.ts (scripts/build-info.ts). */
declare const __XENCLIENT_BUILD__: { version: string; commit: string; date: string; id: string } | undefined;
