import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { JsonLdParser } from 'jsonld-streaming-parser';
import { Parser, Store } from 'n3';
import type { Quad } from 'n3';
import SHACLValidator from 'rdf-validate-shacl';
import { CatalogSnapshotSchema } from '../../../functions/src/core/schemas/catalog-snapshot.ts';
import type {
  CatalogSnapshot,
  SnapshotEntry,
} from '../../../functions/src/core/schemas/catalog-snapshot.ts';
import { MEDIA_TYPES } from '../../../functions/src/core/schemas/distribution.ts';
import { DISTRIBUTION_FORMATS } from '../../../functions/src/core/schemas/distribution.ts';
import { distributionKey } from '../../../functions/src/core/publish/object-keys.ts';
import { demoSnapshot } from '../api/demo-snapshot.ts';

export { demoSnapshot };

/** The public origin the unit tests export for. */
export const BASE = 'https://data.example.gov.cn';

const REALDATA = '/work/shared/realdata';
const SHACL_DIR = join(REALDATA, 'dcat-ap-3.0.1-shacl');

/** The official Project Open Data v1.1 JSON Schemas. */
export const POD_SCHEMA_DIR = join(
  REALDATA,
  'pod-datajson-official-examples-v1.1',
  'v1.1',
  'schema',
);

function turtleFiles(...files: string[]): Store {
  return new Store(files.flatMap((file) => new Parser().parse(readFileSync(file, 'utf8'))));
}

/**
 * The official DCAT-AP 3.0.1 shapes: the single file that checks mandatory conformance on its
 * own, and the split set's mandatory shapes with their class ranges (see SOURCE.md there).
 */
export const SHAPES = {
  single: () => turtleFiles(join(SHACL_DIR, 'shacl', 'dcat-ap-SHACL.ttl')),
  split: () =>
    turtleFiles(
      join(SHACL_DIR, 'html', 'shacl', 'shapes.ttl'),
      join(SHACL_DIR, 'html', 'shacl', 'range.ttl'),
    ),
};

/** A validation result as a line a person can read in a failed assertion. */
export type Finding = { severity: string; focus: string; path: string; message: string };

/** Validates quads against a shapes graph and lists every result. */
export async function shaclFindings(shapes: Store, quads: readonly Quad[]): Promise<Finding[]> {
  const report = await new SHACLValidator(shapes).validate(new Store([...quads]));
  return report.results.map((r) => ({
    severity: r.severity?.value.split('#')[1] ?? '?',
    focus: r.focusNode?.value ?? '?',
    path: r.path?.value ?? '',
    message: r.message.map((m) => m.value).join(' '),
  }));
}

/** Parses Turtle, keeping blank-node labels as written. */
export function parseTurtle(text: string): Quad[] {
  return new Parser({ blankNodePrefix: '' }).parse(text);
}

/** Parses a JSON-LD document offline (its context must be inline). */
export function parseJsonLd(text: string): Promise<Quad[]> {
  return new Promise((resolve, reject) => {
    const quads: Quad[] = [];
    const parser = new JsonLdParser();
    parser.on('data', (q: Quad) => quads.push(q));
    parser.on('error', reject);
    parser.on('end', () => resolve(quads));
    parser.write(text);
    parser.end();
  });
}

/** One quad as a comparable line; blank nodes by label, which the exports derive from codes. */
export function quadKey(q: Quad): string {
  const t = (x: Quad['subject'] | Quad['object']): string =>
    x.termType === 'Literal'
      ? `"${JSON.stringify(x.value)}"@${x.language}^^${x.datatype.value}`
      : `${x.termType}:${x.value}`;
  return `${t(q.subject)} <${q.predicate.value}> ${t(q.object)}`;
}

/** The quads as a sorted list of lines: equal lists mean the same graph. */
export function graphKeys(quads: readonly Quad[]): string[] {
  return quads.map(quadKey).sort();
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** A latest version with all three distributions, for an entry of the open zone. */
export function withData(entry: SnapshotEntry, version = 1): SnapshotEntry {
  return {
    ...entry,
    // Only data opened without condition is in the open zone, and so in the public snapshot.
    openType: '无条件开放',
    openCondition: undefined,
    level: 1,
    zone: 'open',
    hasData: true,
    currentVersion: version,
    latest: {
      version,
      createdAt: '2026-11-20T08:00:00.000Z',
      rowCount: 3,
      schema: {
        fields: [
          { name: 'name', type: 'string', title: '名称' },
          { name: 'count', type: 'integer', title: '数量' },
        ],
      },
      distributions: DISTRIBUTION_FORMATS.map((format, i) => ({
        format,
        mediaType: MEDIA_TYPES[format],
        key: distributionKey('open', entry.code, version, format),
        bytes: 100 + i,
        sha256: sha256(`${entry.code} ${format}`),
      })),
    },
    versions: [{ version, createdAt: '2026-11-20T08:00:00.000Z', rowCount: 3 }],
  };
}

/**
 * The demo catalog with the values exports most often get wrong: quotes, line breaks, `<`, `&`
 * and a control character in titles, formula-like cells, no keywords, no contact, a phone
 * number only, licences named and linked, an imported entry and entries with data.
 */
export async function awkwardSnapshot(): Promise<CatalogSnapshot> {
  const demo = await demoSnapshot();
  const [a, b, c, d, ...rest] = demo.entries as [
    SnapshotEntry,
    SnapshotEntry,
    SnapshotEntry,
    SnapshotEntry,
    ...SnapshotEntry[],
  ];
  const entries: SnapshotEntry[] = [
    withData({
      ...a,
      title: { zh: '“引号” "quotes" & <tags> \u0001 </title>', en: 'A ]]> "title" & more' },
      abstract: { zh: '=HYPERLINK("http://evil.example")\n第二行, 带逗号\r\n第三行' },
      keywords: [],
      contact: undefined,
      licence: 'https://creativecommons.org/licenses/by/4.0/',
      temporal: { start: '2020-01-01' },
      related: [b.code, '999/000001'],
      origin: {
        platform: 'data.sh.gov.cn',
        id: 'sh-123"<x>',
        url: 'https://data.sh.gov.cn/view/detail/index.html?type=cp&id=1',
      },
      updatedAt: '2026-11-30T10:00:00.000Z',
    }),
    {
      ...b,
      title: { zh: '+1 电话开头' },
      contact: { name: '@数据处 "张"', phone: '0571 8838 3388 转 123' },
      licence: 'CC BY 4.0 "国际"',
      spatial: '浙江省 "杭州市" <西湖区>',
      keywords: ['-负号开头', '重复', '重复'],
      items: [
        {
          name: '-名称',
          type: '字符型',
          length: 20,
          description: '第一行\n第二行',
          required: true,
          key: true,
        },
        { name: '数量', type: '整型', required: false, key: false },
      ],
      updatedAt: '2026-11-29T10:00:00.000Z',
    },
    withData({ ...c, contact: { email: 'open.data@example.gov.cn' } }, 3),
    { ...d, shareType: '不予共享', shareCondition: undefined, shareBasis: '《某条例》第五条' },
    ...rest,
  ];
  return CatalogSnapshotSchema.parse({
    ...demo,
    agencies: demo.agencies.map((agency, i) =>
      i === 0 ? { ...agency, shareDecisionDays: 15, email: 'office@example.gov.cn' } : agency,
    ),
    entries,
  });
}
