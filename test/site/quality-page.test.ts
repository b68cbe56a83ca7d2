import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEMAND_FIGURE_DEFINITIONS,
  INVENTORY_FIGURE_DEFINITIONS,
  QUALITY_DEFINITIONS,
  QUALITY_FIGURE_DEFINITIONS,
} from '../../functions/src/core/quality/quality-definitions.ts';
import type {
  InventoryQualityFigures,
  QualityReport,
} from '../../functions/src/core/quality/quality-report.ts';
import { buildFixtureSite, qualityFixture } from './dispute-site-fixture.ts';
import type { FixtureSite } from './dispute-site-fixture.ts';

let site: FixtureSite;

const connection = (
  systems: number,
  connectedSystems: number,
  deadEnds: number,
): InventoryQualityFigures => ({
  systems,
  connectedSystems,
  connectionRate: systems === 0 ? null : connectedSystems / systems,
  deadEnds,
});

/**
 * The fixture report with demand and inventory figures written by hand: nbs keeps 3 items
 * (2 fulfilled, 1 on time, 1 overdue), sh-stats recorded 1,234 demands and keeps 1 item;
 * 54 systems, 12 connected, 3 dead ends, split over levels and networks; every definition.
 */
function withLists(): QualityReport {
  return {
    ...qualityFixture(),
    definitions: { ...QUALITY_DEFINITIONS },
    demands: {
      overall: {
        demandsRecorded: 1234,
        itemsAccepted: 4,
        itemsFulfilled: 2,
        itemsFulfilledOnTime: 1,
        itemsOverdue: 1,
        fulfilmentOnTimeRate: 0.5,
        demandsAwaitingAssignment: 3,
      },
      agencies: [
        {
          agency: 'nbs',
          name: { zh: '国家统计局', en: 'National Bureau of Statistics' },
          figures: {
            demandsRecorded: 0,
            itemsAccepted: 3,
            itemsFulfilled: 2,
            itemsFulfilledOnTime: 1,
            itemsOverdue: 1,
            fulfilmentOnTimeRate: 0.5,
          },
        },
        {
          agency: 'sh-stats',
          name: { zh: '上海市统计局', en: 'Shanghai Statistics Bureau' },
          figures: {
            demandsRecorded: 1234,
            itemsAccepted: 1,
            itemsFulfilled: 0,
            itemsFulfilledOnTime: 0,
            itemsOverdue: 0,
            fulfilmentOnTimeRate: null,
          },
        },
      ],
    },
    inventory: {
      overall: connection(54, 12, 3),
      agencies: [
        {
          agency: 'nbs',
          name: { zh: '国家统计局', en: 'National Bureau of Statistics' },
          figures: connection(50, 10, 2),
        },
        {
          agency: 'sh-stats',
          name: { zh: '上海市统计局', en: 'Shanghai Statistics Bureau' },
          figures: connection(4, 2, 1),
        },
      ],
      levels: [
        { level: '国家级', figures: connection(25, 5, 1) },
        { level: '省级', figures: connection(25, 4, 1) },
        { level: '市级', figures: connection(4, 3, 1) },
      ],
      networks: [
        { network: '互联网', figures: connection(4, 1, 0) },
        { network: '政务外网', figures: connection(12, 2, 2) },
        { network: '专网', figures: connection(38, 9, 1) },
      ],
    },
  };
}

beforeAll(async () => {
  site = await buildFixtureSite({ quality: withLists() });
}, 240_000);

afterAll(async () => {
  await site?.stop();
});

/** The text of the part of a page between two markers. */
const between = (html: string, start: string, end: string) => {
  const from = html.indexOf(start);
  expect(from, start).toBeGreaterThanOrEqual(0);
  return html.slice(from, html.indexOf(end, from));
};
const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

