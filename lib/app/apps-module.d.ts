// The app files under apps/, discovered at build time (scripts/apps-plugin.mjs serves this module to
// esbuild and vitest), so adding an app is adding one file.
declare module 'virtual:homelab-apps' {
  import type { AppDefinition, GroupDefinition } from './define.js';
  /** Default exports of apps/*.ts and apps/<group>/*.ts, keyed by repository-relative path (`apps/paperless.ts`), sorted. */
  export const appModules: Readonly<Record<string, { readonly default: AppDefinition | GroupDefinition }>>;
}
