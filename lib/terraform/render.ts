import type { App } from 'cdktf';
// The package has no exports map; the deep path is stable within 0.21.
import { ValidateBinaryVersion } from 'cdktf/lib/validations/validate-binary-version.js';
import type { IConstruct, IValidation } from 'constructs';
import { SynthError, throwIfAny } from '../core/errors.js';
import { HomelabStack } from './stack.js';

// cdktf's own aspect runner; the package has no exports map, so the deep path is stable within 0.21.
// eslint-disable-next-line @typescript-eslint/no-require-imports
import { invokeAspects } from 'cdktf/lib/synthesize/synthesizer.js';

export interface RenderedStack {
  readonly name: string;
  /** The Terraform JSON configuration (keys sorted). */
  readonly config: Record<string, unknown>;
  /** cdk.tf.json content. */
  readonly json: string;
}

function sortAll(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortAll);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sortAll((value as Record<string, unknown>)[k])]));
  }
  return value;
}

/** The validations a construct registered (constructs keeps them private; the field is stable in 10.x). */
function validationsOf(c: IConstruct): readonly IValidation[] {
  return (c.node as unknown as { _validations?: IValidation[] })._validations ?? [];
}

/**
 * Every binary-version validation of the tree: cdktf adds one wherever a feature needs a newer Terraform
 * (an import block needs >= 1.5) and runs `terraform version` on the synthesizing machine to check it.
 */
export function binaryVersionChecks(app: IConstruct): Array<{ readonly path: string; readonly binary: string; readonly constraint: string }> {
  return app.node.findAll().flatMap((c) =>
    validationsOf(c)
      .filter((v): v is ValidateBinaryVersion => v instanceof ValidateBinaryVersion)
      // `binary` and `versionConstraint` are protected in the typings, plain fields at run time.
      .map((v) => ({ path: c.node.path, ...(v as unknown as { binary: string; versionConstraint: string }) }))
      .map(({ path, binary, versionConstraint }) => ({ path, binary, constraint: versionConstraint })),
  );
}

/**
 * Runs every construct's validations like `validateTree`, except cdktf's binary-version checks: they test the
 * machine running the synth (spawning `terraform version`, which fails where only Node.js is installed and
 * costs a process per synth), not the output. The stacks are applied with the OpenTofu pinned in versions.env;
 * a test checks that version against every such constraint (`binaryVersionChecks`).
 */
function validateStackTree(app: App): void {
  const errors: Error[] = [];
  for (const c of app.node.findAll()) {
    for (const v of validationsOf(c)) {
      if (v instanceof ValidateBinaryVersion) continue;
      for (const message of v.validate()) errors.push(new SynthError(c.node.path, message));
    }
  }
  throwIfAny(errors);
}

/** Renders every HomelabStack of a cdktf App to Terraform JSON without touching the file system. */
export function renderStacks(app: App): RenderedStack[] {
  const stacks = app.node.children.filter((c): c is HomelabStack => c instanceof HomelabStack);
  for (const stack of stacks) {
    invokeAspects(stack);
    stack.prepareStack();
  }
  validateStackTree(app);
  return stacks.map((stack) => {
    const config = sortAll(stack.toTerraform()) as Record<string, unknown>;
    const text = JSON.stringify(config);
    // A synthesized path from this machine would make the output machine-specific.
    const abs = /"(\/(?:home|root|Users|tmp|work)\/[^"]*)"/.exec(text);
    if (abs) throw new SynthError(stack.node.path, `Terraform JSON contains a machine-specific absolute path: ${abs[1]}`);
    return { name: stack.stackName, config, json: `${JSON.stringify(config, null, 2)}\n` };
  });
}

