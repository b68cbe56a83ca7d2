import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DatarunError } from '../../../functions/src/core/errors.ts';
import { readDcat } from '../../../functions/src/core/interop/read-dcat.ts';

const REALDATA = '/work/shared/realdata';
const EXAMPLES = join(REALDATA, 'dcat-ap-3.0.1-official-examples');
const ROSTOCK = join(REALDATA, 'dcat-rdf-govdata-de-rostock', 'dataset_gov_de.rdf');
const EU = 'http://publications.europa.eu/resource/authority/';

const PREFIXES = `
@prefix dcat: <http://www.w3.org/ns/dcat#> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix vcard: <http://www.w3.org/2006/vcard/ns#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix adms: <http://www.w3.org/ns/adms#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix dr: <https://datarun.dev/ns#> .
`;

/**
 * One dataset as datarun's DCAT-AP export describes it, written by hand from the terms the
 * export uses: its items are listed in the opposite order to their dr:order.
 */
const ROUND_TRIP = `${PREFIXES}
<https://city.example.gov.cn/catalog/dcat.jsonld> a dcat:Catalog ;
  dct:title "政务信息资源目录"@zh, "Government information-resource catalog"@en ;
  foaf:homepage <https://city.example.gov.cn/> ;
  dcat:dataset <https://city.example.gov.cn/datasets/101-000001/> .

<https://city.example.gov.cn/agencies/sh-housing/> a foaf:Agent ;
  foaf:name "上海市住房和城乡建设管理委员会"@zh, "Shanghai Housing Commission"@en ;
  dct:identifier "sh-housing" ;
  dr:agencyCode "sh-housing" ;
  dr:agencyLevel "省级" ;
  dr:region "310000" ;
  dr:parent "sh-gov" ;
  foaf:homepage <https://zjw.sh.gov.cn/> ;
  foaf:mbox <mailto:data@zjw.sh.gov.cn> ;
  dr:shareDecisionDays 7 .

<https://city.example.gov.cn/datasets/101-000001/> a dcat:Dataset, foaf:Document ;
  dct:identifier "101/000001" ;
  dct:title "保障性住房项目"@zh, "Affordable housing projects"@en ;
  dct:description "本市保障性住房项目清单。"@zh, "List of affordable housing projects."@en ;
  dct:publisher <https://city.example.gov.cn/agencies/sh-housing/> ;
  dcat:keyword "住房"@zh, "保障"@zh ;
  dcat:theme <https://datarun.dev/ns#category/urban-rural>, <${EU}data-theme/REGI> ;
  dct:issued "2023-04-06"^^xsd:date ;
  dct:modified "2024-01-15"^^xsd:date ;
  dct:accrualPeriodicity <${EU}frequency/QUARTERLY> ;
  dct:accessRights <${EU}access-right/RESTRICTED> ;
  dcat:contactPoint [ a vcard:Kind ; vcard:fn "数据处" ;
    vcard:hasEmail <mailto:open@zjw.sh.gov.cn> ; vcard:hasTelephone <tel:021-2311%202311> ] ;
  dct:license <https://creativecommons.org/licenses/by/4.0/> ;
  dct:spatial [ a dct:Location ; skos:prefLabel "上海市"@zh ] ;
  dct:temporal [ a dct:PeriodOfTime ; dcat:startDate "2020-01-01"^^xsd:date ;
    dcat:endDate "2023-12-31"^^xsd:date ] ;
  dcat:landingPage <https://city.example.gov.cn/datasets/101-000001/> ;
  dct:language <${EU}language/ZHO> ;
  dct:relation <https://city.example.gov.cn/datasets/101-000002/> ;
  dr:shareType "有条件共享" ;
  dr:shareCondition "仅限住房保障业务使用" ;
  dr:shareMethod "接口", "文件" ;
  dr:openType "有条件开放" ;
  dr:openCondition "经申请审核后开放" ;
  dr:level 2 ;
  dr:category "主题/城乡建设" ;
  dr:resourceFormat "电子表格" ;
  dr:updateCycle "每季度" ;
  dr:related "101/000002" ;
  dr:originPlatform "data.sh.gov.cn" ;
  dr:originId "AA1234" ;
  dr:originUrl "https://data.sh.gov.cn/view/detail/AA1234" ;
  dr:item [ dr:name "竣工日期" ; dr:type "日期型" ; dr:required false ; dr:key false ; dr:order 1 ],
    [ dr:name "项目名称" ; dr:nameEn "project_name" ; dr:type "字符型" ; dr:length 200 ;
      dr:description "项目的正式名称" ; dr:required true ; dr:key true ; dr:order 0 ] .
`;

