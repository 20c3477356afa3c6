import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CommandContext } from './command.js';
import { checkTerraformConfig, loadProviderSchemas, PROVIDER_SCHEMAS_DIR } from '../terraform/schema-check.js';

/** Where the synth writes each stack's root module (what OpenTofu applies, and so what is checked). */
export const STACKS_DIR = join('dist', 'infrastructure', 'stacks');

/** The committed root modules, by stack name (`<stack>/cdk.tf.json`). */
export function committedStacks(root: string): Array<{ name: string; config: Record<string, unknown> }> {
  const dir = join(root, STACKS_DIR);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => existsSync(join(dir, name, 'cdk.tf.json')))
    .sort()
    .map((name) => ({ name, config: JSON.parse(readFileSync(join(dir, name, 'cdk.tf.json'), 'utf8')) as Record<string, unknown> }));
}

/**
 * `node scripts/run.mjs check-terraform`: checks the committed `dist/infrastructure/stacks/*` (what OpenTofu
 * applies) against the provider schemas and the module rules, offline (terraform validate needs the providers).
 */
export async function checkTerraform({ root }: CommandContext): Promise<number> {
  const schemas = loadProviderSchemas(join(root, PROVIDER_SCHEMAS_DIR));
  const stacks = committedStacks(root);
  if (!stacks.length) {
    console.error(`check-terraform: no stack under ${STACKS_DIR}; run \`npm run synth\` first`);
    return 2;
  }
  const errors = stacks.flatMap((s) => checkTerraformConfig(s.name, s.config, schemas));
  for (const e of errors) console.error(`  - ${e}`);
  if (errors.length) {
    console.error(`check-terraform: ${errors.length} errors in ${STACKS_DIR}`);
    return 1;
  }
  const count = (s: (typeof stacks)[number]): number =>
    ['resource', 'data'].reduce((n, k) => n + Object.values((s.config[k] ?? {}) as Record<string, object>).reduce((m, byName) => m + Object.keys(byName).length, 0), 0);
  console.log(`check-terraform: ${stacks.map((s) => `${s.name} (${count(s)})`).join(', ')} in ${STACKS_DIR} match their provider schemas and the module rules`);
  return 0;
}
