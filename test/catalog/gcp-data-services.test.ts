import { VERTEX_FEATURE_STORE_OPTIMIZED_SERVING_SUNSET } from '../../src/catalog';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

describe('Vertex AI Feature Store Optimized online serving sunset (the FeatureStore GCP default rests on it)', () => {
  test('pinned: feature freeze 2026-05-17, sunset 2027-02-17, Bigtable online serving the replacement, from Google\'s page', () => {
    const fact = VERTEX_FEATURE_STORE_OPTIMIZED_SERVING_SUNSET;
    expect(fact).toMatchObject({
      capability: 'Vertex AI Feature Store Optimized online serving',
      featureFreeze: '2026-05-17',
      sunset: '2027-02-17',
      replacement: 'Bigtable online serving',
      source: 'https://docs.cloud.google.com/vertex-ai/docs/featurestore/latest/create-featureview',
      asOf: '2026-12-02',
    });
    // Google's own documentation page: confirmed (no confidence flag)
    expect(fact.confidence).toBeUndefined();
    expect(fact.note).toMatch(/On February 17, 2027, the capability will be fully sunset and APIs will no longer be available/);
  });

  test('dates are ISO; the feature freeze comes before the sunset', () => {
    const fact = VERTEX_FEATURE_STORE_OPTIMIZED_SERVING_SUNSET;
    for (const d of [fact.featureFreeze, fact.sunset, fact.asOf]) expect(d).toMatch(ISO_DATE);
    expect(Date.parse(fact.featureFreeze)).toBeLessThan(Date.parse(fact.sunset));
  });
});
