/** How much storage a cluster's platform data services get (reference: infra.md §5 `storage_provisioning`). */
export type StorageProvisioning = 'normal' | 'minimal';

/** Volume sizes of the platform data services per storage provisioning (reference: infra.md §5). */
export interface StorageSizes {
  readonly garageData: string;
  readonly garageMeta: string;
  readonly database: string;
  readonly dragonfly: string;
  readonly loki: string;
  readonly prometheus: string;
  /** Prometheus TSDB retention size (Prometheus units, e.g. `90GB`). */
  readonly prometheusRetention: string;
}

export const STORAGE_SIZES: Readonly<Record<StorageProvisioning, StorageSizes>> = {
  normal: { garageData: '100Gi', garageMeta: '10Gi', database: '20Gi', dragonfly: '2Gi', loki: '50Gi', prometheus: '100Gi', prometheusRetention: '90GB' },
  minimal: { garageData: '1Gi', garageMeta: '1Gi', database: '1Gi', dragonfly: '1Gi', loki: '1Gi', prometheus: '2Gi', prometheusRetention: '1GB' },
};
