import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import {
  parseAgenciesFile,
  parseEntryFile,
} from '../../../functions/src/core/catalog/parse-source.ts';
import { formatPath } from '../../../functions/src/core/field-path.ts';
import { formatProblem } from '../../../functions/src/core/errors.ts';
import { openEntry, agency } from '../../support/entries.ts';

const file = (text: string) => ({ path: 'data/entries/103-000001.yaml', text });

describe('parseEntryFile', () => {
  it('parses a valid entry', () => {
    const parsed = parseEntryFile(file(stringify(openEntry())));
    expect(parsed.problems).toEqual([]);
    expect(parsed.value?.code).toBe('103/000001');
  });

  it('names the file, line and column of a YAML syntax error', () => {
    const text = 'code: 103/000001\ntitle:\n zh: a\n  en: b\nabstract: x\n';
    const [p] = parseEntryFile(file(text)).problems;
    expect(p).toMatchObject({
      code: 'yaml-syntax',
      file: 'data/entries/103-000001.yaml',
      line: 3,
      column: 6,
    });
    expect(formatProblem(p!)).toBe(
      'data/entries/103-000001.yaml:3:6: Nested mappings are not allowed in compact mappings',
    );
  });

  it('names the field and its line when a value is wrong', () => {
    const text = stringify(openEntry({ shareType: '有条件共享' })).replace(
      'updateCycle: 每年',
      'updateCycle: 每两年',
    );
    const problems = parseEntryFile(file(text)).problems;
    const cycle = problems.find((p) => p.field === 'updateCycle')!;
    expect(cycle.line).toBe(text.split('\n').findIndex((l) => l.startsWith('updateCycle')) + 1);
    expect(cycle.message).toMatch(/^expected one of "实时"/);
    expect(problems.find((p) => p.field === 'shareCondition')?.message).toBe(
      '有条件共享 needs a 共享条件 (shareCondition)',
    );
  });

  it('says a missing required field is required, at its parent', () => {
    const { title: _t, ...rest } = openEntry();
    const [p] = parseEntryFile(file(stringify(rest))).problems;
    expect(p).toMatchObject({ field: 'title', message: 'is required', line: 1 });
  });

  it('reports nested paths as people write them', () => {
    const text = stringify(openEntry({ items: [{ name: 'code', type: '文本型' as never }] }));
    expect(parseEntryFile(file(text)).problems.map((p) => p.field)).toEqual(['items[0].type']);
  });

  it('rejects a duplicated key', () => {
    const problems = parseEntryFile(file('code: 103/000001\ncode: 103/000002\n')).problems;
    expect(problems[0]).toMatchObject({ code: 'yaml-syntax', line: 2 });
  });
});

describe('parseAgenciesFile', () => {
  it('parses a list of agencies', () => {
    expect(
      parseAgenciesFile({ path: 'a.yaml', text: stringify({ agencies: [agency()] }) }).value,
    ).toHaveLength(1);
  });

  it('rejects a malformed region code with its path', () => {
    const parsed = parseAgenciesFile({
      path: 'a.yaml',
      text: stringify({ agencies: [agency({ region: '31' })] }),
    });
    expect(parsed.problems.map((p) => p.field)).toEqual(['agencies[0].region']);
  });
});

describe('formatPath', () => {
  it('joins keys with dots and indexes with brackets', () => {
    expect(formatPath(['items', 2, 'type'])).toBe('items[2].type');
    expect(formatPath([])).toBe('');
  });
});
