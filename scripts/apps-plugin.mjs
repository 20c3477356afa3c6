// Serves the module `virtual:homelab-apps`: every apps/*.ts file (sorted), imported and keyed by path.
// One plugin for both builders (esbuild for `npm run synth`, vite for vitest), so adding an app is
// adding its file: no list to edit, and the scan is one readdir.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

export const APPS_MODULE = 'virtual:homelab-apps';

/** The app and group files under apps/, relative to it: apps/<app>.ts, apps/<group>/<file>.ts (sorted). */
export function appFiles(root) {
  const isAppFile = (f) => f.endsWith('.ts') && !f.endsWith('.d.ts') && !f.endsWith('.test.ts') && !f.startsWith('_');
  return readdirSync(join(root, 'apps'), { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() && !e.name.startsWith('_') ? readdirSync(join(root, 'apps', e.name)).filter(isAppFile).map((f) => `${e.name}/${f}`) : e.isFile() && isAppFile(e.name) ? [e.name] : []))
    .sort();
}

/**
 * Source of the generated module: every app and group file as a loader, keyed by its path; imports are
 * relative to `root`. For esbuild (`lazy`), a loader `require`s its file, which esbuild turns into a deferred
 * module initialisation: an app file that throws while loading then fails in its loader, where the caller
 * names the file, instead of aborting the whole bundle. vitest gets static imports (a test names its own failure).
 */
export function appsModuleSource(root, { lazy = false, files = appFiles(root) } = {}) {
  const path = (f) => JSON.stringify(join(root, 'apps', f));
  const imports = lazy ? [] : files.map((f, i) => `import * as m${i} from ${path(f)};`);
  const entries = files.map((f, i) => `  ${JSON.stringify(`apps/${f}`)}: () => ${lazy ? `require(${path(f)})` : `m${i}`},`);
  return `${imports.join('\n')}\nexport const appModules = {\n${entries.join('\n')}\n};\n`;
}

/** esbuild plugin. */
export function homelabAppsEsbuild(root) {
  return {
    name: 'homelab-apps',
    setup(build) {
      build.onResolve({ filter: /^virtual:homelab-apps$/ }, () => ({ path: 'apps', namespace: 'homelab-apps' }));
      build.onLoad({ filter: /.*/, namespace: 'homelab-apps' }, () => ({ contents: appsModuleSource(root, { lazy: true }), resolveDir: root, loader: 'ts', watchDirs: [join(root, 'apps'), ...readdirSync(join(root, 'apps'), { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => join(root, 'apps', e.name))] }));
    },
  };
}

/** vite (vitest) plugin. */
export function homelabAppsVite(root) {
  const resolved = `\0${APPS_MODULE}`;
  return {
    name: 'homelab-apps',
    resolveId(id) {
      return id === APPS_MODULE ? resolved : undefined;
    },
    load(id) {
      return id === resolved ? appsModuleSource(root) : undefined;
    },
  };
}
