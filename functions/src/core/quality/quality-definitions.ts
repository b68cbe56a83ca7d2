import type { LocalizedText } from '../schemas/common.ts';
import type {
  DemandQualityOverall,
  InventoryQualityFigures,
  QualityFigures,
} from './quality-report.ts';

/** A short name for each figure, for table headers and the CSV. */
export const QUALITY_FIGURE_LABELS = {
  entries: { zh: '目录数', en: 'Entries' },
  withData: { zh: '已挂接数据的目录数', en: 'Entries with data' },
  linkRate: { zh: '目录挂接率', en: 'Link rate' },
  scheduled: { zh: '定期更新的目录数', en: 'Scheduled entries' },
  onSchedule: { zh: '按期更新的目录数', en: 'Updated on schedule' },
  overdue: { zh: '逾期未更新的目录数', en: 'Overdue entries' },
  onTimeUpdateRate: { zh: '按期更新率', en: 'On-time update rate' },
  completeness: { zh: '元数据完整度', en: 'Metadata completeness' },
  openDisputes: { zh: '待处理疑义数', en: 'Open disputes' },
  overdueDisputes: { zh: '超期疑义数', en: 'Overdue disputes' },
  resolvedDisputes: { zh: '已办结疑义数', en: 'Resolved disputes' },
  correctedDisputes: { zh: '已更正疑义数', en: 'Corrected disputes' },
  medianResolutionDays: { zh: '疑义办结天数中位数', en: 'Median days to resolve' },
  shareDecisions: { zh: '共享申请答复数', en: 'Share decisions' },
  shareDecisionsOnTime: { zh: '按时答复数', en: 'Decided on time' },
  shareOnTimeRate: { zh: '共享申请按时答复率', en: 'Share decision on-time rate' },
  downloads: { zh: '下载次数', en: 'Downloads' },
  apiCalls: { zh: '接口调用次数', en: 'API calls' },
} as const satisfies Record<keyof QualityFigures, LocalizedText>;

/** What each figure means and how it is computed; docs/quality.md says the same at length. */
export const QUALITY_FIGURE_DEFINITIONS = {
  entries: {
    zh: '共享目录中已发布的信息资源目录数（含开放与仅共享的目录）。',
    en: 'Published catalog entries in the share catalog, open and shared-only alike.',
  },
  withData: {
    zh: '其中已挂接数据（至少发布一个数据版本）的目录数。',
    en: 'Of those, entries linked to data: at least one version has been published.',
  },
  linkRate: {
    zh: '目录挂接率 = 已挂接数据的目录数 ÷ 目录数。',
    en: 'Link rate (目录挂接率) = entries with data ÷ entries.',
  },
  scheduled: {
    zh: '更新周期为定期（实时、每日、每周、每月、每季度、每半年、每年，不含不定期）的目录数。',
    en: 'Entries with a regular update cycle (real-time to yearly; 不定期 irregular entries are left out).',
  },
  onSchedule: {
    zh: '定期更新的目录中，下次更新尚未到期或今天到期的目录数（含即将到期）。',
    en: 'Scheduled entries whose next update is not yet past due (due soon counts as on schedule).',
  },
  overdue: {
    zh: '定期更新的目录中，已过应更新日期仍未更新的目录数；应更新日期 = 最近更新日期 + 一个更新周期。',
    en: 'Scheduled entries past the day their next update was due; due day = last update + one cycle.',
  },
  onTimeUpdateRate: {
    zh: '按期更新率 = 按期更新的目录数 ÷ 定期更新的目录数。',
    en: 'On-time update rate = entries on schedule ÷ scheduled entries.',
  },
  completeness: {
    zh: '各目录元数据完整度的平均值；一个目录的完整度是其适用的推荐字段（英文名称与摘要、关键词、联系方式、开放许可、空间与时间范围、信息项及其说明与英文名）的平均得分。',
    en: 'Mean completeness of the entries; an entry scores the mean of the recommended fields that apply to it (English title and abstract, keywords, contact, licence, spatial and temporal coverage, data items with descriptions and English names).',
  },
  openDisputes: {
    zh: '已报告或核实中的疑义数据反馈数。',
    en: 'Disputed-data reports that are reported or being verified.',
  },
  overdueDisputes: {
    zh: '待处理疑义中已超过核实期限的数量。',
    en: 'Open disputes whose verification deadline has passed.',
  },
  resolvedDisputes: {
    zh: '已办结（已更正或已驳回）的疑义数；撤销的校核候选项不计。',
    en: 'Disputes resolved by correction or rejection; dismissed cross-check candidates are not counted.',
  },
  correctedDisputes: {
    zh: '其中以发布更正版本办结的疑义数。',
    en: 'Of those, disputes resolved by publishing a corrected version.',
  },
  medianResolutionDays: {
    zh: '已办结疑义从报告到更正或驳回所经自然日（含小数）的中位数。',
    en: 'Median calendar days (fractional) from report to correction or rejection, over resolved disputes.',
  },
  shareDecisions: {
    zh: '受理后由提供部门作出同意或拒绝答复的共享申请数。',
    en: 'Share requests the providing agency approved or rejected after acceptance.',
  },
  shareDecisionsOnTime: {
    zh: '其中在答复期限（工作日）内作出答复的数量。',
    en: 'Of those, decisions made by their deadline (working days).',
  },
  shareOnTimeRate: {
    zh: '共享申请按时答复率 = 按时答复数 ÷ 答复数。',
    en: 'Share decision on-time rate = decisions on time ÷ decisions.',
  },
  downloads: {
    zh: '自开始计数以来，该部门目录数据文件的下载次数。',
    en: "Downloads of the agency's data files since counting began.",
  },
  apiCalls: {
    zh: '自开始计数以来，关于该部门目录的接口调用次数（不含下载）。',
    en: "API calls about the agency's entries since counting began, downloads excluded.",
  },
} as const satisfies Record<keyof QualityFigures, LocalizedText>;

