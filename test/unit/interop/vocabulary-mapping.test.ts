import { describe, expect, it } from 'vitest';
import { mapCategory } from '../../../functions/src/core/interop/map-category.ts';
import { mapOpenType } from '../../../functions/src/core/interop/map-open-type.ts';
import { mapResourceFormat } from '../../../functions/src/core/interop/map-resource-format.ts';
import { mapUpdateCycle } from '../../../functions/src/core/interop/map-update-cycle.ts';
import { categoryIri } from '../../../functions/src/core/interop/dcat-vocabulary.ts';

describe('mapUpdateCycle', () => {
  it('maps the portals’ words as data/README.md says, ignoring the 更新说明', () => {
    expect(mapUpdateCycle('每天')).toBe('每日');
    expect(mapUpdateCycle('即时')).toBe('实时');
    expect(mapUpdateCycle('不定期更新')).toBe('不定期');
    expect(mapUpdateCycle('静态数据')).toBe('不定期');
    expect(mapUpdateCycle('不更新(更新说明:暂无新业务数据产生)')).toBe('不定期');
    expect(mapUpdateCycle('每季度(更新说明:暂无新业务数据产生)')).toBe('每季度');
    expect(mapUpdateCycle('每半年')).toBe('每半年');
  });

  it('maps ISO 8601 repeating durations to the least frequent cycle that keeps the promise', () => {
    expect(mapUpdateCycle('R/P1Y')).toBe('每年');
    expect(mapUpdateCycle('R/P6M')).toBe('每半年');
    expect(mapUpdateCycle('R/P3M')).toBe('每季度');
    expect(mapUpdateCycle('R/P1M')).toBe('每月');
    expect(mapUpdateCycle('R/P2W')).toBe('每月');
    expect(mapUpdateCycle('R/P1W')).toBe('每周');
    expect(mapUpdateCycle('R/P1D')).toBe('每日');
    expect(mapUpdateCycle('R/PT1H')).toBe('每日');
    expect(mapUpdateCycle('R/PT1S')).toBe('实时');
    expect(mapUpdateCycle('R/P2Y')).toBe('不定期');
  });

  it('maps English words and EU frequency IRIs, and nothing else', () => {
    expect(mapUpdateCycle('irregular')).toBe('不定期');
    expect(mapUpdateCycle('Monthly')).toBe('每月');
    expect(
      mapUpdateCycle('http://publications.europa.eu/resource/authority/frequency/QUARTERLY'),
    ).toBe('每季度');
    expect(mapUpdateCycle('自定义')).toBeUndefined();
    expect(mapUpdateCycle('R/P')).toBeUndefined();
  });
});

describe('mapOpenType', () => {
  it('maps data.json access levels and EU access rights', () => {
    expect(mapOpenType('public')).toEqual({ openType: '无条件开放' });
    expect(mapOpenType('restricted public')).toEqual({ openType: '有条件开放' });
    expect(mapOpenType('non-public')).toEqual({ openType: '不予开放' });
    expect(
      mapOpenType('http://publications.europa.eu/resource/authority/access-right/RESTRICTED'),
    ).toEqual({ openType: '有条件开放' });
  });

  it('reads 浙江’s 开放条件 texts, keeping an on-request text as the condition', () => {
    expect(mapOpenType('开放网站')).toEqual({ openType: '无条件开放' });
    expect(mapOpenType('完全开放')).toEqual({ openType: '无条件开放' });
    expect(mapOpenType('依申请开放')).toEqual({ openType: '有条件开放', condition: '依申请开放' });
    expect(mapOpenType('开放网站申请')).toEqual({
      openType: '有条件开放',
      condition: '开放网站申请',
    });
    expect(mapOpenType('1级\t不脱敏')).toBeUndefined();
    expect(mapOpenType('暂无')).toBeUndefined();
  });
});

describe('mapResourceFormat', () => {
  it('follows data/README.md for the portals’ lists', () => {
    expect(mapResourceFormat(['rdf', 'xml', 'xlsx', 'json', 'csv'])).toBe('电子表格');
    expect(mapResourceFormat(['xlsx', 'api'])).toBe('电子表格');
    expect(mapResourceFormat(['json'])).toBe('自描述格式');
    expect(mapResourceFormat(['jpg'])).toBe('图形图像');
    expect(mapResourceFormat(['docx', 'pdf'])).toBe('电子文件');
    expect(mapResourceFormat(['api'])).toBe('服务接口');
    expect(mapResourceFormat(['数据库-sqlServer'])).toBe('数据库');
    expect(mapResourceFormat(['电子表格/xlsx'])).toBe('电子表格');
    expect(mapResourceFormat(['自描述格式/其他'])).toBe('自描述格式');
  });

  it('reads media types and file-type IRIs, and counts a web page only when nothing else is listed', () => {
    expect(mapResourceFormat(['text/csv'])).toBe('电子表格');
    expect(
      mapResourceFormat(['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet']),
    ).toBe('电子表格');
    expect(mapResourceFormat(['application/geo+json'])).toBe('自描述格式');
    expect(mapResourceFormat(['image/tiff'])).toBe('图形图像');
    expect(
      mapResourceFormat(['http://publications.europa.eu/resource/authority/file-type/JSON']),
    ).toBe('自描述格式');
    expect(mapResourceFormat(['HTML', 'API'])).toBe('服务接口');
    expect(mapResourceFormat(['HTML'])).toBe('电子文件');
  });

  it('gives undefined when no name is known', () => {
    expect(mapResourceFormat([])).toBeUndefined();
    expect(mapResourceFormat(['WP', 'MPJ'])).toBeUndefined();
  });
});

describe('mapCategory', () => {
  it('maps domain labels that clearly fit a theme, splitting lists', () => {
    expect(mapCategory(['城市建设', '城乡建设、环境保护'])).toBe('主题/城乡建设');
    expect(mapCategory(['卫生健康'])).toBe('主题/健康保障');
    expect(mapCategory(['信用服务,机构团体'])).toBe('主题/信用体系');
    expect(mapCategory(['机构团体', '国土资源、能源'])).toBe('主题/能源安全');
  });

  it('files 电子证照 titles and base-library labels under the base categories', () => {
    expect(mapCategory(['市场监督'], '电子证照_全国工业产品生产许可证')).toBe('基础/电子证照');
    expect(mapCategory(['法人基础信息', '社会信用'])).toBe('基础/法人单位');
    expect(mapCategory(['地理空间'])).toBe('基础/自然资源和空间地理');
  });

  it('reads our own category concepts back', () => {
    expect(mapCategory([categoryIri('主题/应急维稳')])).toBe('主题/应急维稳');
    expect(mapCategory(['主题/价格监管'])).toBe('主题/价格监管');
  });

  it('gives undefined for labels with no clear fit', () => {
    expect(mapCategory(['经济建设', '综合政务', '其他', '默认主题'])).toBeUndefined();
  });
});
