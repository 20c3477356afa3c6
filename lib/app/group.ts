import { Construct } from 'constructs';
import { inputIssues, SynthError, throwIfAny } from '../core/errors.js';
import { DataServices } from '../data-services/registry.js';
import { Unit } from '../k8s/unit.js';
import { AppNamespace } from '../netpol/namespaces.js';
import type { NetworkPolicySystem } from '../netpol/system.js';
import { appGroupSchema, type AppGroupProps, type ResolvedGroupProps } from './props.js';
import { rejectPlatformNamespace } from './app.js';
import { AppRegistry } from './registry.js';
import { AppSecrets } from './secrets.js';
import { SharedVolumes } from './storage.js';

export interface AppGroupOptions {
  readonly cluster: string;
  readonly network: NetworkPolicySystem;
  /** The group file (named in errors), e.g. `apps/media/group.ts`. */
  readonly source: string;
}

/**
 * Several apps sharing one namespace (`media`, `authelia`, `ai`), declared once in the group's file: the
 * namespace with its profile and PodSecurity level, the claims its apps share, the Secrets they share and
 * the backup schedule entry. It is its own Flux unit `apps/<group>/<group>-namespace`; each app of the
 * group is still one file (`apps/<group>/<app>.ts`, unit `apps/<group>/<app>`) whose grants label this
 * namespace and whose traffic rules select only its own pods. Apps of a group reach each other through the
 * namespace's same-namespace rule.
 */
export class HomelabAppGroup extends Construct {
  readonly groupName: string;
  readonly namespace: string;
  readonly props: ResolvedGroupProps;
  readonly unit: Unit;
  readonly where: string;
  readonly appNamespace: AppNamespace;
  readonly volumes: SharedVolumes;
  readonly secrets: AppSecrets;

  constructor(scope: Construct, id: string, name: string, input: AppGroupProps, options: AppGroupOptions) {
    super(scope, id);
    this.where = options.source;
    this.groupName = name;
    this.namespace = name;
    const parsed = appGroupSchema.safeParse(input);
    if (!parsed.success) {
      throwIfAny(inputIssues(parsed.error.issues).map((i) => new SynthError(this.where, `group "${name}": ${i.message}`, i.path || undefined)));
    }
    const props = parsed.data!;
    this.props = props;
    const fail = (field: string, message: string): never => {
      throw new SynthError(this.where, `group "${name}": ${message}`, field);
    };
    rejectPlatformNamespace(options.network, name, fail);
    AppRegistry.of(this).registerGroup(this);
    this.unit = new Unit(this, 'Unit', { path: `apps/${name}/${name}-namespace` });
    this.appNamespace = new AppNamespace(this.unit, 'Namespace', { name, podSecurity: props.podSecurity, dataplane: 'ambient', profile: props.profile, network: options.network });
    this.volumes = new SharedVolumes(this.unit, 'Volumes', { namespace: name, volumes: props.volumes });
    const services = DataServices.of(this);
    this.secrets = new AppSecrets(this.unit, 'Secrets', { cluster: options.cluster, namespace: name, secrets: props.secrets, store: services.secretStore, fail });
    if (props.secrets.generated.length) this.unit.dependOn(...services.secretOperators);
    if (props.backup) {
      const b = services.backups ?? fail('backup', `backups were requested but cluster "${options.cluster}" has no backup schedule (velero)`);
      b.service.include(name, this.unit);
    }
  }
}
