import type { App } from 'cdktf';
import { SynthError } from '../core/errors.js';
import { validateTree } from '../k8s/render.js';
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

/** Renders every HomelabStack of a cdktf App to Terraform JSON without touching the file system. */
export function renderStacks(app: App): RenderedStack[] {
  const stacks = app.node.children.filter((c): c is HomelabStack => c instanceof HomelabStack);
  for (const stack of stacks) {
    invokeAspects(stack);
    stack.prepareStack();
  }
  validateTree(app);
  return stacks.map((stack) => {
    const config = sortAll(stack.toTerraform()) as Record<string, unknown>;
    const text = JSON.stringify(config);
    // A synthesized path from this machine would make the output machine-specific.
    const abs = /"(\/(?:home|root|Users|tmp|work)\/[^"]*)"/.exec(text);
    if (abs) throw new SynthError(stack.node.path, `Terraform JSON contains a machine-specific absolute path: ${abs[1]}`);
    return { name: stack.stackName, config, json: `${JSON.stringify(config, null, 2)}\n` };
  });
}

