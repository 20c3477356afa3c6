import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { withReference } from '../app/docs.js';
import type { CommandContext } from './command.js';

/** The app docs whose reference part is generated from the props schema. */
export const APP_DOCS = 'docs/apps.md';

/** `npm run docs`: rewrites the generated reference section of docs/apps.md from the zod schema. */
export async function docsCommand(ctx: CommandContext): Promise<number> {
  const file = join(ctx.root, APP_DOCS);
  const before = readFileSync(file, 'utf8');
  const after = withReference(before);
  if (after !== before) writeFileSync(file, after);
  console.log(after === before ? `${APP_DOCS} is up to date` : `${APP_DOCS}: reference regenerated`);
  return 0;
}