/** A foreign DCAT catalog, written by hand: none of datarun's own terms. */
const FOREIGN = `${PREFIXES}
<https://portal.example.org/catalog> a dcat:Catalog ;
  dct:title "Open data portal"@en ;
  dcat:dataset <https://portal.example.org/d/1>, <https://portal.example.org/d/2> .

<https://portal.example.org/d/1> a dcat:Dataset ;
  dct:title "Air quality"@en, "Luftqualität"@de, "空气质量"@zh ;
  dct:description "Hourly measurements"@en ;
  dct:publisher [ a foaf:Organization ; skos:prefLabel "Environment Agency"@en ;
    foaf:homepage <https://env.example.org/> ; foaf:mbox "info@env.example.org" ] ;
  dcat:keyword "air"@en, "Luft"@de, "pollution"@en ;
  dcat:theme <${EU}data-theme/ENVI>, "environment" ;
  dct:accrualPeriodicity "hourly" ;
  dct:accessRights [ rdfs:label "public" ] ;
  dcat:distribution [ a dcat:Distribution ; dct:format "CSV" ;
      dcat:mediaType <https://www.iana.org/assignments/media-types/text/csv> ;
      dct:license <https://creativecommons.org/publicdomain/zero/1.0/> ] ;
  dct:temporal "2019-01-01/2019-12-31" ;
  dct:spatial <https://sws.geonames.org/2950159/> ;
  adms:identifier [ skos:notation "AQ-1" ] ;
  dcat:inSeries <https://portal.example.org/series/air> .

<https://portal.example.org/d/2> a dcat:Dataset ;
  dct:description "A dataset someone forgot to name" .

[] a dcat:Dataset ;
  dct:title "Noise map"@en ;
  dct:publisher [ foaf:name "City of Example" ] .
`;

async function refusal(run: () => Promise<unknown>): Promise<DatarunError> {
  try {
    await run();
  } catch (error) {
    if (error instanceof DatarunError) return error;
    throw error;
  }
  throw new Error('expected a DatarunError');
}

