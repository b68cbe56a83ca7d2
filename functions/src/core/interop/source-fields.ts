import { cnpdsProfile } from './cnpds-portals.ts';
import type { ImportFormat } from './foreign-dataset.ts';

/** The source's own names for the fields whose values the mapping may drop, for the report. */
export type SourceFieldNames = {
  url: string;
  issued: string;
  modified: string;
  updateCycle: string;
  openType: string;
  formats: string;
  email: string;
  temporal: string;
  related: string;
};

const NAMES: Record<Exclude<ImportFormat, 'cnpds'>, SourceFieldNames> = {
  ckan: {
    url: 'url',
    issued: 'metadata_created',
    modified: 'metadata_modified',
    updateCycle: 'extras.frequency',
    openType: 'private',
    formats: 'resources[].format',
    email: 'maintainer_email',
    temporal: 'extras.temporal',
    related: 'relationships',
  },
  datajson: {
    url: 'landingPage',
    issued: 'issued',
    modified: 'modified',
    updateCycle: 'accrualPeriodicity',
    openType: 'accessLevel',
    formats: 'distribution[].format',
    email: 'contactPoint.hasEmail',
    temporal: 'temporal',
    related: 'references',
  },
  dcat: {
    url: 'dcat:landingPage',
    issued: 'dct:issued',
    modified: 'dct:modified',
    updateCycle: 'dct:accrualPeriodicity',
    openType: 'dct:accessRights',
    formats: 'dct:format',
    email: 'dcat:contactPoint',
    temporal: 'dct:temporal',
    related: 'dct:relation',
  },
};

/** The field names of the source a record was read from (a CN-PDS portal's own, by its host). */
export function sourceFieldNames(from: ImportFormat, platform: string): SourceFieldNames {
  if (from !== 'cnpds') return NAMES[from];
  const f = cnpdsProfile(platform)?.fields;
  return {
    url: f?.url ?? '详情页网址',
    issued: f?.issued ?? '发布日期',
    modified: f?.modified ?? '更新日期',
    updateCycle: f?.updateCycle ?? '更新频率',
    openType: f?.openType ?? '开放属性',
    formats: f?.formats ?? '数据格式',
    email: f?.contact ?? '联系方式',
    temporal: '时间范围',
    related: '关联资源',
  };
}
