/** Line and column (1-based) of `offset` in `text`, for error messages that point into an expression. */
export function position(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

/** `expr` with a caret under `offset` (single-line expressions only; multi-line ones show the line). */
export function pointAt(text: string, offset: number): string {
  const { line, column } = position(text, offset);
  const src = text.split('\n')[line - 1] ?? '';
  return `\n    ${src}\n    ${' '.repeat(Math.max(0, column - 1))}^`;
}
