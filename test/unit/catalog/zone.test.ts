import { describe, expect, it } from 'vitest';
import { computeZone, isPubliclyListed } from '../../../functions/src/core/catalog/zone.ts';
import { LEVELS, OPEN_TYPES, SHARE_TYPES } from '../../../functions/src/core/schemas/vocabulary.ts';

describe('computeZone', () => {
  it('puts only level 1 无条件开放 data in the open zone, whatever the share type', () => {
    for (const level of LEVELS)
      for (const openType of OPEN_TYPES)
        for (const shareType of SHARE_TYPES) {
          const zone = computeZone({ level, openType, shareType });
          expect(zone === 'open').toBe(level === 1 && openType === '无条件开放');
        }
  });

  it('keeps data that is neither shared nor opened private in staging', () => {
    expect(computeZone({ level: 3, openType: '不予开放', shareType: '不予共享' })).toBe('staging');
  });

  it('puts shared or conditionally opened data in the shared zone', () => {
    expect(computeZone({ level: 2, openType: '不予开放', shareType: '有条件共享' })).toBe('shared');
    expect(computeZone({ level: 2, openType: '有条件开放', shareType: '不予共享' })).toBe('shared');
    expect(computeZone({ level: 1, openType: '有条件开放', shareType: '无条件共享' })).toBe(
      'shared',
    );
  });
});

describe('isPubliclyListed', () => {
  it('lists every entry except 不予开放 ones in the public catalog', () => {
    expect(OPEN_TYPES.filter((openType) => isPubliclyListed({ openType }))).toEqual([
      '无条件开放',
      '有条件开放',
    ]);
  });
});
