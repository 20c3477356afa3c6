import type { MetricSource } from '../catalog.js';

/** Series Prometheus itself writes for every target and alert (no exporter needed). */
export const prometheusTargetMetrics: MetricSource = {
  component: 'prometheus (per target)',
  metrics: ['up', 'scrape_duration_seconds', 'scrape_samples_scraped', 'scrape_samples_post_metric_relabeling', 'scrape_series_added', 'ALERTS', 'ALERTS_FOR_STATE'],
};
