// `npm run validate [-- --dir <dist>] [--no-kustomize] [--no-cache]`: every object of the output tree checked against its
// strict schema, every folder with a kustomization.yaml built with `kubectl kustomize`; exits 1 on any issue.
import { existsSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { defaultValidator, findKubectl, formatIssue, kustomizeCacheDir, KustomizeBuilder, SchemaValidator, SCHEMAS_DIR, validateOutputTree } from '../validation/index.js';
import { recoverInterruptedWrite } from '../core/writer.js';
import type { CommandContext } from './command.js';

export async function validateCommand(ctx: CommandContext): Promise<number> {
  const started = performance.now();
  const i = ctx.argv.indexOf('--dir');
  const dir = resolve(ctx.root, i === -1 ? 'dist' : (ctx.argv[i + 1] ?? 'dist'));
  // A synth killed mid-write is completed first, so what is validated is a whole tree.
  recoverInterruptedWrite(dir);
  if (!existsSync(dir)) {
    console.error(`validate: ${dir} does not exist; run \`npm run synth\` first`);
    return 1;
  }
  const skipKustomize = ctx.argv.includes('--no-kustomize');
  const kubectl = skipKustomize ? undefined : findKubectl();
  if (!skipKustomize && !kubectl) {
    console.error('validate: kubectl not found on PATH; it is needed for the kustomize builds (or pass --no-kustomize)');
    return 1;
  }
  const schemaDir = join(ctx.root, SCHEMAS_DIR);
  // The process's shared validator when it reads the same schemas: kinds it compiled already are not compiled
  // again (compiling is most of the cost of validating).
  const validator = resolve(schemaDir) === resolve(defaultValidator().schemaDir) ? defaultValidator() : new SchemaValidator(schemaDir);
  // Folder builds are cached by content under .cache/ (`--no-cache` builds every folder afresh).
  const builder = kubectl ? new KustomizeBuilder({ kubectl, ...(ctx.argv.includes('--no-cache') ? {} : { cacheDir: kustomizeCacheDir(ctx.root) }) }) : false;
  const report = await validateOutputTree(dir, { kubectl: builder, validator });
  const rel = relative(ctx.root, report.scan.root);
  const where = rel.startsWith('..') ? report.scan.root : rel || '.';
  console.log(
    `Validated ${report.scan.objects.length} objects in ${where} against ${Object.keys(validator.index).length} known kinds` +
      `${builder ? `, checked ${report.built} folders with kubectl kustomize (${builder.stats.built} built in ${builder.stats.runs} kubectl runs, ${builder.stats.cached} unchanged from the cache)` : ' (kustomize skipped)'} in ${(performance.now() - started).toFixed(0)} ms`,
  );
  for (const [cluster, n] of report.perCluster) console.log(`  ${cluster}: ${n.objects} objects, ${n.folders} kustomize folders`);
  console.log(valuesReport(validator));
  if (!report.issues.length) {
    console.log('0 issues');
    return 0;
  }
  console.error(`${report.issues.length} issues:`);
  for (const issue of report.issues) console.error(`  - ${formatIssue(issue.file ? { ...issue, file: `${where}/${issue.file}` } : issue)}`);
  return 1;
}

/** Which HelmRelease values were checked against their chart's values.schema.json, and which could not be. */
function valuesReport(validator: SchemaValidator): string {
  const { validated, withoutSchema, otherVersion } = validator.values.coverage;
  const count = (m: Map<string, string[]>) => [...m.values()].reduce((n, r) => n + r.length, 0);
  const lines = [`HelmRelease values checked against the chart's values.schema.json: ${count(validated)} releases of ${[...validated.keys()].sort().join(', ') || 'no chart'}`];
  if (withoutSchema.size) lines.push(`  charts without a values.schema.json (values not checked): ${[...withoutSchema].sort(([a], [b]) => (a < b ? -1 : 1)).map(([c, r]) => `${c} (${r.length})`).join(', ')}`);
  if (otherVersion.size) lines.push(`  chart versions without a schema here (values not checked): ${[...otherVersion.keys()].sort().join(', ')}`);
  if (validator.cel.unsupported.size) lines.push(`  CEL rules this validator cannot evaluate: ${[...validator.cel.unsupported].sort().join(' | ')}`);
  return lines.join('\n');
}
