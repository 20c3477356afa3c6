import { TerraformDataSource, TerraformProvider, TerraformResource, type IResolvable, type TerraformMetaArguments } from 'cdktf';
import type { Construct } from 'constructs';

/**
 * Runtime base of the generated provider bindings (lib/generated/providers/*.ts): configs use the
 * provider's own snake_case attribute names, so what you write is what the schema checker and OpenTofu see.
 */
/** An attribute name, or a path into a nested attribute. */
export type AttrPath<A extends string> = A | `${A}.${string}` | `${A}[${string}`;

export type Meta = Pick<TerraformMetaArguments, 'dependsOn' | 'count' | 'provider' | 'lifecycle' | 'forEach'>;

function split<C extends Meta>(config: C): { meta: Meta; attrs: Record<string, unknown> } {
  const { dependsOn, count, provider, lifecycle, forEach, ...attrs } = config;
  return { meta: { dependsOn, count, provider, lifecycle, forEach }, attrs: dropUndefined(attrs) as Record<string, unknown> };
}

function dropUndefined(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(dropUndefined);
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined).map(([k, v]) => [k, dropUndefined(v)]));
  }
  return value;
}

export abstract class SchemaResource<C extends Meta, A extends string> extends TerraformResource {
  private readonly attrs: Record<string, unknown>;

  protected constructor(scope: Construct, id: string, type: string, providerName: string, config: C) {
    const { meta, attrs } = split(config);
    super(scope, id, { terraformResourceType: type, terraformGeneratorMetadata: { providerName }, ...meta });
    this.attrs = attrs;
  }

  protected override synthesizeAttributes(): Record<string, unknown> {
    return this.attrs;
  }

  /** A reference to one of this resource's attributes, for any attribute type. */
  ref(name: A): IResolvable {
    return this.interpolationForAttribute(name);
  }

  /** A string-typed reference to an attribute or a path into it (`${type.name.attr}`, `attr.host`, `attr[0].x`). */
  str(name: AttrPath<A>): string {
    return this.getStringAttribute(name);
  }
}

export abstract class SchemaDataSource<C extends Meta, A extends string> extends TerraformDataSource {
  private readonly attrs: Record<string, unknown>;

  protected constructor(scope: Construct, id: string, type: string, providerName: string, config: C) {
    const { meta, attrs } = split(config);
    super(scope, id, { terraformResourceType: type, terraformGeneratorMetadata: { providerName }, ...meta });
    this.attrs = attrs;
  }

  protected override synthesizeAttributes(): Record<string, unknown> {
    return this.attrs;
  }

  ref(name: A): IResolvable {
    return this.interpolationForAttribute(name);
  }

  str(name: AttrPath<A>): string {
    return this.getStringAttribute(name);
  }
}

export interface ProviderMeta {
  /** Exact provider version (from versions.env): written to `required_providers`. */
  readonly version: string;
  readonly alias?: string;
}

export abstract class SchemaProvider<C> extends TerraformProvider {
  private readonly attrs: Record<string, unknown>;
  private readonly providerAlias?: string;

  protected constructor(scope: Construct, id: string, name: string, source: string, config: C & ProviderMeta) {
    const { version, alias, ...attrs } = config as ProviderMeta & Record<string, unknown>;
    super(scope, id, { terraformResourceType: name, terraformGeneratorMetadata: { providerName: name, providerVersionConstraint: version }, terraformProviderSource: source });
    this.attrs = dropUndefined(attrs) as Record<string, unknown>;
    this.providerAlias = alias;
  }

  override get alias(): string | undefined {
    return this.providerAlias;
  }

  override set alias(_value: string | undefined) {
    throw new Error(`${this.node.path}: set the provider alias in its config`);
  }

  protected override synthesizeAttributes(): Record<string, unknown> {
    return this.attrs;
  }
}
