import { SYSTEM_ACTOR } from '../identity/identity.ts';
import type { CrossCheck, CrossCheckFinding } from '../quality/cross-check.ts';
import { quote } from '../quality/cross-check.ts';
import { DISPUTE_TEXT_LIMITS } from './dispute.ts';
import type { Dispute } from './dispute.ts';
import { disputeId } from './dispute-id.ts';

/** The compared dataset a finding is in: its entry and the version compared. */
export type CandidateEntry = { code: string; version: number; title: string; provider: string };

/** The id of a cross-check's finding: the same check, dataset, column and value, the same id. */
export function candidateId(
  check: Pick<CrossCheck, 'id'>,
  code: string,
  column: string,
  value: string,
): string {
  return disputeId(['cross-check', check.id, code, column, value]);
}

/**
 * A cross-check's finding as a candidate dispute for the compared dataset's provider, who
 * confirms it (it is then verified like a report) or dismisses it. Its id depends only on the
 * check, dataset, column and value, so a rerun that finds it again files nothing new. It has
 * no deadline until it is confirmed.
 */
export function candidateDispute(
  finding: CrossCheckFinding,
  check: CrossCheck,
  entry: CandidateEntry,
  nowIso: string,
  statusTokenSha256: string,
): Dispute {
  const [rowNumber] = finding.rows;
  return {
    id: candidateId(check, entry.code, finding.column, finding.value),
    revision: 1,
    origin: 'cross-check',
    input: {
      code: entry.code,
      version: entry.version,
      row: finding.key ? { key: finding.key } : { number: rowNumber! },
      field: finding.column,
      description: cut(describeForProvider(finding, check), DISPUTE_TEXT_LIMITS.description),
      ...(finding.expected && {
        expected: cut(finding.expected.join(' / '), DISPUTE_TEXT_LIMITS.expected),
      }),
      evidence: cut(
        `多元校核 ${check.id}：权威来源 ${check.reference.code} 的「${check.reference.column}」列`,
        DISPUTE_TEXT_LIMITS.evidence,
      ),
    },
    cell: {
      rowNumber: rowNumber!,
      ...(finding.key && { key: finding.key }),
      value: finding.kind === 'label' ? finding.label! : finding.value,
    },
    title: entry.title,
    provider: entry.provider,
    reporter: SYSTEM_ACTOR,
    statusTokenSha256,
    state: 'candidate',
    createdAt: nowIso,
    updatedAt: nowIso,
    overdue: [],
    crossCheck: { check: check.id, reference: check.reference.code, detail: finding.detail },
    history: [{ at: nowIso, actor: SYSTEM_ACTOR, event: 'cross-check', to: 'candidate' }],
  };
}

/** What the provider reads: the finding in Chinese, what to do, and the finding in English. */
function describeForProvider(finding: CrossCheckFinding, check: CrossCheck): string {
  const rows = `第 ${finding.rows.join('、')} 行${finding.count > finding.rows.length ? `等共 ${finding.count} 行` : `（共 ${finding.count} 行）`}`;
  const what =
    finding.kind === 'unknown-value'
      ? `「${finding.column}」列的值 ${quote(finding.value)} 不在权威来源 ${check.reference.code} 的「${check.reference.column}」列中`
      : `「${finding.column}」列把 ${quote(finding.value)} 标为 ${quote(finding.label!)}，权威来源 ${check.reference.code} 标为 ${finding.expected!.map(quote).join(' 或 ')}`;
  return [
    `多元校核「${check.title.zh}」（${check.field}）发现：${rows}，${what}。`,
    '请核实：数据确有错误的，确认后发布更正版本；数据无误的（例如有意收录的汇总项），请说明理由予以排除。',
    `Cross-check "${check.title.en}": ${finding.detail}.`,
  ].join('\n');
}

function cut(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
