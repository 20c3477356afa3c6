// Types of apps-plugin.mjs (used by vitest.config.ts, scripts/run.mjs and tests).
export declare const APPS_MODULE: 'virtual:homelab-apps';
export declare function appFiles(root: string): string[];
export declare function appsModuleSource(root: string, options?: { lazy?: boolean; files?: readonly string[] }): string;
export declare function homelabAppsEsbuild(root: string): { name: string; setup(build: unknown): void };
export declare function homelabAppsVite(root: string): { name: string; resolveId(id: string): string | undefined; load(id: string): string | undefined };
