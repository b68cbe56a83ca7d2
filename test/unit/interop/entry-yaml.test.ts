import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parse } from 'yaml';
import { toYaml } from '../../../functions/src/services/interop/entry-yaml.ts';
import { parseEntryFile } from '../../../functions/src/core/catalog/parse-source.ts';
import { openEntry } from '../../support/entries.ts';

describe('toYaml', () => {
  it('writes an entry in the demo catalog’s block style, which parseEntryFile reads back', () => {
    const entry = openEntry({
      keywords: ['机构', 'SODA2022'],
      origin: { platform: 'data.sh.gov.cn', id: '上海市/婚姻登记机构/2014-12-29' },
    });
    const text = toYaml(entry);
    expect(text).toContain('code: 103/000001\ntitle:\n  zh: 行政区划代码\n');
    expect(text).toContain('items:\n  - name: code\n    type: 字符型\n    length: 6\n');
    expect(text).toContain('issued: 2023-06-30\n');
    expect(parseEntryFile({ path: 'x.yaml', text }).value).toEqual(
      parseEntryFile({ path: 'x.yaml', text: JSON.stringify(entry) }).value,
    );
  });

  it('quotes what a YAML reader would take for something else', () => {
    const text = toYaml({
      a: 'yes',
      b: '1978',
      c: 'x: y',
      d: ' lead',
      e: '#tag',
      f: 'a\nb',
      g: '',
      h: 'No',
    });
    expect(text).toBe(
      'a: "yes"\nb: "1978"\nc: "x: y"\nd: " lead"\ne: "#tag"\nf: "a\\nb"\ng: ""\nh: "No"\n',
    );
  });

  it('reads back every string, list and nesting as written', () => {
    const numeric = fc.constantFrom(...'019.eE-+xo :_afin#,');
    const text = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 20 }),
      fc.string({ unit: numeric, maxLength: 8 }),
    );
    const value = fc.dictionary(
      fc.constantFrom('title', 'abstract', 'keywords', 'origin', 'level', 'contact'),
      fc.oneof(
        text,
        fc.array(text, { maxLength: 4 }),
        fc.dictionary(fc.constantFrom('zh', 'en', 'id'), text),
        fc.integer(),
        fc.boolean(),
      ),
    );
    fc.assert(
      fc.property(value, (v) => {
        expect(parse(toYaml(v))).toEqual(v);
      }),
      { numRuns: 1000 },
    );
  });
});