describe('readDcat', () => {
  it('reads every dataset of the official DCAT-AP 3.0.1 examples, in JSON-LD offline and Turtle', async () => {
    const counts: Record<string, number | string> = {};
    for (const file of readdirSync(EXAMPLES).filter((f) => /\.(jsonld|ttl)$/.test(f))) {
      if (file === 'context.jsonld') continue;
      try {
        const read = await readDcat(readFileSync(join(EXAMPLES, file), 'utf8'), file);
        expect(read.records).toHaveLength(read.total);
        counts[file] = read.total;
      } catch (error) {
        counts[file] = (error as DatarunError).problems.map((p) => `line ${p.line}`).join();
      }
    }
    expect(counts).toEqual({
      'example-bee-population-2022-2023.jsonld': 2,
      'example-bee-population-2022-2023.ttl': 2,
      'example-bee-population-dataset-series-combined.jsonld': 4,
      // Not valid Turtle as published: see rdf-syntax.test.ts.
      'example-bee-population-dataset-series-combined.ttl': 'line 32',
    });
  });

  it('gives the same datasets from the JSON-LD and the Turtle of the same example', async () => {
    const name = 'example-bee-population-2022-2023';
    const fromJsonLd = await readDcat(readFileSync(join(EXAMPLES, `${name}.jsonld`), 'utf8'), 'x');
    const fromTurtle = await readDcat(readFileSync(join(EXAMPLES, `${name}.ttl`), 'utf8'), 'x');
    expect(fromJsonLd.records).toEqual(fromTurtle.records);
    expect(fromTurtle.records.map((r) => [r.id, r.title])).toEqual([
      [
        'https://data.gov.gr/id/dataset/BeePopulation2022',
        { zh: 'Bee population 2022', en: 'Bee population 2022' },
      ],
      [
        'https://data.gov.gr/id/dataset/BeePopulation2023',
        { zh: 'Bee population 2023', en: 'Bee population 2023' },
      ],
    ]);
  });

  it('lists a publisher known only by its IRI as dropped, since it has no name to import', async () => {
    const file = 'example-bee-population-2022-2023.ttl';
    const read = await readDcat(readFileSync(join(EXAMPLES, file), 'utf8'), file);
    expect(read.records[0]!.publisher).toBeUndefined();
    expect(read.records[0]!.dropped).toEqual(['dct:publisher']);
  });

  it('reads the series example: dates, places, and the series links it does not carry', async () => {
    const file = 'example-bee-population-dataset-series-combined.jsonld';
    const read = await readDcat(readFileSync(join(EXAMPLES, file), 'utf8'), file);
    const d2023 = read.records.find((r) => r.id.endsWith('BeePopulation2023'))!;
    expect(d2023).toMatchObject({
      issued: '2023-03-21',
      modified: '2023-03-21',
      spatial: 'https://sws.geonames.org/734077',
    });
    expect(d2023.dropped).toEqual(['dcat:inSeries', 'dcat:prev', 'dcat:distribution']);
  });

  it('reads the real DCAT-AP.de record: title, publisher, keywords, formats, dates, contact', async () => {
    const read = await readDcat(readFileSync(ROSTOCK, 'utf8'), 'dataset_gov_de.rdf');
    expect(read).toMatchObject({ platform: 'dataset_gov_de.rdf', total: 1, skipped: [] });
    const d = read.records[0]!;
    expect(d).toMatchObject({
      at: { index: 0 },
      id: 'c1be4007-d811-48fb-8818-2cb358b06a63',
      url: 'https://www.opendata-hro.de/dataset/c1be4007-d811-48fb-8818-2cb358b06a63',
      title: { zh: 'Liefer- und Abholservices (Gastronomie)' },
      publisher: {
        name: { zh: 'Hanse- und Universitätsstadt Rostock' },
        id: 'https://www.opendata-hro.de/organization/b952e781-ab4c-456a-8e7a-2845f7efaf83',
      },
      issued: '2020-04-21T11:59:39.642528',
      modified: '2024-05-08T04:11:24.309486',
      openType: `${EU}access-right/PUBLIC`,
      themes: [`${EU}data-theme/ECON`],
      licence: 'http://dcat-ap.de/def/licenses/cc-zero',
      contact: {
        name: 'Hanse- und Universitätsstadt Rostock – Kataster-, Vermessungs- und Liegenschaftsamt',
        email: 'geodienste@rostock.de',
      },
    });
    expect(d.abstract?.zh).toMatch(/^Dieser Datensatz umfasst/);
    expect(d.keywords).toEqual([
      'gastronomiebetriebe',
      'handel',
      'handel-und-verbrauch',
      'lebensmittel',
      'nahrung',
      'nahrungsmittelgewerbe',
      'wirtschaft',
      'ökonomie',
    ]);
    expect(d.formats.filter((f) => f.startsWith(`${EU}file-type/`))).toEqual(
      ['GEOJSON', 'WMS', 'WFS', 'XLSX', 'CSV', 'GML', 'KML'].map((t) => `${EU}file-type/${t}`),
    );
    expect(d.formats).toContain('https://www.iana.org/assignments/media-types/text/csv');
    expect(d.spatial).toMatch(/^POLYGON \(\(11\.9936 54\.0486/);
    expect(d.native).toBeUndefined();
    expect(d.dropped).toContain('dct:creator');
    expect(d.dropped).toContain('http://dcat-ap.de/def/dcatde/maintainer');
    expect(d.dropped).not.toContain('dct:title');
  });

  it('reads a datarun export back into our own fields, complete and with items in order', async () => {
    const read = await readDcat(ROUND_TRIP, 'city.ttl');
    expect(read).toMatchObject({ platform: 'https://city.example.gov.cn', total: 1, skipped: [] });
    const d = read.records[0]!;
    expect(d.native).toEqual({
      code: '101/000001',
      title: { zh: '保障性住房项目', en: 'Affordable housing projects' },
      abstract: { zh: '本市保障性住房项目清单。', en: 'List of affordable housing projects.' },
      provider: 'sh-housing',
      category: '主题/城乡建设',
      format: '电子表格',
      items: [
        {
          name: '项目名称',
          nameEn: 'project_name',
          type: '字符型',
          length: 200,
          description: '项目的正式名称',
          required: true,
          key: true,
        },
        { name: '竣工日期', type: '日期型', required: false, key: false },
      ],
      shareType: '有条件共享',
      shareCondition: '仅限住房保障业务使用',
      shareMethod: ['接口', '文件'],
      openType: '有条件开放',
      openCondition: '经申请审核后开放',
      updateCycle: '每季度',
      issued: '2023-04-06',
      modified: '2024-01-15',
      related: ['101/000002'],
      level: 2,
      keywords: ['住房', '保障'],
      contact: { name: '数据处', email: 'open@zjw.sh.gov.cn', phone: '021-2311 2311' },
      licence: 'https://creativecommons.org/licenses/by/4.0/',
      spatial: '上海市',
      temporal: { start: '2020-01-01', end: '2023-12-31' },
      origin: {
        platform: 'data.sh.gov.cn',
        id: 'AA1234',
        url: 'https://data.sh.gov.cn/view/detail/AA1234',
      },
    });
    expect(d.publisher).toEqual({
      name: { zh: '上海市住房和城乡建设管理委员会', en: 'Shanghai Housing Commission' },
      id: 'sh-housing',
      website: 'https://zjw.sh.gov.cn/',
      email: 'data@zjw.sh.gov.cn',
      native: {
        code: 'sh-housing',
        name: { zh: '上海市住房和城乡建设管理委员会', en: 'Shanghai Housing Commission' },
        level: '省级',
        region: '310000',
        parent: 'sh-gov',
        website: 'https://zjw.sh.gov.cn/',
        email: 'data@zjw.sh.gov.cn',
        shareDecisionDays: 7,
      },
    });
    expect(d).toMatchObject({
      id: '101/000001',
      url: 'https://city.example.gov.cn/datasets/101-000001/',
      updateCycle: `${EU}frequency/QUARTERLY`,
      openType: `${EU}access-right/RESTRICTED`,
      themes: ['https://datarun.dev/ns#category/urban-rural', `${EU}data-theme/REGI`],
    });
    expect(d.dropped).toEqual([]);
  });

  it('reads the same export written as JSON-LD with an inline context exactly as the Turtle', async () => {
    const turtle = await readDcat(ROUND_TRIP, 'city.ttl');
    const doc = {
      '@context': {
        dcat: 'http://www.w3.org/ns/dcat#',
        dct: 'http://purl.org/dc/terms/',
        foaf: 'http://xmlns.com/foaf/0.1/',
        vcard: 'http://www.w3.org/2006/vcard/ns#',
        skos: 'http://www.w3.org/2004/02/skos/core#',
        xsd: 'http://www.w3.org/2001/XMLSchema#',
        dr: 'https://datarun.dev/ns#',
        eu: EU,
      },
      '@graph': [
        {
          '@id': 'https://city.example.gov.cn/catalog/dcat.jsonld',
          '@type': 'dcat:Catalog',
          'foaf:homepage': { '@id': 'https://city.example.gov.cn/' },
        },
        {
          '@id': 'https://city.example.gov.cn/agencies/sh-housing/',
          '@type': 'foaf:Agent',
          'foaf:name': [
            { '@value': '上海市住房和城乡建设管理委员会', '@language': 'zh' },
            { '@value': 'Shanghai Housing Commission', '@language': 'en' },
          ],
          'dct:identifier': 'sh-housing',
          'dr:agencyCode': 'sh-housing',
          'dr:agencyLevel': '省级',
          'dr:region': '310000',
          'dr:parent': 'sh-gov',
          'foaf:homepage': { '@id': 'https://zjw.sh.gov.cn/' },
          'foaf:mbox': { '@id': 'mailto:data@zjw.sh.gov.cn' },
          'dr:shareDecisionDays': { '@value': '7', '@type': 'xsd:integer' },
        },
        {
          '@id': 'https://city.example.gov.cn/datasets/101-000001/',
          '@type': ['dcat:Dataset', 'foaf:Document'],
          'dct:identifier': '101/000001',
          'dct:title': [
            { '@value': '保障性住房项目', '@language': 'zh' },
            { '@value': 'Affordable housing projects', '@language': 'en' },
          ],
          'dct:description': [
            { '@value': '本市保障性住房项目清单。', '@language': 'zh' },
            { '@value': 'List of affordable housing projects.', '@language': 'en' },
          ],
          'dct:publisher': { '@id': 'https://city.example.gov.cn/agencies/sh-housing/' },
          'dcat:keyword': [
            { '@value': '住房', '@language': 'zh' },
            { '@value': '保障', '@language': 'zh' },
          ],
          'dcat:theme': [
            { '@id': 'https://datarun.dev/ns#category/urban-rural' },
            { '@id': 'eu:data-theme/REGI' },
          ],
          'dct:issued': { '@value': '2023-04-06', '@type': 'xsd:date' },
          'dct:modified': { '@value': '2024-01-15', '@type': 'xsd:date' },
          'dct:accrualPeriodicity': { '@id': 'eu:frequency/QUARTERLY' },
          'dct:accessRights': { '@id': 'eu:access-right/RESTRICTED' },
          'dcat:contactPoint': { '@id': '_:contact' },
          'dct:license': { '@id': 'https://creativecommons.org/licenses/by/4.0/' },
          'dct:spatial': { '@id': '_:place' },
          'dct:temporal': { '@id': '_:period' },
          'dcat:landingPage': { '@id': 'https://city.example.gov.cn/datasets/101-000001/' },
          'dct:language': { '@id': 'eu:language/ZHO' },
          'dct:relation': { '@id': 'https://city.example.gov.cn/datasets/101-000002/' },
          'dr:shareType': '有条件共享',
          'dr:shareCondition': '仅限住房保障业务使用',
          'dr:shareMethod': ['接口', '文件'],
          'dr:openType': '有条件开放',
          'dr:openCondition': '经申请审核后开放',
          'dr:level': { '@value': '2', '@type': 'xsd:integer' },
          'dr:category': '主题/城乡建设',
          'dr:resourceFormat': '电子表格',
          'dr:updateCycle': '每季度',
          'dr:related': '101/000002',
          'dr:originPlatform': 'data.sh.gov.cn',
          'dr:originId': 'AA1234',
          'dr:originUrl': 'https://data.sh.gov.cn/view/detail/AA1234',
          'dr:item': [{ '@id': '_:item-1' }, { '@id': '_:item-0' }],
        },
        {
          '@id': '_:contact',
          '@type': 'vcard:Kind',
          'vcard:fn': '数据处',
          'vcard:hasEmail': { '@id': 'mailto:open@zjw.sh.gov.cn' },
          'vcard:hasTelephone': { '@id': 'tel:021-2311%202311' },
        },
        {
          '@id': '_:place',
          '@type': 'dct:Location',
          'skos:prefLabel': { '@value': '上海市', '@language': 'zh' },
        },
        {
          '@id': '_:period',
          '@type': 'dct:PeriodOfTime',
          'dcat:startDate': { '@value': '2020-01-01', '@type': 'xsd:date' },
          'dcat:endDate': { '@value': '2023-12-31', '@type': 'xsd:date' },
        },
        {
          '@id': '_:item-1',
          'dr:name': '竣工日期',
          'dr:type': '日期型',
          'dr:required': false,
          'dr:key': false,
          'dr:order': 1,
        },
        {
          '@id': '_:item-0',
          'dr:name': '项目名称',
          'dr:nameEn': 'project_name',
          'dr:type': '字符型',
          'dr:length': 200,
          'dr:description': '项目的正式名称',
          'dr:required': true,
          'dr:key': true,
          'dr:order': 0,
        },
      ],
    };
    const jsonld = await readDcat(JSON.stringify(doc), 'city.jsonld');
    expect(jsonld).toEqual(turtle);
  });

  it('keeps our own fields only where they pass their schema, and lists the terms of the others', async () => {
    const text = ROUND_TRIP.replace('dr:level 2', 'dr:level 9').replace(
      'dr:category "主题/城乡建设"',
      'dr:category "农业"',
    );
    const d = (await readDcat(text, 'city.ttl')).records[0]!;
    expect(d.native).not.toHaveProperty('level');
    expect(d.native).not.toHaveProperty('category');
    expect(d.native?.shareType).toBe('有条件共享');
    expect(d.dropped).toEqual(['dr:category', 'dr:level']);
  });

  it('reads foreign DCAT: preferred languages, labels, formats, licence of a distribution', async () => {
    const read = await readDcat(FOREIGN, 'portal.ttl');
    expect(read.platform).toBe('https://portal.example.org');
    const air = read.records[0]!;
    expect(air).toEqual({
      at: { index: 0 },
      id: 'https://portal.example.org/d/1',
      title: { zh: '空气质量', en: 'Air quality' },
      abstract: { zh: 'Hourly measurements', en: 'Hourly measurements' },
      publisher: {
        name: { zh: 'Environment Agency', en: 'Environment Agency' },
        website: 'https://env.example.org/',
        email: 'info@env.example.org',
      },
      keywords: ['air', 'pollution'],
      themes: [`${EU}data-theme/ENVI`, 'environment'],
      updateCycle: 'hourly',
      openType: 'public',
      formats: ['CSV', 'https://www.iana.org/assignments/media-types/text/csv'],
      licence: 'https://creativecommons.org/publicdomain/zero/1.0/',
      spatial: 'https://sws.geonames.org/2950159/',
      temporal: { start: '2019-01-01', end: '2019-12-31' },
      dropped: ['adms:identifier', 'dcat:inSeries'],
    });
  });

  it('skips a dataset without a title, naming its position and IRI, and counts it', async () => {
    const read = await readDcat(FOREIGN, 'portal.ttl');
    expect(read.total).toBe(3);
    expect(read.skipped).toEqual([
      { index: 1, id: 'https://portal.example.org/d/2', reason: 'no title (dct:title)' },
    ]);
  });

  it('gives a dataset without IRI or identifier an id made of its publisher and title', async () => {
    const blank =
      '[] a dcat:Dataset ; dct:title "Noise map"@en ; dct:publisher [ foaf:name "City" ] .';
    const other = '<https://x.example/d> a dcat:Dataset ; dct:title "Other" .';
    const first = await readDcat(`${PREFIXES}${blank}\n${other}`, 'a.ttl');
    const second = await readDcat(`${PREFIXES}${other}\n${blank}`, 'b.ttl');
    expect(first.records[0]).toMatchObject({ at: { index: 0 }, id: 'City/Noise map' });
    expect(second.records[1]).toMatchObject({ at: { index: 1 }, id: 'City/Noise map' });
  });

  it('names the platform after the catalog IRI, its title or the file when there is no homepage', async () => {
    const byIri = `${PREFIXES}<https://data.example.org/cat> a dcat:Catalog .`;
    const byTitle = `${PREFIXES}[] a dcat:Catalog ; dct:title "开放数据目录"@zh .`;
    const bare = `${PREFIXES}<https://x.example/d> a dcat:Dataset ; dct:title "t" .`;
    const withPath = `${PREFIXES}[] a dcat:Catalog ; foaf:homepage <https://gov.example/open/> .`;
    expect((await readDcat(byIri, 'a.ttl')).platform).toBe('https://data.example.org');
    expect((await readDcat(byTitle, 'a.ttl')).platform).toBe('开放数据目录');
    expect((await readDcat(bare, 'exports/b.ttl')).platform).toBe('b.ttl');
    expect((await readDcat(withPath, 'a.ttl')).platform).toBe('https://gov.example/open/');
  });

  it('tells the syntax from the file name, and asks for one when nothing tells', async () => {
    const found = await refusal(() => readDcat('id;title', 'catalog'));
    expect(found.problems[0]).toMatchObject({ code: 'rdf-syntax', file: 'catalog' });
    expect(found.message).toMatch(/\.jsonld, \.ttl or \.rdf/);
  });

  it('uses the syntax it is told over the file name', async () => {
    const read = await readDcat(ROUND_TRIP, 'export.json', { syntax: 'turtle' });
    expect(read.total).toBe(1);
  });

  it('passes a syntax error on with its file and line', async () => {
    const text = `${PREFIXES}<https://x.example/a> dct:title "x" .\n<https://x.example/b> dct:title .`;
    const found = await refusal(() => readDcat(text, 'bad.ttl'));
    expect(found.problems[0]).toMatchObject({ code: 'rdf-syntax', file: 'bad.ttl', line: 12 });
  });
});
