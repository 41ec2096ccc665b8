import { parseYamlSubset } from '../../src/cli/yaml-subset';

describe('YAML subset: refused input names the line', () => {
  test.each([
    ['a:\n\tb: 1', /^line 2: tabs in indentation/],
    ['a: &x 1', /^line 1: anchors \(&\) are not supported/],
    ['a: *x', /^line 1: aliases \(\*\) are not supported/],
    ['a: !!str 1', /^line 1: tags \(!\) are not supported/],
    ['a: |\n  text', /^line 1: block scalars \(\|\) are not supported/],
    ['---\na: 1', /^line 1: document markers and directives are not supported/],
    ['a: 1\na: 2', /^line 2: duplicate key "a"/],
    ['a: "open', /^line 1: unterminated double-quoted string/],
    ['a:\n    b: 1\n  c: 2', /^line 3: inconsistent indentation \(2 spaces under the block that starts at line 1\)/],
    ['a: [1, 2', /^line 1: expected "," or "\]" in a flow collection, got the end of the line/],
    ['a: {b 1}', /^line 1: expected ":" after key "b 1" in a flow mapping/],
    ['a: 1\n  b: 2', /^line 2: unexpected indentation of "b: 2"/],
  ])('%j', (source, message) => {
    expect(() => parseYamlSubset(source)).toThrow(message);
  });
});

describe('YAML subset: what it reads', () => {
  test('nested mappings, sequences of scalars and of mappings, flow collections, comments', () => {
    const source = [
      '# intent',
      'namePrefix: chat   # trailing comment',
      'compliance:',
      '  jurisdictions: [EU, "CH"]',
      '  programs:',
      '  - GDPR',
      'serving:',
      '  model: { id: "meta-llama/Llama-3.1-8B", paramsBillions: 8, kvHeads: 8 }',
      '  minNodes: 2',
      'features:',
      '  - name: users',
      '    online: true',
      '    features:',
      '      - { name: id, type: String }',
      '  - name: items',
      '    ttlHours: ~',
      'budget:',
      '  limitUsd: 1.5e4',
      '  emails: [\'fin#ops@example.com\']',
      '  note: it\'s fine: really',
    ].join('\n');
    expect(parseYamlSubset(source)).toEqual({
      namePrefix: 'chat',
      compliance: { jurisdictions: ['EU', 'CH'], programs: ['GDPR'] },
      serving: { model: { id: 'meta-llama/Llama-3.1-8B', paramsBillions: 8, kvHeads: 8 }, minNodes: 2 },
      features: [
        { name: 'users', online: true, features: [{ name: 'id', type: 'String' }] },
        { name: 'items', ttlHours: null },
      ],
      budget: { limitUsd: 15000, emails: ['fin#ops@example.com'], note: 'it\'s fine: really' },
    });
  });

  test('scalars: booleans, null, numbers stay typed; quoted numbers and versions stay strings', () => {
    expect(parseYamlSubset('a: true\nb: false\nc: null\nd: -3\ne: "8"\nf: 1.33\ng: 1.33.2\nh: \'it\'\'s\'\ni: []\nj: {}')).toEqual({
      a: true, b: false, c: null, d: -3, e: '8', f: 1.33, g: '1.33.2', h: 'it\'s', i: [], j: {},
    });
    expect(parseYamlSubset('')).toBeNull();
    expect(parseYamlSubset('- 1\n- - 2\n  - 3')).toEqual([1, [2, 3]]);
  });
});
