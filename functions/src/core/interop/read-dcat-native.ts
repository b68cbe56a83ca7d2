import { AgencySchema } from '../schemas/agency.ts';
import type { Agency } from '../schemas/agency.ts';
import { CatalogEntrySchema } from '../schemas/catalog-entry.ts';
import type { CatalogEntryInput } from '../schemas/catalog-entry.ts';
import { DR, NS } from './dcat-vocabulary.ts';
import type { ForeignDataset } from './foreign-dataset.ts';
import { compactIri, isResource, pickText, pickTexts, textsIn } from './rdf-graph.ts';
import type { RdfGraph, RdfTerm, Resource } from './rdf-graph.ts';

const dct = (local: string) => `${NS.dct}${local}`;
const foaf = (local: string) => `${NS.foaf}${local}`;

/** The dr: terms on a dataset that this reader turns into entry fields. */
export const DR_DATASET_TERMS: readonly string[] = [
  ...[DR.shareType, DR.shareCondition, DR.shareBasis, DR.shareMethod, DR.openType],
  ...[DR.openCondition, DR.level, DR.category, DR.resourceFormat, DR.updateCycle],
  ...[DR.related, DR.item, DR.originPlatform, DR.originId, DR.originUrl],
];

/** Entry fields read from dr: terms, by the term they come from (reported when invalid). */
const FROM_DR: Partial<Record<keyof CatalogEntryInput, string>> = {
  provider: DR.agencyCode,
  category: DR.category,
  format: DR.resourceFormat,
  items: DR.item,
  shareType: DR.shareType,
  shareCondition: DR.shareCondition,
  shareBasis: DR.shareBasis,
  shareMethod: DR.shareMethod,
  openType: DR.openType,
  openCondition: DR.openCondition,
  updateCycle: DR.updateCycle,
  related: DR.related,
  level: DR.level,
  origin: DR.originPlatform,
};

/** Whether a node carries datarun's own terms, i.e. it was written by a datarun export. */
export function hasDrTerms(g: RdfGraph, node: Resource): boolean {
  return g.predicates(node).some((p) => p.startsWith(NS.dr));
}

function numberOf(g: RdfGraph, node: Resource, predicate: string): number | undefined {
  const text = g.text(node, predicate);
  return text !== undefined && /^[+-]?\d+$/.test(text) ? Number(text) : undefined;
}

const BOOLEANS: Record<string, boolean> = { true: true, 1: true, false: false, 0: false };

function booleanOf(g: RdfGraph, node: Resource, predicate: string): boolean | undefined {
  const text = g.text(node, predicate);
  return text === undefined ? undefined : BOOLEANS[text];
}

/** Chinese text with its English rendering, from a property datarun writes with @zh and @en. */
function localized(terms: readonly RdfTerm[]) {
  const zh = textsIn(terms, 'zh')[0] ?? pickText(terms).main;
  const en = textsIn(terms, 'en')[0];
  return zh === undefined ? undefined : { zh, ...(en !== undefined && { en }) };
}

function items(g: RdfGraph, dataset: Resource): CatalogEntryInput['items'] {
  const read = g
    .objects(dataset, DR.item)
    .filter(isResource)
    .map((node, position) => {
      const item = {
        name: g.text(node, DR.itemName),
        nameEn: g.text(node, DR.itemNameEn),
        type: g.text(node, DR.itemType),
        length: numberOf(g, node, DR.itemLength),
        description: g.text(node, DR.itemDescription),
        required: booleanOf(g, node, DR.itemRequired),
        key: booleanOf(g, node, DR.itemKey),
        authoritative: booleanOf(g, node, DR.itemAuthoritative),
      };
      const order = numberOf(g, node, DR.itemOrder) ?? Number.MAX_SAFE_INTEGER;
      return { item: defined(item), order, position };
    });
  read.sort((a, b) => a.order - b.order || a.position - b.position);
  return read.map((r) => r.item) as CatalogEntryInput['items'];
}

