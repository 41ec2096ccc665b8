import { Testing } from 'cdktf';
import { AWS_BACKENDS } from '../../src/aws';
import { assertBackendAvailable, BACKEND_CONSTRUCTS, BackendKey, PROVIDER_PACKAGES, unavailableBackend } from '../../src/core/backends';
import { AiInfraError } from '../../src/errors';
import { GCP_BACKENDS } from '../../src/gcp';
import { FakeGpuCluster } from '../helpers/fake-cluster';
import { gcpStack } from '../helpers/stack';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const pkg = require('../../package.json') as { peerDependencies: Record<string, string>; devDependencies: Record<string, string> };

const KEYS = Object.keys(BACKEND_CONSTRUCTS) as BackendKey[];

describe('CloudBackends: one factory per construct and cloud', () => {
  test('the provider package versions the loader names are the ones package.json pins', () => {
    for (const { name, version } of Object.values(PROVIDER_PACKAGES)) {
      expect(pkg.peerDependencies[name]).toBe(version);
      expect(pkg.devDependencies[name]).toBe(version);
    }
  });

  test('AWS has a factory for each of the eight constructs and RemoteStateStore, and none is a placeholder', () => {
    expect(AWS_BACKENDS.cloud).toBe('aws');
    expect(KEYS).toHaveLength(9);
    for (const key of KEYS) expect(typeof AWS_BACKENDS[key]).toBe('function');
  });

  test.each(KEYS)('GCP %s is a real factory, not a placeholder', (key) => {
    expect(GCP_BACKENDS.cloud).toBe('gcp');
    expect(typeof GCP_BACKENDS[key]).toBe('function');
    expect(() => assertBackendAvailable(GCP_BACKENDS[key], 'gcp/Thing')).not.toThrow();
  });

  test.each(KEYS)('a cloud without a %s backend: its placeholder throws the one clear error, naming the construct', (key) => {
    const placeholder = unavailableBackend('gcp', key);
    expect(() => assertBackendAvailable(placeholder, 'gcp/Thing')).toThrow(AiInfraError);
    let error: unknown;
    try {
      (placeholder as unknown as (scope: unknown, plan: { where: string }) => unknown)(undefined, { where: 'gcp/Thing' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AiInfraError);
    expect((error as AiInfraError).field).toBe('cloud');
    expect((error as Error).message).toBe(`gcp/Thing: cloud must be "aws": the GCP backend of ${BACKEND_CONSTRUCTS[key]} is not available yet, got "gcp"`);
  });
});

describe('the loader: only the stack\'s cloud, and a clear error without its provider package', () => {
  afterEach(() => {
    jest.resetModules();
    jest.dontMock('../../src/gcp');
    jest.dontMock('../../src/aws');
  });

  test('an AWS stack with a cluster never loads src/gcp (nor @cdktf/provider-google)', () => {
    jest.isolateModules(() => {
      jest.doMock('../../src/gcp', () => {
        throw new Error('src/gcp was loaded by an AWS stack');
      });
      /* eslint-disable @typescript-eslint/no-require-imports */
      const { AiInfraStack } = require('../../src/constructs/stack') as typeof import('../../src/constructs/stack');
      const { GpuCluster } = require('../../src/constructs/gpu-cluster') as typeof import('../../src/constructs/gpu-cluster');
      /* eslint-enable @typescript-eslint/no-require-imports */
      const stack = new AiInfraStack(Testing.app(), 'test', {
        cloud: 'aws', region: 'us-east-1', namePrefix: 'test', tags: { project: 'p', environment: 'e', costCenter: 'c' }, aws: { accountId: '123456789012' },
      });
      const cluster = new GpuCluster(stack, 'Cluster');
      expect(cluster.aws?.cloud).toBe('aws');
    });
  });

  test('a missing @cdktf/provider-aws is an AiInfraError naming the package and version to install', () => {
    jest.isolateModules(() => {
      jest.doMock('../../src/aws', () => {
        const e = new Error('Cannot find module \'@cdktf/provider-aws/lib/provider\'\nRequire stack: ...') as Error & { code: string };
        e.code = 'MODULE_NOT_FOUND';
        throw e;
      });
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { backendsFor } = require('../../src/constructs/backends') as typeof import('../../src/constructs/backends');
      let error: unknown;
      try {
        backendsFor('aws', 'test');
      } catch (e) {
        error = e;
      }
      expect((error as Error).constructor.name).toBe('AiInfraError');
      expect((error as Error).message).toContain('@cdktf/provider-aws@20.1.0 is missing');
      expect((error as Error).message).toContain('npm install @cdktf/provider-aws@20.1.0');
    });
  });

  test('another failure while loading a backend is not disguised as a missing package', () => {
    jest.isolateModules(() => {
      jest.doMock('../../src/gcp', () => {
        throw new TypeError('boom');
      });
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { backendsFor } = require('../../src/constructs/backends') as typeof import('../../src/constructs/backends');
      expect(() => backendsFor('gcp', 'test')).toThrow(TypeError);
    });
  });

  test('a GCP stack configures the google provider with the project and labels, and refuses a construct before planning', () => {
    const stack = gcpStack();
    const json = JSON.parse(Testing.synth(stack));
    expect(json.provider.google[0]).toMatchObject({ project: 'my-project-1', region: 'us-central1' });
    expect(json.provider.aws).toBeUndefined();
    const cluster = new FakeGpuCluster(stack, 'Cluster', { cloud: 'gcp', zones: ['us-central1-a', 'us-central1-b'] });
    expect(cluster.backend.cloud).toBe('gcp');
    expect(stack.gcpProjectNumber).toBe('123456789012');
  });
});

describe('StackContext accessors: our error, not a TypeError', () => {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { requireAwsAccountId, requireGcpProjectId, requireGcpProjectNumber } = require('../../src/core/context') as typeof import('../../src/core/context');
  /* eslint-enable @typescript-eslint/no-require-imports */

  test('on a GCP stack the AWS account id is an AiInfraError naming the construct and aws.accountId', () => {
    const stack = gcpStack();
    expect(() => requireAwsAccountId(stack, 'test/Budget')).toThrow(/^test\/Budget: aws.accountId must be an AWS stack with aws.accountId \(this stack's cloud is "gcp"\)/);
    expect(requireGcpProjectId(stack, 'test/Budget')).toBe('my-project-1');
    expect(requireGcpProjectNumber(stack, 'test/Budget')).toBe('123456789012');
  });

  test('a GCP stack without a project number: the backend that needs it says so', () => {
    const stack = gcpStack({ gcp: { projectId: 'my-project-1' } });
    expect(() => requireGcpProjectNumber(stack, 'test/Lustre')).toThrow(/^test\/Lustre: gcp.projectNumber must be the stack's GCP project number/);
  });
});
