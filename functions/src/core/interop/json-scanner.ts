/**
 * A forward-only JSON scanner that keeps count of lines, for reading records one by one out of
 * files that may be broken: it finds where a value ends without parsing it.
 */

export type Cursor = { text: string; i: number; line: number; lineStart: number };
export type Extent = { end: number; truncated?: boolean };
/** A position: offset in the text, 1-based line and column. */
export type Where = { offset: number; line: number; column: number };

const CLOSER: Record<string, string> = { '{': '}', '[': ']' };

/** The line and column of `offset`, counting from a known position before it. */
export function advance(text: string, from: Where, offset: number): Where {
  let { line } = from;
  let lineStart = from.offset - from.column + 1;
  for (
    let i = text.indexOf('\n', from.offset);
    i >= 0 && i < offset;
    i = text.indexOf('\n', i + 1)
  ) {
    line++;
    lineStart = i + 1;
  }
  return { offset, line, column: offset - lineStart + 1 };
}

/**
 * Moves past one value, keeping count of lines. It finds the end by nesting alone, so a broken
 * value still ends somewhere: a string stops at the end of its line (JSON strings never span
 * lines), a wrong closing bracket closes the brackets it skips, and in a pretty-printed file a
 * line that starts the next record at the same indentation ends this one.
 */
export function scanValue(c: Cursor, stack: string[] = []): Extent {
  const { text } = c;
  const first = text[c.i];
  const indent = stack.length === 0 && onlySpaceBefore(c) ? c.i - c.lineStart : -1;
  while (c.i < text.length) {
    const ch = text[c.i]!;
    if (ch === '"') {
      const closed = scanString(c);
      if (stack.length === 0) return { end: c.i, truncated: !closed && c.i >= text.length };
      continue;
    }
    if (ch === '{' || ch === '[') stack.push(CLOSER[ch]!);
    else if (ch === '}' || ch === ']') {
      if (stack.length === 0) return { end: c.i };
      // A wrong closer closes what it skips, so the damage stays inside this value.
      while (stack.length > 1 && stack[stack.length - 1] !== ch) stack.pop();
      stack.pop();
      if (stack.length === 0) return { end: ++c.i };
    } else if (stack.length === 0 && (ch === ',' || /\s/.test(ch))) return { end: c.i };
    else if (ch === '\n') {
      c.line++;
      c.lineStart = c.i + 1;
      if (indent >= 0 && nextRecordStarts(c, indent, first!)) return { end: c.i };
    }
    c.i++;
  }
  return { end: c.i, truncated: stack.length > 0 };
}

/** Whether the line after c.i starts with `first` at column `indent`. */
function nextRecordStarts(c: Cursor, indent: number, first: string): boolean {
  let j = c.i + 1;
  while (j - c.i - 1 < indent && (c.text[j] === ' ' || c.text[j] === '\t')) j++;
  return j - c.i - 1 === indent && c.text[j] === first && (first === '{' || first === '[');
}

function onlySpaceBefore(c: Cursor): boolean {
  for (let j = c.i - 1; j >= c.lineStart; j--)
    if (c.text[j] !== ' ' && c.text[j] !== '\t') return false;
  return true;
}

/** Moves past a string from its opening quote; false if the line ends before it closes. */
export function scanString(c: Cursor): boolean {
  const { text } = c;
  for (c.i++; c.i < text.length; c.i++) {
    const ch = text[c.i];
    if (ch === '\\' && text[c.i + 1] !== '\n') c.i++;
    else if (ch === '"') {
      c.i++;
      return true;
    } else if (ch === '\n') return false;
  }
  return false;
}

export function skipSpace(c: Cursor): void {
  const { text } = c;
  for (; c.i < text.length; c.i++) {
    const ch = text.charCodeAt(c.i);
    if (ch === 0x0a) {
      c.line++;
      c.lineStart = c.i + 1;
    } else if (ch !== 0x20 && ch !== 0x09 && ch !== 0x0d && ch !== 0xfeff) return;
  }
}

/** Moves to the next match of `pattern` (or the end), keeping count of lines. */
export function skipTo(c: Cursor, pattern: RegExp): void {
  pattern.lastIndex = c.i + 1;
  const next = pattern.exec(c.text)?.index ?? c.text.length;
  const at = advance(c.text, where(c), next);
  c.i = next;
  setLine(c, at);
}

export function setLine(c: Cursor, at: Where): void {
  c.line = at.line;
  c.lineStart = at.offset - at.column + 1;
}

export function lineColumn(at: Where): { line: number; column: number } {
  return { line: at.line, column: at.column };
}

export function where(c: Cursor): Where {
  return { offset: c.i, line: c.line, column: c.i - c.lineStart + 1 };
}
