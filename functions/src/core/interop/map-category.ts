import type { Category } from '../schemas/vocabulary.ts';
import { CATEGORIES, CATEGORY_IDS } from '../schemas/vocabulary.ts';
import { categoryIri, DATA_THEME_IRIS } from './dcat-vocabulary.ts';

/**
 * Domain and theme labels that clearly name one of our categories (data/README.md): the
 * portals' 数据领域 / 国家主题分类 / 主题名称 / 所属领域, 浙江's 行业分类, and a few English
 * theme words of CKAN groups and data.json themes. Labels with no clear fit are absent.
 */
const LABELS: Record<string, Category> = {
  人口基础信息: '基础/人口',
  法人基础信息: '基础/法人单位',
  地理空间: '基础/自然资源和空间地理',
  社会信用: '基础/社会信用',
  电子证照: '基础/电子证照',
  民生服务: '主题/公共服务',
  生活服务: '主题/公共服务',
  卫生健康: '主题/健康保障',
  医疗卫生: '主题/健康保障',
  医药卫生管理: '主题/健康保障',
  医疗保健: '主题/健康保障',
  社保就业: '主题/社会保障',
  社会救助: '主题/社会保障',
  安全生产: '主题/安全生产',
  资源能源: '主题/能源安全',
  能源: '主题/能源安全',
  电力: '主题/能源安全',
  信用服务: '主题/信用体系',
  城市建设: '主题/城乡建设',
  城建住房: '主题/城乡建设',
  城乡建设: '主题/城乡建设',
  市政工程: '主题/城乡建设',
  资源环境: '主题/生态环保',
  生态环境: '主题/生态环保',
  环境保护: '主题/生态环保',
  公共安全: '主题/应急维稳',
  health: '主题/健康保障',
  'social security': '主题/社会保障',
  energy: '主题/能源安全',
  housing: '主题/城乡建设',
  environment: '主题/生态环保',
  'public safety': '主题/应急维稳',
};

/** Our category IRIs and the EU data themes that stand for one category only. */
const IRIS = new Map<string, Category>([
  ...CATEGORIES.map((c) => [categoryIri(c), c] as const),
  ...CATEGORIES.map((c) => [CATEGORY_IDS[c], c] as const),
  ...Object.entries(DATA_THEME_IRIS)
    .filter(([, iri], _, all) => all.filter(([, other]) => other === iri).length === 1)
    .map(([c, iri]) => [iri, c as Category] as const),
]);

/**
 * Our 信息资源分类 for a record: 电子证照_… titles are 基础/电子证照; otherwise the first theme
 * label (split on 、 , ;) or IRI that names a category. Undefined when none does: the caller
 * files the record under 部门.
 */
export function mapCategory(themes: readonly string[], title = ''): Category | undefined {
  if (/^电子证照[_-]/.test(title)) return '基础/电子证照';
  for (const theme of themes) {
    const exact =
      IRIS.get(theme.trim()) ??
      ((CATEGORIES as readonly string[]).includes(theme.trim())
        ? (theme.trim() as Category)
        : undefined);
    if (exact) return exact;
    for (const label of theme.split(/[、,，;；]/)) {
      const category = LABELS[label.trim().toLowerCase()];
      if (category) return category;
    }
  }
  return undefined;
}
