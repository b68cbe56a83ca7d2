import type { UpdateCycle } from '../schemas/vocabulary.ts';
import { UPDATE_CYCLES } from '../schemas/vocabulary.ts';
import { lastSegment } from './foreign-values.ts';

/** Words for an update frequency, Chinese and English, and EU frequency codes, lower-cased. */
const WORDS: Record<string, UpdateCycle> = {
  即时: '实时',
  分钟级: '实时',
  秒级: '实时',
  每天: '每日',
  小时级: '每日',
  每季: '每季度',
  不定期更新: '不定期',
  // The vocabulary has no "never updated": a resource that is not updated has no fixed cycle.
  静态数据: '不定期',
  不更新: '不定期',
  continuous: '实时',
  update_cont: '实时',
  cont: '实时',
  realtime: '实时',
  'real-time': '实时',
  hourly: '每日',
  daily: '每日',
  weekly: '每周',
  monthly: '每月',
  quarterly: '每季度',
  biannual: '每半年',
  semiannual: '每半年',
  'semi-annual': '每半年',
  annual: '每年',
  annually: '每年',
  yearly: '每年',
  irregular: '不定期',
  irreg: '不定期',
  'as needed': '不定期',
  never: '不定期',
};

/**
 * Our 更新周期 for a frequency as written: 每年, `不定期(更新说明:…)`, `daily`, an EU frequency
 * IRI, or an ISO 8601 repeating duration (`R/P1Y`, `R/PT1H`), which maps to the least frequent
 * cycle that is still at least as frequent as promised (R/P2W → 每月). Undefined when unknown.
 */
export function mapUpdateCycle(value: string): UpdateCycle | undefined {
  const text = lastSegment(value.trim())
    .replace(/\s*[（(].*$/s, '')
    .toLowerCase();
  if ((UPDATE_CYCLES as readonly string[]).includes(text)) return text as UpdateCycle;
  return WORDS[text] ?? fromDuration(text);
}

const DURATION =
  /^(?:r\d*\/)?p(?:([\d.]+)y)?(?:([\d.]+)m)?(?:([\d.]+)w)?(?:([\d.]+)d)?(?:t(?:([\d.]+)h)?(?:([\d.]+)m)?(?:([\d.]+)s)?)?$/;

/** Each cycle and the longest period (in days) it stands for: up to half an hour is 实时. */
const PERIODS: [number, UpdateCycle][] = [
  [1 / 48, '实时'],
  [1, '每日'],
  [7, '每周'],
  [31, '每月'],
  [92, '每季度'],
  [183, '每半年'],
  [366, '每年'],
];

function fromDuration(text: string): UpdateCycle | undefined {
  const m = DURATION.exec(text);
  if (!m || text.endsWith('p') || text.endsWith('t')) return undefined;
  const [y, mo, w, d, h, min, s] = m.slice(1).map((part) => Number(part ?? 0));
  const days = y! * 365 + mo! * 30.44 + w! * 7 + d! + h! / 24 + min! / 1440 + s! / 86400;
  if (!(days > 0)) return undefined;
  return PERIODS.find(([limit]) => days <= limit + 1e-9)?.[1] ?? '不定期';
}
