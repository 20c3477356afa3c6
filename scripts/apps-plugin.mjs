// Serves the module `virtual:homelab-apps`: every apps/*.ts file (sorted), imported and keyed by path.
// One plugin for both builders (esbuild for `npm run synth`, vite for vitest), so adding an app is
// adding its file: no list to edit, and the scan is one readdir.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

export const APPS_MODULE = 'virtual:homelab-apps';

/** Source of the generated module; imports are relative to `root`. */
export function appsModuleSource(root) {
  // apps/<app>.ts, and apps/<group>/<file>.ts for the apps of a group and its group.ts.
  const isAppFile = (f) => f.endsWith('.ts') && !f.endsWith('.d.ts') && !f.endsWith('.test.ts') && !f.startsWith('_');
  const files = readdirSync(join(root, 'apps'), { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() && !e.name.startsWith('_') ? readdirSync(join(root, 'apps', e.name)).filter(isAppFile).map((f) => `${e.name}/${f}`) : e.isFile() && isAppFile(e.name) ? [e.name] : []))
    .sort();
  const imports = files.map((f, i) => `import * as m${i} from ${JSON.stringify(join(root, 'apps', f))};`);
  const entries = files.map((f, i) => `  ${JSON.stringify(`apps/${f}`)}: m${i},`);
  return `${imports.join('\n')}\nexport const appModules = {\n${entries.join('\n')}\n};\n`;
}

/** esbuild plugin. */
export function homelabAppsEsbuild(root) {
  return {
    name: 'homelab-apps',
    setup(build) {
      build.onResolve({ filter: /^virtual:homelab-apps$/ }, () => ({ path: 'apps', namespace: 'homelab-apps' }));
      build.onLoad({ filter: /.*/, namespace: 'homelab-apps' }, () => ({ contents: appsModuleSource(root), resolveDir: root, loader: 'ts', watchDirs: [join(root, 'apps'), ...readdirSync(join(root, 'apps'), { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => join(root, 'apps', e.name))] }));
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
