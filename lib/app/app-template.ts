// The parts of the bjw-s app-template values (chart 4.x) apps here use, typed so a misspelt key is a type
// error in the app file. Anything not modelled can still be passed through the index signatures.

export interface EnvVar {
  readonly name: string;
  readonly value?: string;
  readonly valueFrom?: { readonly secretKeyRef?: { readonly name: string; readonly key: string }; readonly configMapKeyRef?: { readonly name: string; readonly key: string } };
}

export interface AppTemplateSecurityContext {
  readonly runAsUser?: number;
  readonly runAsGroup?: number;
  readonly runAsNonRoot?: boolean;
  readonly fsGroup?: number;
  readonly allowPrivilegeEscalation?: boolean;
  readonly privileged?: boolean;
  readonly readOnlyRootFilesystem?: boolean;
  readonly capabilities?: { readonly add?: readonly string[]; readonly drop?: readonly string[] };
  readonly seccompProfile?: { readonly type: 'RuntimeDefault' | 'Localhost' | 'Unconfined' };
}

export interface AppTemplateContainer {
  readonly image: { readonly repository: string; readonly tag: string; readonly pullPolicy?: string };
  readonly env?: readonly EnvVar[] | Readonly<Record<string, string>>;
  readonly args?: readonly string[];
  readonly command?: readonly string[];
  readonly resources?: { readonly requests?: Readonly<Record<string, string>>; readonly limits?: Readonly<Record<string, string>> };
  readonly probes?: Partial<Readonly<Record<'liveness' | 'readiness' | 'startup', unknown>>>;
  readonly securityContext?: AppTemplateSecurityContext;
  readonly [extra: string]: unknown;
}

export interface AppTemplateController {
  readonly type?: 'deployment' | 'statefulset' | 'daemonset' | 'cronjob' | 'job';
  readonly replicas?: number;
  readonly serviceAccount?: { readonly identifier?: string; readonly name?: string };
  readonly pod?: { readonly securityContext?: AppTemplateSecurityContext; readonly [extra: string]: unknown };
  readonly containers: Readonly<Record<string, AppTemplateContainer>>;
  readonly initContainers?: Readonly<Record<string, AppTemplateContainer>>;
  readonly [extra: string]: unknown;
}

export interface AppTemplateService {
  readonly controller: string;
  readonly forceRename?: string;
  readonly type?: 'ClusterIP' | 'LoadBalancer' | 'NodePort';
  readonly ports: Readonly<Record<string, { readonly port: number; readonly protocol?: 'TCP' | 'UDP'; readonly targetPort?: number }>>;
  readonly [extra: string]: unknown;
}

/** app-template values (the modelled subset). */
export interface AppTemplateValues {
  readonly defaultPodOptions?: { readonly securityContext?: AppTemplateSecurityContext; readonly [extra: string]: unknown };
  readonly controllers: Readonly<Record<string, AppTemplateController>>;
  readonly service?: Readonly<Record<string, AppTemplateService>>;
  readonly persistence?: Readonly<Record<string, unknown>>;
  readonly serviceAccount?: Readonly<Record<string, unknown>>;
  readonly rbac?: {
    readonly roles?: Readonly<Record<string, { readonly type: 'Role' | 'ClusterRole'; readonly rules: ReadonlyArray<{ readonly apiGroups: readonly string[]; readonly resources: readonly string[]; readonly verbs: readonly string[] }> }>>;
    readonly bindings?: Readonly<Record<string, unknown>>;
  };
  readonly [extra: string]: unknown;
}
