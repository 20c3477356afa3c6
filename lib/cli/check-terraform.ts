import { join } from 'node:path';
import type { CommandContext } from './command.js';
import { renderStacks } from '../terraform/render.js';
import { checkTerraformConfig, loadProviderSchemas, PROVIDER_SCHEMAS_DIR } from '../terraform/schema-check.js';

/**
 * `node scripts/run.mjs check-terraform`: synthesizes the stacks and checks every resource, data source,
 * attribute and block against the provider schemas, offline (terraform validate needs the providers).
 */
export async function checkTerraform({ build, root }: CommandContext): Promise<number> {
  const schemas = loadProviderSchemas(join(root, PROVIDER_SCHEMAS_DIR));
  const stacks = renderStacks(build({ root }).stacks);
  const errors = stacks.flatMap((s) => checkTerraformConfig(s.name, s.config, schemas));
  for (const e of errors) console.error(`  - ${e}`);
  if (errors.length) {
    console.error(`check-terraform: ${errors.length} schema errors`);
    return 1;
  }
  const count = (s: (typeof stacks)[number]): number =>
    ['resource', 'data'].reduce((n, k) => n + Object.values((s.config[k] ?? {}) as Record<string, object>).reduce((m, byName) => m + Object.keys(byName).length, 0), 0);
  console.log(`check-terraform: ${stacks.map((s) => `${s.name} (${count(s)})`).join(', ')} match their provider schemas`);
  return 0;
}
