import * as fs from 'node:fs';
import * as path from 'node:path';
import { jsonBlockAfter, jsonDifferences, mergePackageJson, relativeLinks, unresolvedLinks, withoutVersionStamps } from '../../scripts/lib/package-check';

describe('README links', () => {
  test('relative targets only, anchors and code spans dropped, absolute URLs left out', () => {
    const md = [
      '[a](docs/cli.md#flags) [b](https://example.com/x) [c](examples) [d](#top) [e](./docs/adr/)',
      '`[not](a-link.md)`',
      '```md',
      '[also-not](in-code.md)',
      '```',
    ].join('\n');
    expect(relativeLinks(md)).toEqual(['docs/adr', 'docs/cli.md', 'examples']);
  });

  test('a link resolves to a packed file or a directory holding one', () => {
    const files = ['package/README.md', 'package/docs/cli.md', 'package/examples/aws-quickstart/main.ts'];
    expect(unresolvedLinks(['docs/cli.md', 'examples', 'docs/adr', 'docs/cl'], files)).toEqual(['docs/adr', 'docs/cl']);
  });

  test('the README links what the repository holds (the packed tarball is checked by verify:package)', () => {
    const root = path.join(__dirname, '..', '..');
    const links = relativeLinks(fs.readFileSync(path.join(root, 'README.md'), 'utf8'));
    expect(links).toEqual(expect.arrayContaining(['docs/adr', 'examples', 'docs/constructs/ai-infra-stack.md', 'docs/cdk-terrain.md', 'docs/ci.md']));
    expect(links.filter((l) => !fs.existsSync(path.join(root, l)))).toEqual([]);
  });
});

describe('comparing cdktf and CDK Terrain output', () => {
  test('only the version stamps are removed', () => {
    const stack = { '//': { metadata: { version: '0.21.0', stackName: 's', backend: 'local' } }, 'resource': { a: { b: { version: '1' } } } };
    expect(withoutVersionStamps(stack)).toEqual({ '//': { metadata: { stackName: 's', backend: 'local' } }, 'resource': { a: { b: { version: '1' } } } });
    expect(withoutVersionStamps({ stacks: {}, version: '0.24.0' })).toEqual({ stacks: {} });
    expect(stack['//'].metadata.version).toBe('0.21.0');
  });

  test('differences are reported by path', () => {
    expect(jsonDifferences({ a: { b: 1, c: [1, 2] } }, { a: { b: 2, c: [1, 3] } })).toEqual(['a.b', 'a.c.1']);
    expect(jsonDifferences({ a: 1 }, { a: 1 })).toEqual([]);
  });
});

describe('docs/cdk-terrain.md recipe', () => {
  test('the package.json block aliases cdktf to cdktn and overrides every cdktf with it', () => {
    const doc = fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'cdk-terrain.md'), 'utf8');
    const fragment = jsonBlockAfter(doc, '## The package.json change');
    expect(fragment).toMatchObject({
      dependencies: { cdktf: 'npm:cdktn@0.24.0' },
      overrides: { cdktf: '$cdktf' },
      devDependencies: { 'cdktn-cli': '0.24.0', 'node': '^22.19.0' },
    });
    const merged = mergePackageJson({ name: 'app', dependencies: { 'cdktf': '0.21.0', 'cdktf-ai-infra': '1.0.0' } }, fragment);
    expect(merged.dependencies).toEqual({ 'cdktf': 'npm:cdktn@0.24.0', 'cdktf-ai-infra': '1.0.0', 'constructs': '10.7.2' });
    expect(merged.name).toBe('app');
  });
});
