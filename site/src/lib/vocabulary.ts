import {
  AGENCY_LEVELS,
  CATEGORIES,
  CATEGORY_IDS,
  ITEM_TYPES,
  OPEN_TYPES,
  RESOURCE_FORMATS,
  SHARE_METHODS,
  SHARE_TYPES,
  UPDATE_CYCLES,
} from '../../../functions/src/core/schemas/vocabulary.ts';
import type {
  ItemType,
  OpenType,
  ResourceFormat,
  ShareMethod,
  ShareType,
  UpdateCycle,
} from '../../../functions/src/core/schemas/vocabulary.ts';
import type { Translate } from './i18n.ts';

type AgencyLevel = (typeof AGENCY_LEVELS)[number];

/**
 * An ASCII id for every term of the controlled vocabularies. Ids name the facet pages
 * (`/datasets/category/population/`) and the i18n keys of the terms' labels
 * (`category.population`); the terms themselves stay the Chinese values of the catalog.
 */
export const VOCABULARY = {
  category: CATEGORY_IDS,
  format: {
    电子文件: 'document',
    电子表格: 'spreadsheet',
    数据库: 'database',
    图形图像: 'image',
    流媒体: 'media',
    自描述格式: 'self-describing',
    服务接口: 'api',
  } satisfies Record<ResourceFormat, string>,
  openType: {
    无条件开放: 'unconditional',
    有条件开放: 'conditional',
    不予开放: 'closed',
  } satisfies Record<OpenType, string>,
  shareType: {
    无条件共享: 'unconditional',
    有条件共享: 'conditional',
    不予共享: 'none',
  } satisfies Record<ShareType, string>,
  shareMethod: {
    接口: 'api',
    文件: 'file',
    库表: 'table',
  } satisfies Record<ShareMethod, string>,
  updateCycle: {
    实时: 'realtime',
    每日: 'daily',
    每周: 'weekly',
    每月: 'monthly',
    每季度: 'quarterly',
    每半年: 'half-yearly',
    每年: 'yearly',
    不定期: 'irregular',
  } satisfies Record<UpdateCycle, string>,
  itemType: {
    字符型: 'string',
    备注型: 'memo',
    通用型: 'binary',
    数值型: 'number',
    货币型: 'currency',
    整型: 'integer',
    日期型: 'date',
    日期时间型: 'datetime',
    逻辑型: 'boolean',
  } satisfies Record<ItemType, string>,
  agencyLevel: {
    国家级: 'national',
    省级: 'provincial',
    市级: 'municipal',
    区县级: 'county',
  } satisfies Record<AgencyLevel, string>,
} as const;

export type VocabularyKind = keyof typeof VOCABULARY;

/** Every term of each vocabulary, in the order the catalog standard lists them. */
export const TERMS: { [K in VocabularyKind]: readonly (keyof (typeof VOCABULARY)[K])[] } = {
  category: CATEGORIES,
  format: RESOURCE_FORMATS,
  openType: OPEN_TYPES,
  shareType: SHARE_TYPES,
  shareMethod: SHARE_METHODS,
  updateCycle: UPDATE_CYCLES,
  itemType: Object.keys(ITEM_TYPES) as ItemType[],
  agencyLevel: AGENCY_LEVELS,
};

/** The ASCII id of a vocabulary term. */
export function termId(kind: VocabularyKind, term: string): string {
  const id = (VOCABULARY[kind] as Record<string, string>)[term];
  if (!id) throw new Error(`no id for ${kind} term "${term}"`);
  return id;
}

/** The label of a vocabulary term in the page language. */
export function termLabel(t: Translate, kind: VocabularyKind, term: string): string {
  return t(`${kind}.${termId(kind, term)}`);
}
