import type { ResourceFormat } from '../schemas/vocabulary.ts';

type Kind = ResourceFormat | 'page';

const EXTENSIONS: Record<Kind, string[]> = {
  电子表格: ['xls', 'xlsx', 'csv', 'tsv', 'ods', 'zipped csv'],
  数据库: ['mysql', 'oracle', 'sqlserver', 'sql', 'db2', 'mongodb', 'postgresql', 'dm', 'sqlite'],
  自描述格式: [
    'json',
    'xml',
    'rdf',
    'geojson',
    'jsonld',
    'json-ld',
    'ttl',
    'turtle',
    'kml',
    'gml',
    'rss',
    'atom',
    'n3',
    'nt',
  ],
  图形图像: ['jpg', 'jpeg', 'png', 'gif', 'tif', 'tiff', 'bmp', 'svg'],
  流媒体: ['mp4', 'avi', 'mov', 'flv', 'mp3', 'wav', 'm3u8', 'rtsp'],
  服务接口: [
    'api',
    'rest',
    'wms',
    'wfs',
    'wmts',
    'esri rest',
    'geoservice',
    'sparql',
    'odata',
    'gtfs-rt',
  ],
  电子文件: ['doc', 'docx', 'pdf', 'txt', 'wps', 'rtf', 'ppt', 'pptx', 'odt'],
  // A web page is most often the dataset's landing page: it counts only when nothing else does.
  page: ['html', 'htm'],
};
const KIND_OF = new Map<string, Kind>(
  Object.entries(EXTENSIONS).flatMap(([kind, names]) => names.map((n) => [n, kind as Kind])),
);

const MEDIA_TYPES: Record<string, string> = {
  'application/vnd.ms-excel': 'xls',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
  'application/msword': 'doc',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
  'application/ld+json': 'jsonld',
  'application/http': 'api',
  'text/plain': 'txt',
};

/** Which kind a format name, file extension, media type or file-type IRI is; undefined if unknown. */
function kindOf(format: string): Kind | undefined {
  const text = format.trim().toLowerCase().replace(/^\./, '');
  const named = /^(电子文件|电子表格|数据库|图形图像|流媒体|自描述格式|服务接口)(?:[-/].*)?$/.exec(
    format.trim(),
  );
  if (named) return named[1] as ResourceFormat;
  const iri = /\/(?:file-type|media-types)\/(.+)$/.exec(text);
  const name = iri ? iri[1]! : text;
  const media = /^(application|text|image|video|audio)\/([\w.+-]+)/.exec(name);
  if (!media) return KIND_OF.get(name);
  if (media[1] === 'image') return '图形图像';
  if (media[1] === 'video' || media[1] === 'audio') return '流媒体';
  const sub = media[2]!;
  return KIND_OF.get(
    MEDIA_TYPES[`${media[1]}/${sub}`] ?? sub.replace(/^.*\+/, '').replace(/^x-/, ''),
  );
}

/** When several kinds are listed, the first of these present wins (after the rules below). */
const PRIORITY: Kind[] = ['电子文件', '图形图像', '流媒体', '自描述格式', '服务接口', 'page'];

/**
 * Our 信息资源格式 for the formats a record lists (data/README.md): a class named before `-` or
 * `/` (`数据库-sqlServer`) is taken as it is; any spreadsheet (xls, xlsx, csv) makes 电子表格;
 * a database 数据库; json/xml/rdf alone 自描述格式; api alone 服务接口; jpg 图形图像; doc, pdf
 * 电子文件. Unknown names are ignored; undefined when nothing is known.
 */
export function mapResourceFormat(formats: readonly string[]): ResourceFormat | undefined {
  const kinds = new Set(formats.map(kindOf).filter((k): k is Kind => k !== undefined));
  if (kinds.size === 0) return undefined;
  for (const first of ['电子表格', '数据库'] as const) if (kinds.has(first)) return first;
  const kind = PRIORITY.find((k) => kinds.has(k))!;
  return kind === 'page' ? '电子文件' : kind;
}
