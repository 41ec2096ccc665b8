import * as fs from 'node:fs';
import * as path from 'node:path';

describe('README', () => {
  const readme = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');

  test('opens with the two commands: install + demo, and npm test', () => {
    const firstBlock = readme.split('```sh\n')[1].split('```')[0].trim().split('\n');
    expect(firstBlock[0]).toMatch(/^npm ci && npm run demo\b/);
    expect(firstBlock[1]).toMatch(/^npm test\b/);
  });

  test('the TypeScript example is examples/aws-quickstart/main.ts, which npm test synthesizes and plans', () => {
    const snippet = readme.split('```ts\n')[1].split('```')[0];
    const example = fs.readFileSync(path.join(__dirname, '..', 'examples', 'aws-quickstart', 'main.ts'), 'utf8');
    expect(snippet).toBe(example);
  });

  test('.ci/run runs the README test command', () => {
    const ci = fs.readFileSync(path.join(__dirname, '..', '.ci', 'run'), 'utf8');
    expect(ci).toMatch(/^npm test$/m);
  });
});
