import { PolicyRule } from '../types';
import { resourcesOfType } from './util';

/** The text of a security policy whatever way it was written (literal JSON or a jsonencode expression). */
function policyText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value ?? '');
}

/** An OpenSearch Serverless collection is covered by an encryption policy with a customer key. */
export const AossCollectionKmsEncryption: PolicyRule = {
  id: 'AiInfra-AOSS-1',
  description: 'OpenSearch Serverless collections are covered by an encryption security policy with AWSOwnedKey false and a KmsARN',
  resourceTypes: ['aws_opensearchserverless_collection'],
  check(collection, ctx) {
    const name = typeof collection.config.name === 'string' ? collection.config.name : '';
    const covered = resourcesOfType(ctx, 'aws_opensearchserverless_security_policy').some((p) => {
      if (p.config.type !== 'encryption') return false;
      const text = policyText(p.config.policy);
      return (name === '' || text.includes(name)) && /KmsARN/.test(text) && !/"?AWSOwnedKey"?\s*[:=]\s*true/.test(text);
    });
    return covered ? undefined : 'no encryption security policy with a customer KmsARN (AWSOwnedKey false) covers this collection';
  },
};