/** A short name for each demand (需求清单/责任清单) figure. */
export const DEMAND_FIGURE_LABELS = {
  demandsRecorded: { zh: '提出需求数', en: 'Demands recorded' },
  itemsAccepted: { zh: '认领责任事项数', en: 'Items accepted' },
  itemsFulfilled: { zh: '已完成责任事项数', en: 'Items fulfilled' },
  itemsFulfilledOnTime: { zh: '按期完成责任事项数', en: 'Fulfilled on time' },
  itemsOverdue: { zh: '逾期责任事项数', en: 'Overdue items' },
  fulfilmentOnTimeRate: { zh: '责任事项按期完成率', en: 'On-time fulfilment rate' },
  demandsAwaitingAssignment: { zh: '待分派需求数', en: 'Demands awaiting assignment' },
} as const satisfies Record<keyof DemandQualityOverall, LocalizedText>;

/** What each demand figure means and how it is computed. */
export const DEMAND_FIGURE_DEFINITIONS = {
  demandsRecorded: {
    zh: '该部门作为需求方在需求清单中登记的数据需求数，不论其状态。',
    en: 'Data demands the agency recorded as a requester in the demand list (需求清单), in any state.',
  },
  itemsAccepted: {
    zh: '该部门作为提供部门认领、列入责任清单的责任事项数（含此后已完成的）；待分派、已分派未认领、已退回、已驳回或已撤回的需求不计。',
    en: 'Demands the agency accepted as the provider, becoming items of its responsibility list (责任清单), whatever became of them since; demands waiting for assignment or acceptance, returned, declined or withdrawn do not count.',
  },
  itemsFulfilled: {
    zh: '其中已完成（关联了满足需求的目录或授权）的责任事项数。',
    en: 'Of those, items fulfilled: linked to the catalog entry or grant that met the demand.',
  },
  itemsFulfilledOnTime: {
    zh: '其中在完成时限当天或之前完成的责任事项数。',
    en: 'Of those, items fulfilled on or before their due date.',
  },
  itemsOverdue: {
    zh: '已认领、尚未完成且已过完成时限的责任事项数（按报告日期判断）。',
    en: 'Items accepted, not yet fulfilled, and past their due date on the day of the report.',
  },
  fulfilmentOnTimeRate: {
    zh: '责任事项按期完成率 = 按期完成责任事项数 ÷ 已完成责任事项数。',
    en: 'On-time fulfilment rate = items fulfilled on time ÷ items fulfilled.',
  },
  demandsAwaitingAssignment: {
    zh: '已提交、等待审核人员分派提供部门的需求数（仅总体）。',
    en: 'Demands submitted and waiting for a reviewer to assign a providing agency (overall only).',
  },
} as const satisfies Record<keyof DemandQualityOverall, LocalizedText>;

/** A short name for each inventory (信息系统清单) figure. */
export const INVENTORY_FIGURE_LABELS = {
  systems: { zh: '信息系统数', en: 'Information systems' },
  connectedSystems: { zh: '已接入系统数', en: 'Connected systems' },
  connectionRate: { zh: '系统接入率', en: 'Connection rate' },
  deadEnds: { zh: '数据断头路数', en: 'Data dead ends' },
} as const satisfies Record<keyof InventoryQualityFigures, LocalizedText>;

/** What each inventory figure means and how it is computed. */
export const INVENTORY_FIGURE_DEFINITIONS = {
  systems: {
    zh: '信息系统清单中该部门使用并对其数据负责的信息系统数（含国家级、省级和市级系统）。',
    en: 'Information systems in the inventory (信息系统清单) the agency uses and answers for, national, provincial and municipal alike.',
  },
  connectedSystems: {
    zh: '其中已接入共享平台、通过平台交换数据的系统数。',
    en: 'Of those, systems connected to the sharing platform and exchanging data through it.',
  },
  connectionRate: {
    zh: '系统接入率 = 已接入系统数 ÷ 信息系统数。',
    en: 'Connection rate = connected systems ÷ information systems.',
  },
  deadEnds: {
    zh: '为目录提供数据却未接入共享平台的系统数（数据断头路）。',
    en: 'Systems that feed at least one catalog entry but are not connected to the platform, so shared data stops there (数据断头路).',
  },
} as const satisfies Record<keyof InventoryQualityFigures, LocalizedText>;

/** What the report's lists mean. */
export const QUALITY_LIST_DEFINITIONS = {
  overdueEntries: {
    zh: '已过应更新日期仍未更新的开放目录，逾期最久的在前。',
    en: 'Public entries past the day their next update was due, most late first.',
  },
  dueSoon: {
    zh: '即将到期的开放目录（按月及更长周期提前 7 天，每周提前 1 天，每日与实时为当天），最先到期的在前。',
    en: 'Public entries due soon (7 days ahead for monthly and longer cycles, 1 day for weekly, the day itself for daily and real-time), soonest first.',
  },
  sourceConflicts: {
    zh: '基础库中同一信息项有两个以上目录声明为权威来源（一数一源）的情形。',
    en: 'Data items of a base library that two or more entries claim to be the authoritative source of (一数一源).',
  },
} as const satisfies Record<string, LocalizedText>;

/** Every definition the report carries: the catalog figures', the lists', the demands', the inventory's. */
export const QUALITY_DEFINITIONS: Record<string, LocalizedText> = {
  ...QUALITY_FIGURE_DEFINITIONS,
  ...QUALITY_LIST_DEFINITIONS,
  ...DEMAND_FIGURE_DEFINITIONS,
  ...INVENTORY_FIGURE_DEFINITIONS,
};
