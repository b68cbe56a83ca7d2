import { CATEGORIES } from '../schemas/vocabulary.ts';
import type { Category } from '../schemas/vocabulary.ts';

const LAST = 999_999;

/**
 * The 分类码 of a category (data/README.md): 1NN for the base libraries and 2NN for the themes
 * (NN: position in the vocabulary), 3NN for 部门 with NN the provider's 1-based position in the
 * agency list (three digits from 100 on).
 */
export function classCode(category: Category, agencyPosition: number): string {
  const i = CATEGORIES.indexOf(category);
  if (category === '部门') return `3${String(agencyPosition).padStart(2, '0')}`;
  return i < 5 ? `1${String(i + 1).padStart(2, '0')}` : `2${String(i - 4).padStart(2, '0')}`;
}

/** Hands out 信息资源代码 that no other entry of the target catalog or of this run holds. */
export class CodeBook {
  private readonly taken = new Set<string>();
  private readonly last = new Map<string, number>();

  constructor(used: Iterable<string>) {
    for (const code of used) this.take(code);
  }

  /** Whether `code` is free. */
  isFree(code: string): boolean {
    return !this.taken.has(code);
  }

  /** The next number after the highest in this 分类码 (gaps left by removed entries stay unused). */
  next(prefix: string): string | undefined {
    const after = (this.last.get(prefix) ?? 0) + 1;
    for (let n = after <= LAST ? after : 1; n <= LAST; n++) {
      const code = `${prefix}/${String(n).padStart(6, '0')}`;
      if (this.isFree(code)) return code;
    }
    return undefined;
  }

  take(code: string): void {
    this.taken.add(code);
    const [prefix, number] = code.split('/');
    if (prefix !== undefined && number !== undefined)
      this.last.set(prefix, Math.max(this.last.get(prefix) ?? 0, Number(number)));
  }
}