function defined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Fields read as DCAT for every dataset, passed in so that both readings agree. */
export type SharedFields = Pick<
  ForeignDataset,
  'contact' | 'licence' | 'spatial' | 'temporal' | 'issued' | 'modified'
>;

/**
 * The catalog entry a datarun export describes with its dr: terms, field by field: each field
 * is kept only when it passes its own schema, and the dr: terms of those that do not are
 * returned as `invalid`.
 */
export function nativeEntry(
  g: RdfGraph,
  dataset: Resource,
  publisher: Resource | undefined,
  shared: SharedFields,
): { native: Partial<CatalogEntryInput>; invalid: string[] } {
  const platform = g.text(dataset, DR.originPlatform);
  const originId = g.text(dataset, DR.originId);
  const originUrl = g.text(dataset, DR.originUrl);
  const level = numberOf(g, dataset, DR.level);
  const { start, end } = shared.temporal ?? {};
  const candidate: Record<string, unknown> = {
    code: g.text(dataset, dct('identifier')),
    title: localized(g.objects(dataset, dct('title'))),
    abstract: localized(g.objects(dataset, dct('description'))),
    provider:
      publisher && (g.text(publisher, DR.agencyCode) ?? g.text(publisher, dct('identifier'))),
    category: g.text(dataset, DR.category),
    format: g.text(dataset, DR.resourceFormat),
    items: g.objects(dataset, DR.item).length > 0 ? items(g, dataset) : undefined,
    shareType: g.text(dataset, DR.shareType),
    shareCondition: g.text(dataset, DR.shareCondition),
    shareBasis: g.text(dataset, DR.shareBasis),
    shareMethod: nonEmpty(g.literals(dataset, DR.shareMethod)),
    openType: g.text(dataset, DR.openType),
    openCondition: g.text(dataset, DR.openCondition),
    updateCycle: g.text(dataset, DR.updateCycle),
    issued: shared.issued,
    modified: shared.modified,
    related: nonEmpty(g.literals(dataset, DR.related)),
    level,
    keywords: nonEmpty(pickTexts(g.objects(dataset, `${NS.dcat}keyword`))),
    contact: shared.contact,
    licence: shared.licence,
    spatial: shared.spatial,
    temporal: start !== undefined || end !== undefined ? defined({ start, end }) : undefined,
    origin:
      platform !== undefined || originId !== undefined
        ? defined({ platform, id: originId, url: originUrl })
        : undefined,
  };
  const shape = CatalogEntrySchema.shape as Record<
    string,
    { safeParse(v: unknown): { success: boolean } }
  >;
  const native: Record<string, unknown> = {};
  const invalid: string[] = [];
  for (const [field, value] of Object.entries(candidate)) {
    if (value === undefined) continue;
    if (shape[field]?.safeParse(value).success) native[field] = value;
    else {
      const term = FROM_DR[field as keyof CatalogEntryInput];
      if (term) invalid.push(compactIri(term));
    }
  }
  return { native: native as Partial<CatalogEntryInput>, invalid };
}

/** The agency a datarun export describes with its dr: terms, fields that pass their schema only. */
export function nativeAgency(g: RdfGraph, agent: Resource): Partial<Agency> {
  const names = g.objects(agent, foaf('name'));
  const candidate: Record<string, unknown> = {
    code: g.text(agent, DR.agencyCode),
    name: localized(names),
    level: g.text(agent, DR.agencyLevel),
    region: g.text(agent, DR.region),
    parent: g.text(agent, DR.parent),
    website: g.text(agent, foaf('homepage')),
    email: g.text(agent, foaf('mbox'))?.replace(/^mailto:/i, ''),
    shareDecisionDays: numberOf(g, agent, DR.shareDecisionDays),
  };
  const shape = AgencySchema.shape as Record<
    string,
    { safeParse(v: unknown): { success: boolean } }
  >;
  return Object.fromEntries(
    Object.entries(candidate).filter(
      ([field, value]) => value !== undefined && shape[field]?.safeParse(value).success,
    ),
  ) as Partial<Agency>;
}

function nonEmpty<T>(list: T[]): T[] | undefined {
  return list.length > 0 ? list : undefined;
}
