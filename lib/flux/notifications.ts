import { Construct } from 'constructs';
import {
  Alert,
  AlertSpecEventSeverity,
  AlertSpecEventSourcesKind,
  Provider,
  ProviderSpecType,
} from '../generated/crds/notification.toolkit.fluxcd.io.js';
import { FLUX_NAMESPACE } from './defaults.js';

export type NotificationProviderType = 'discord' | 'githubdispatch';

export interface NotificationProviderProps {
  readonly name: string;
  readonly type: NotificationProviderType;
  /** Secret in flux-system holding `address` (webhooks) or `token` (GitHub). */
  readonly secretName: string;
  /** Repository URL for githubdispatch. */
  readonly address?: string;
}

/** A Flux notification Provider (notification.toolkit.fluxcd.io/v1beta3) in flux-system. */
export class NotificationProvider extends Construct {
  readonly name: string;

  constructor(scope: Construct, id: string, props: NotificationProviderProps) {
    super(scope, id);
    this.name = props.name;
    new Provider(this, 'Resource', {
      metadata: { name: props.name, namespace: FLUX_NAMESPACE },
      spec: {
        type: props.type === 'discord' ? ProviderSpecType.DISCORD : ProviderSpecType.GITHUBDISPATCH,
        ...(props.address ? { address: props.address } : {}),
        secretRef: { name: props.secretName },
      },
    });
  }
}

/** Flux kinds an Alert can watch. */
export type WatchedKind = 'Kustomization' | 'HelmRelease' | 'GitRepository' | 'OCIRepository' | 'HelmRepository' | 'HelmChart';
const KIND: Record<WatchedKind, AlertSpecEventSourcesKind> = {
  Kustomization: AlertSpecEventSourcesKind.KUSTOMIZATION,
  HelmRelease: AlertSpecEventSourcesKind.HELM_RELEASE,
  GitRepository: AlertSpecEventSourcesKind.GIT_REPOSITORY,
  OCIRepository: AlertSpecEventSourcesKind.OCI_REPOSITORY,
  HelmRepository: AlertSpecEventSourcesKind.HELM_REPOSITORY,
  HelmChart: AlertSpecEventSourcesKind.HELM_CHART,
};

export interface FluxAlertProps {
  readonly name: string;
  readonly provider: NotificationProvider;
  readonly severity: 'info' | 'error';
  /** Watched objects; name `*` = every object of the kind (in flux-system). */
  readonly sources: ReadonlyArray<{ readonly kind: WatchedKind; readonly name: string }>;
  /** Only events whose message matches one of these regular expressions. */
  readonly inclusionList?: readonly string[];
  /** Extra metadata sent with each event (e.g. the cluster name). */
  readonly eventMetadata?: Readonly<Record<string, string>>;
}

/** A Flux Alert (notification.toolkit.fluxcd.io/v1beta3) in flux-system. */
export class FluxAlert extends Construct {
  constructor(scope: Construct, id: string, props: FluxAlertProps) {
    super(scope, id);
    new Alert(this, 'Resource', {
      metadata: { name: props.name, namespace: FLUX_NAMESPACE },
      spec: {
        providerRef: { name: props.provider.name },
        eventSeverity: props.severity === 'info' ? AlertSpecEventSeverity.INFO : AlertSpecEventSeverity.ERROR,
        eventSources: props.sources.map((s) => ({ kind: KIND[s.kind], name: s.name })),
        ...(props.inclusionList?.length ? { inclusionList: [...props.inclusionList] } : {}),
        ...(props.eventMetadata ? { eventMetadata: { ...props.eventMetadata } } : {}),
      },
    });
  }
}
