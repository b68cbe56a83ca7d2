import { describe, expect, it } from 'vitest';
import {
  COMPLETENESS_FIELDS,
  completeness,
} from '../../../functions/src/core/quality/completeness.ts';
import type { CompletenessInput } from '../../../functions/src/core/quality/completeness.ts';

/** An entry with only the required fields. */
const bare: CompletenessInput = {
  title: { zh: '人口基础信息' },
  abstract: { zh: '户籍人口的基础信息' },
  keywords: [],
  openType: '无条件开放',
  items: [],
};

/** An open entry that fills every completeness field. */
const full: CompletenessInput = {
  title: { zh: '人口基础信息', en: 'Population base information' },
  abstract: { zh: '户籍人口的基础信息', en: 'Registered residents' },
  keywords: ['人口'],
  contact: { email: 'data@example.gov.cn' },
  licence: 'CC-BY-4.0',
  spatial: '浙江省',
  temporal: { start: '2020-01-01' },
  openType: '无条件开放',
  items: [
    {
      name: '姓名',
      nameEn: 'name',
      type: '字符型',
      description: '户籍登记姓名',
      required: true,
      key: false,
    },
  ],
};

describe('completeness', () => {
  it('scores an entry with every field filled 1', () => {
    expect(completeness(full)).toBe(1);
  });

  it('scores an open entry with only the required fields 0', () => {
    expect(completeness(bare)).toBe(0);
  });

  it('does not expect a licence of an entry that is not opened', () => {
    // 9 applicable fields, 8 filled: licence does not count at all.
    const closed = { ...full, openType: '不予开放', licence: undefined } as const;
    expect(completeness(closed)).toBe(1);
    // An opened entry without a licence misses one of 10: 9/10.
    expect(completeness({ ...full, licence: undefined })).toBeCloseTo(0.9, 12);
  });

  it('scores item descriptions and English names by the share of items that have them', () => {
    const items: CompletenessInput['items'] = [
      { name: 'a', nameEn: 'a', type: '字符型', description: 'x', required: false, key: false },
      { name: 'b', type: '字符型', description: '  ', required: false, key: false },
      { name: 'c', type: '字符型', required: false, key: false },
      { name: 'd', nameEn: 'd', type: '字符型', description: 'y', required: false, key: false },
    ];
    // Of 10 fields, 8 score 1; descriptions 2/4 (a blank one does not count); English names 2/4.
    // (8 + 0.5 + 0.5) / 10 = 0.9
    expect(completeness({ ...full, items })).toBeCloseTo(0.9, 12);
  });

  it('counts a contact only with a way to reach it', () => {
    // contact without phone or e-mail: 9 of 10.
    expect(completeness({ ...full, contact: { name: '数据处' } })).toBeCloseTo(0.9, 12);
    expect(completeness({ ...full, contact: { phone: '0571-12345678' } })).toBe(1);
  });

  it('counts a temporal coverage with either end', () => {
    expect(completeness({ ...full, temporal: { end: '2025-12-31' } })).toBe(1);
    expect(completeness({ ...full, temporal: {} })).toBeCloseTo(0.9, 12);
  });

  it('lists each field once, with labels in both languages', () => {
    const keys = COMPLETENESS_FIELDS.map((field) => field.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys).toEqual([
      'titleEn',
      'abstractEn',
      'keywords',
      'contact',
      'licence',
      'spatial',
      'temporal',
      'items',
      'itemDescriptions',
      'itemNamesEn',
    ]);
    for (const field of COMPLETENESS_FIELDS) expect(field.label.en, field.key).toBeTruthy();
  });
});
