import { CATEGORY_IDS } from '../schemas/vocabulary.ts';
import type { Category, OpenType, UpdateCycle } from '../schemas/vocabulary.ts';

/**
 * The RDF vocabulary of datarun's DCAT-AP 3 export and DCAT import: namespaces, the EU
 * authority tables our controlled values map onto, and datarun's own terms for the catalog
 * fields DCAT has no property for (so an export imports back into the same catalog).
 */
export const NS = {
  rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
  rdfs: 'http://www.w3.org/2000/01/rdf-schema#',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
  dcat: 'http://www.w3.org/ns/dcat#',
  dct: 'http://purl.org/dc/terms/',
  foaf: 'http://xmlns.com/foaf/0.1/',
  vcard: 'http://www.w3.org/2006/vcard/ns#',
  skos: 'http://www.w3.org/2004/02/skos/core#',
  adms: 'http://www.w3.org/ns/adms#',
  dcatap: 'http://data.europa.eu/r5r/',
  locn: 'http://www.w3.org/ns/locn#',
  /** datarun's own terms (信息资源目录 fields without a DCAT property). */
  dr: 'https://datarun.dev/ns#',
} as const;

const EU = 'http://publications.europa.eu/resource/authority/';

/** 更新周期 → dct:accrualPeriodicity (EU frequency authority table). */
export const FREQUENCY_IRIS: Record<UpdateCycle, string> = {
  实时: `${EU}frequency/UPDATE_CONT`,
  每日: `${EU}frequency/DAILY`,
  每周: `${EU}frequency/WEEKLY`,
  每月: `${EU}frequency/MONTHLY`,
  每季度: `${EU}frequency/QUARTERLY`,
  每半年: `${EU}frequency/BIANNUAL`,
  每年: `${EU}frequency/ANNUAL`,
  不定期: `${EU}frequency/IRREG`,
};

/** 开放属性 → dct:accessRights (EU access-right authority table). */
export const ACCESS_RIGHT_IRIS: Record<OpenType, string> = {
  无条件开放: `${EU}access-right/PUBLIC`,
  有条件开放: `${EU}access-right/RESTRICTED`,
  不予开放: `${EU}access-right/NON_PUBLIC`,
};

/** Distribution formats → dct:format (EU file-type table) and dcat:mediaType (IANA). */
export const FILE_TYPE_IRIS = {
  csv: `${EU}file-type/CSV`,
  json: `${EU}file-type/JSON`,
  parquet: `${EU}file-type/PARQUET`,
} as const;
export const IANA_MEDIA_TYPE = 'https://www.iana.org/assignments/media-types/';

/** The catalog's language: Chinese (EU language table). */
export const LANGUAGE_ZH = `${EU}language/ZHO`;

/** 信息资源分类 → the EU data theme it falls under (dcat:theme alongside our own concept). */
export const DATA_THEME_IRIS: Record<Category, string> = {
  '基础/人口': `${EU}data-theme/SOCI`,
  '基础/法人单位': `${EU}data-theme/ECON`,
  '基础/自然资源和空间地理': `${EU}data-theme/REGI`,
  '基础/社会信用': `${EU}data-theme/ECON`,
  '基础/电子证照': `${EU}data-theme/GOVE`,
  '主题/公共服务': `${EU}data-theme/GOVE`,
  '主题/健康保障': `${EU}data-theme/HEAL`,
  '主题/社会保障': `${EU}data-theme/SOCI`,
  '主题/食品药品安全': `${EU}data-theme/HEAL`,
  '主题/安全生产': `${EU}data-theme/JUST`,
  '主题/价格监管': `${EU}data-theme/ECON`,
  '主题/能源安全': `${EU}data-theme/ENER`,
  '主题/信用体系': `${EU}data-theme/ECON`,
  '主题/城乡建设': `${EU}data-theme/REGI`,
  '主题/社区治理': `${EU}data-theme/SOCI`,
  '主题/生态环保': `${EU}data-theme/ENVI`,
  '主题/应急维稳': `${EU}data-theme/JUST`,
  部门: `${EU}data-theme/GOVE`,
};

/** Our own concept scheme of 信息资源分类 and each category's concept IRI. */
export const CATEGORY_SCHEME_IRI = `${NS.dr}category`;
export function categoryIri(category: Category): string {
  return `${NS.dr}category/${CATEGORY_IDS[category]}`;
}

/**
 * datarun's terms, in the `dr:` namespace. On a dcat:Dataset: the share and open attributes,
 * 分级, 信息资源分类 and 信息资源格式 as literals, 更新周期, related codes and each 信息项
 * (a blank node with its name, type …). On a foaf:Agent: its level, region and parent.
 */
export const DR = {
  shareType: `${NS.dr}shareType`,
  shareCondition: `${NS.dr}shareCondition`,
  shareBasis: `${NS.dr}shareBasis`,
  shareMethod: `${NS.dr}shareMethod`,
  openType: `${NS.dr}openType`,
  openCondition: `${NS.dr}openCondition`,
  level: `${NS.dr}level`,
  category: `${NS.dr}category`,
  resourceFormat: `${NS.dr}resourceFormat`,
  updateCycle: `${NS.dr}updateCycle`,
  related: `${NS.dr}related`,
  item: `${NS.dr}item`,
  itemName: `${NS.dr}name`,
  itemNameEn: `${NS.dr}nameEn`,
  itemType: `${NS.dr}type`,
  itemLength: `${NS.dr}length`,
  itemDescription: `${NS.dr}description`,
  itemRequired: `${NS.dr}required`,
  itemKey: `${NS.dr}key`,
  itemAuthoritative: `${NS.dr}authoritative`,
  itemOrder: `${NS.dr}order`,
  originPlatform: `${NS.dr}originPlatform`,
  originId: `${NS.dr}originId`,
  originUrl: `${NS.dr}originUrl`,
  agencyCode: `${NS.dr}agencyCode`,
  agencyLevel: `${NS.dr}agencyLevel`,
  region: `${NS.dr}region`,
  parent: `${NS.dr}parent`,
  shareDecisionDays: `${NS.dr}shareDecisionDays`,
} as const;