describe('the quality page', () => {
  it('shows the headline figures of the report, formatted for each language', async () => {
    const zh = text(between(await site.page('quality'), 'quality-stats', '</ul>'));
    for (const shown of [
      '50% 目录挂接率',
      '66.7% 按期更新率',
      '62.5% 元数据完整度',
      '1 待处理疑义数',
    ])
      expect(zh).toContain(shown);
    expect(zh).toContain('2.5 天 疑义办结天数中位数');
    expect(zh).toContain('75% 共享申请按时答复率');
    expect(zh).toContain('1,234 下载次数');
    expect(zh).toContain('56 接口调用次数');
    const en = text(between(await site.page('en/quality'), 'quality-stats', '</ul>'));
    expect(en).toContain('50% Link rate');
    expect(en).toContain('2.5 days Median days to resolve');
  });

  it('says when it was generated and links the CSV download', async () => {
    const html = await site.page('quality');
    expect(html).toContain('2026年11月28日 10:30（北京时间）');
    expect(html).toContain('<a href="/catalog/quality.csv" download="quality.csv">');
  });

  it('has a table per agency with a caption, header scopes and the overall row', async () => {
    const html = await site.page('en/quality');
    const table = between(html, '<table class="quality-table"', '</table>');
    expect(table).toContain(
      '<caption id="agency-table-caption">Quality figures of 2 providing agencies',
    );
    expect(table).toMatch(/<th scope="col" class="num">Link rate<\/th>/);
    const nbs = between(table, 'data-agency="nbs"', '</tr>');
    expect(nbs).toContain('<a href="/en/agencies/nbs/">National Bureau of Statistics</a>');
    expect(text(nbs)).toContain('3 2 66.7% 2 1 50% 62.5% 1 1 2.5 days 75% 1,234 56');
    // An agency the public catalog does not list is named, not linked; a missing rate says so.
    const other = between(table, 'data-agency="sh-stats"', '</tr>');
    expect(other).not.toContain('<a ');
    expect(text(other)).toContain('n/a');
    expect(between(table, '<tfoot>', '</tfoot>')).toContain('<th scope="row">All agencies</th>');
  });

  it('draws the two bar charts as SVG described by the table, with bars as long as the rates', async () => {
    const html = await site.page('quality');
    const charts = [...html.matchAll(/<figure class="bar-chart">(.*?)<\/figure>/g)].map(
      (m) => m[1]!,
    );
    expect(charts).toHaveLength(2);
    for (const chart of charts) {
      expect(chart).toMatch(/<svg [^>]*role="img"/);
      expect(chart).toContain('aria-describedby="agency-table-caption"');
    }
    // The bar span is 380 units: 2/3 → 253, 0 → 1 (a sliver), 0.5 → 190 and 1 → 380.
    const widths = (chart: string) =>
      [...chart.matchAll(/<rect [^>]*width="(\d+)"/g)].map((m) => m[1]);
    expect(widths(charts[0]!)).toEqual(['253', '1']);
    expect(widths(charts[1]!)).toEqual(['380', '190']);
    expect(charts[0]).toContain('id="chart-link-rate-caption"');
  });

  it('gives every figure its definition from the report, in the page language', async () => {
    const zh = await site.page('quality');
    const en = await site.page('en/quality');
    for (const definition of [
      ...Object.values(QUALITY_FIGURE_DEFINITIONS),
      ...Object.values(DEMAND_FIGURE_DEFINITIONS),
      ...Object.values(INVENTORY_FIGURE_DEFINITIONS),
    ]) {
      expect(zh).toContain(definition.zh);
      expect(en).toContain(definition.en.replaceAll('&', '&amp;').replaceAll("'", '&#39;'));
    }
    expect(zh).toMatch(
      /<dl class="definitions" data-definitions><dt id="def-entries">目录数<\/dt>/,
    );
  });

  it('shows the responsibility items per agency in a table with a caption, scopes and the overall row', async () => {
    const zh = await site.page('quality');
    expect(text(between(zh, 'data-demands-awaiting', '</p>'))).toContain(
      '等待分派提供部门的需求 3 条。',
    );
    const table = between(zh, '<table class="quality-table" data-demand-table>', '</table>');
    expect(table).toContain(
      '<caption id="demand-table-caption">2 个部门的数据需求与责任事项，最后一行为总体</caption>',
    );
    expect(table).toContain('<th scope="col" class="num">责任事项按期完成率</th>');
    const nbs = between(table, 'data-agency="nbs"', '</tr>');
    expect(nbs).toContain('<a href="/agencies/nbs/">国家统计局</a>');
    expect(text(nbs)).toContain('0 3 2 1 1 50%');
    const other = between(table, 'data-agency="sh-stats"', '</tr>');
    expect(other).not.toContain('<a ');
    expect(text(other)).toContain('1,234 1 0 0 0 无数据');
    expect(text(between(table, '<tfoot>', '</tfoot>'))).toContain('总体 1,234 4 2 1 1 50%');
    const en = between(await site.page('en/quality'), 'data-demand-table', '</table>');
    expect(en).toContain('<th scope="col" class="num">On-time fulfilment rate</th>');
    expect(text(between(en, 'data-agency="sh-stats"', '</tr>'))).toContain('1,234 1 0 0 0 n/a');
  });

  it('shows the connection rate and dead ends per agency, and by level and network, naming no system', async () => {
    const en = await site.page('en/quality');
    const table = between(en, '<table class="quality-table" data-inventory-table>', '</table>');
    expect(table).toContain(
      '<caption id="inventory-table-caption">Information systems of 2 agencies, with all agencies in the last row',
    );
    expect(table).toContain('<th scope="col" class="num">Data dead ends</th>');
    expect(text(between(table, 'data-agency="nbs"', '</tr>'))).toContain(
      'National Bureau of Statistics 50 10 20% 2',
    );
    expect(text(between(table, '<tfoot>', '</tfoot>'))).toContain('All agencies 54 12 22.2% 3');
    const levels = between(en, 'data-breakdown="level"', '</table>');
    expect(levels).toContain(
      '<caption id="level-table-caption">Information systems by level</caption>',
    );
    expect(levels).toContain('<th scope="col">Level</th>');
    expect(text(between(levels, 'data-term="省级"', '</tr>'))).toContain('Provincial 25 4 16% 1');
    const networks = between(await site.page('quality'), 'data-breakdown="network"', '</table>');
    expect(text(between(networks, 'data-term="专网"', '</tr>'))).toContain('专网 38 9 23.7% 1');
    expect(text(between(networks, 'data-term="政务外网"', '</tr>'))).toContain(
      '政务外网 12 2 16.7% 2',
    );
    expect(en).not.toContain('data-systems-empty');
    expect(en).not.toContain('data-demands-empty');
  });

  it('lists the overdue entries, linked to their pages, with how late they are', async () => {
    const table = between(await site.page('quality'), '<table data-overdue-table>', '</table>');
    expect(table).toContain('<a href="/datasets/103-000002/">月度统计快报</a>');
    expect(text(table)).toContain('每月 2023年6月30日 2023年7月30日 1,217 天');
  });

  it('lists the conflicting authoritative-source claims', async () => {
    const list = text(between(await site.page('en/quality'), 'data-conflicts', '</ul>'));
    expect(list).toContain('基础/自然资源和空间地理 · code');
    expect(list).toContain('source Administrative division codes 103/000001');
    expect(list).toContain('also claimed by Census results 103/000003');
  });

  it('is linked from the header and the footer and listed in the sitemap', async () => {
    const home = await site.page('');
    expect(home).toContain('<a href="/quality/">数据质量</a>');
    expect(between(home, '<footer', '</footer>')).toContain('<a href="/quality/">数据质量</a>');
    expect(await site.page('quality')).toContain('<a href="/quality/" aria-current="page">');
    expect(await site.file('sitemap.xml')).toContain('<loc>http://localhost:4321/quality/</loc>');
  });

  it('judges entry pages’ freshness on the report’s day', async () => {
    expect(text(await site.page('datasets/103-000002'))).toContain(
      '更新情况 逾期 1,217 天（应于 2023年7月30日 更新）',
    );
  });

  it('says there are no corrections when no corrections log has been published', async () => {
    const html = await site.page('datasets/103-000001');
    expect(html).toContain('本数据集尚无更正记录。');
    expect(html).toContain('正在核实的疑义 0 条，经核实驳回 0 条。');
  });
});

describe('the quality page of a report without demands or systems', () => {
  let bare: FixtureSite;

  beforeAll(async () => {
    // A report published before the demand and inventory figures existed.
    bare = await buildFixtureSite({ quality: qualityFixture() });
  }, 240_000);

  afterAll(async () => {
    await bare?.stop();
  });

  it('says there are none yet instead of drawing empty tables', async () => {
    const zh = await bare.page('quality');
    expect(between(zh, 'data-quality-demands', '</section>')).toContain(
      '<p class="note" data-demands-empty>暂无需求清单记录。</p>',
    );
    expect(between(zh, 'data-quality-inventory', '</section>')).toContain(
      '<p class="note" data-systems-empty>暂无信息系统清单记录。</p>',
    );
    expect(zh).not.toContain('data-demand-table');
    const en = await bare.page('en/quality');
    expect(en).toContain('None yet: no demand has been recorded.');
    expect(en).toContain('None yet: no information system has been listed.');
    expect(en).not.toContain('data-breakdown');
  });
});
