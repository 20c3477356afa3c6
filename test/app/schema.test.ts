import { describe, expect, it } from 'vitest';
import { defaultValidator, formatIssue } from '../../lib/validation/index.js';
import { synthHomelab } from '../helpers.js';

// Every custom object the app and data-service constructs emit, checked against its CRD's strict schema
// (unknown fields rejected: a typo in a field name is an error, not a silently ignored key). The validator is
// the one `npm run validate` and the whole-homelab validation use, so a test worker compiles each schema once
// (compiling the large CRD schemas a second time, here, cost more than a minute on a loaded machine).
const FOLDERS = /^(apps\/[^/]+|config\/(database|dragonfly|garage|velero)-config|config\/(issuers|certificates|gateway))\//;

describe('app and data-service objects match their CRD schemas', () => {
  const out = synthHomelab();
  for (const cluster of out.clusters) {
    it(`${cluster.name}`, () => {
      let checked = 0;
      for (const o of cluster.objects) {
        if (!FOLDERS.test(o.file) || !o.object.apiVersion.includes('.')) continue;
        expect(defaultValidator().validate(o.object, `${cluster.name}/${o.file}`).map(formatIssue)).toEqual([]);
        checked++;
      }
      expect(checked).toBeGreaterThan(10);
    });
  }
});

describe('the schema check itself', () => {
  it('rejects an unknown field and a wrong type', () => {
    const validate = (o: object) => defaultValidator().validate(o);
    const key = { apiVersion: 'garage.rajsingh.info/v1beta1', kind: 'GarageKey', metadata: { name: 'k', namespace: 'garage' }, spec: { clusterRef: { name: 'garage' } } };
    expect(validate(key)).toEqual([]);
    expect(validate({ ...key, spec: { ...key.spec, neverExpire: true } })).not.toEqual([]);
    expect(validate({ ...key, spec: { ...key.spec, neverExpires: 'yes' } })).not.toEqual([]);
  });
});
