import type { OpenType } from '../schemas/vocabulary.ts';
import { OPEN_TYPES } from '../schemas/vocabulary.ts';
import { lastSegment } from './foreign-values.ts';

const WORDS: Record<string, OpenType> = {
  // data.json accessLevel and the EU access-right codes
  public: '无条件开放',
  'restricted public': '有条件开放',
  restricted: '有条件开放',
  'non-public': '不予开放',
  non_public: '不予开放',
  // 浙江's free-text 开放条件 (data/README.md)
  开放网站: '无条件开放',
  无条件: '无条件开放',
  完全开放: '无条件开放',
};

/** Free texts that mean "open on request": the text itself is then the 开放条件. */
const ON_REQUEST = new Set(['依申请开放', '提出申请', '需申请', '开放网站申请']);

/**
 * Our 开放属性 for an open type or access level as written (有条件开放, `public`,
 * `restricted public`, an EU access-right IRI, 浙江's 开放条件 texts), with the condition the
 * text itself states, if any. Undefined when the text says nothing we can map.
 */
export function mapOpenType(value: string): { openType: OpenType; condition?: string } | undefined {
  const text = value.trim();
  if ((OPEN_TYPES as readonly string[]).includes(text)) return { openType: text as OpenType };
  if (ON_REQUEST.has(text)) return { openType: '有条件开放', condition: text };
  const openType = WORDS[lastSegment(text).toLowerCase()];
  return openType && { openType };
}
