/**
 * The controlled vocabularies of the 政务信息资源目录 (government information-resource catalog),
 * as DESIGN.md lists them. Values are the Chinese terms used in real catalogs; English labels
 * live in the site's i18n files, not here.
 */

/** 信息资源分类: the three classes with their libraries and themes, written `类/项`. */
export const CATEGORIES = [
  '基础/人口',
  '基础/法人单位',
  '基础/自然资源和空间地理',
  '基础/社会信用',
  '基础/电子证照',
  '主题/公共服务',
  '主题/健康保障',
  '主题/社会保障',
  '主题/食品药品安全',
  '主题/安全生产',
  '主题/价格监管',
  '主题/能源安全',
  '主题/信用体系',
  '主题/城乡建设',
  '主题/社区治理',
  '主题/生态环保',
  '主题/应急维稳',
  '部门',
] as const;

/** 信息资源格式. */
export const RESOURCE_FORMATS = [
  '电子文件',
  '电子表格',
  '数据库',
  '图形图像',
  '流媒体',
  '自描述格式',
  '服务接口',
] as const;

/** 共享类型. */
export const SHARE_TYPES = ['无条件共享', '有条件共享', '不予共享'] as const;

/** 共享方式. */
export const SHARE_METHODS = ['接口', '文件', '库表'] as const;

/** 开放属性. */
export const OPEN_TYPES = ['无条件开放', '有条件开放', '不予开放'] as const;

/** 更新周期, with the DCAT accrualPeriodicity each maps to. */
export const UPDATE_CYCLES = [
  '实时',
  '每日',
  '每周',
  '每月',
  '每季度',
  '每半年',
  '每年',
  '不定期',
] as const;

/** 分级: 1 public · 2 internal · 3 sensitive · 4 core. */
export const LEVELS = [1, 2, 3, 4] as const;

/**
 * 信息项数据类型 (GB/T 21063.3 style), each with the Frictionless Table Schema type it becomes.
 * 通用型 holds binary content, which a CSV cannot carry; it is published as text.
 */
export const ITEM_TYPES = {
  字符型: 'string',
  备注型: 'string',
  通用型: 'string',
  数值型: 'number',
  货币型: 'number',
  整型: 'integer',
  日期型: 'date',
  日期时间型: 'datetime',
  逻辑型: 'boolean',
} as const;

/** Workflow states of a catalog entry as its source file may declare them. */
export const SOURCE_STATUSES = ['draft', 'submitted', 'approved', 'withdrawn'] as const;

/** Workflow states of a catalog entry in the platform (publication state machine). */
export const ENTRY_STATUSES = ['draft', 'submitted', 'approved', 'published', 'withdrawn'] as const;

/** Administrative level of an agency. */
export const AGENCY_LEVELS = ['国家级', '省级', '市级', '区县级'] as const;

/** Storage zones; see zone.ts for how an entry's zone is decided. */
export const ZONES = ['open', 'shared', 'staging'] as const;

export type Category = (typeof CATEGORIES)[number];

/**
 * An ASCII id for each 信息资源分类, for URLs: the site's category pages
 * (`/datasets/category/population/`) and CKAN's group names.
 */
export const CATEGORY_IDS = {
  '基础/人口': 'population',
  '基础/法人单位': 'legal-entities',
  '基础/自然资源和空间地理': 'geospatial',
  '基础/社会信用': 'social-credit',
  '基础/电子证照': 'e-licences',
  '主题/公共服务': 'public-services',
  '主题/健康保障': 'health',
  '主题/社会保障': 'social-security',
  '主题/食品药品安全': 'food-drug-safety',
  '主题/安全生产': 'work-safety',
  '主题/价格监管': 'prices',
  '主题/能源安全': 'energy',
  '主题/信用体系': 'credit-system',
  '主题/城乡建设': 'urban-rural',
  '主题/社区治理': 'communities',
  '主题/生态环保': 'environment',
  '主题/应急维稳': 'emergencies',
  部门: 'departmental',
} as const satisfies Record<Category, string>;
export type ResourceFormat = (typeof RESOURCE_FORMATS)[number];
export type ShareType = (typeof SHARE_TYPES)[number];
export type ShareMethod = (typeof SHARE_METHODS)[number];
export type OpenType = (typeof OPEN_TYPES)[number];
export type UpdateCycle = (typeof UPDATE_CYCLES)[number];
export type Level = (typeof LEVELS)[number];
export type ItemType = keyof typeof ITEM_TYPES;
export type TableFieldType = (typeof ITEM_TYPES)[ItemType];
export type Zone = (typeof ZONES)[number];
export type EntryStatus = (typeof ENTRY_STATUSES)[number];
