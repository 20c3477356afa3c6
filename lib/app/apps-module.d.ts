// The app files under apps/, discovered at build time (scripts/apps-plugin.mjs serves this module to
// esbuild and vitest), so adding an app is adding one file.
declare module 'virtual:homelab-apps' {
  /**
   * A loader per app or group file (apps/*.ts, apps/<group>/*.ts), keyed by repository-relative path
   * (`apps/paperless.ts`), sorted. Loading runs the file's top-level code, so it may throw; the module's
   * shape (a default export of defineApp/defineGroup) is checked by the caller.
   */
  export const appModules: Readonly<Record<string, () => unknown>>;
}
