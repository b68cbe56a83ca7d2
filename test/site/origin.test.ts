import { describe, expect, it } from 'vitest';
import { distinctOriginId } from '../../site/src/lib/origin.ts';

describe('distinctOriginId', () => {
  it('gives the identifier a record has on its platform', () => {
    expect(
      distinctOriginId({
        platform: 'data.zhoushan.gov.cn',
        id: '4793',
        url: 'http://data.zhoushan.gov.cn/#/OpenData/DataSet/Detail?id=4793',
      }),
    ).toBe('4793');
    expect(distinctOriginId({ platform: 'data.zhoushan.gov.cn', id: '4786' })).toBe('4786');
  });

  it('gives nothing for a record identified only by its page’s address, as CNPDS exports are', () => {
    const url = 'http://data.zhoushan.gov.cn/#/OpenData/DataSet/Detail?id=30242';
    expect(distinctOriginId({ platform: 'data.zhoushan.gov.cn', id: url, url })).toBeUndefined();
  });
});
