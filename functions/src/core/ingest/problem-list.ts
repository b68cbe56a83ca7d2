import type { Problem } from '../errors.ts';

/**
 * Keeps the first problems of a file and counts the rest, so a file with a million bad rows
 * produces a readable answer in bounded memory.
 */
export class ProblemList {
  private readonly shown: Problem[] = [];
  private firstOmitted: Problem | undefined;
  private total = 0;

  constructor(private readonly limit = 20) {}

  add(problem: Problem): void {
    this.total++;
    if (this.shown.length < this.limit) this.shown.push(problem);
    else this.firstOmitted ??= problem;
  }

  /** How many problems were added, shown or not. */
  get count(): number {
    return this.total;
  }

  /** The problems kept, then one that says how many more there were. */
  list(): Problem[] {
    if (!this.firstOmitted) return [...this.shown];
    const more = this.total - this.shown.length;
    const first =
      this.firstOmitted.line !== undefined ? ` (the first at line ${this.firstOmitted.line})` : '';
    return [
      ...this.shown,
      {
        code: this.firstOmitted.code,
        message: `and ${more} more ${more === 1 ? 'problem' : 'problems'} not listed${first}`,
        ...(this.firstOmitted.file !== undefined ? { file: this.firstOmitted.file } : {}),
      },
    ];
  }
}
