import type { LineChange } from './model.js';

/** Above this many cells the LCS table is skipped for a cheaper multiset diff (still exact as to content). */
const MAX_CELLS = 4_000_000;

/**
 * Lines removed and added between two texts, in order (a longest-common-subsequence diff without context).
 * Used for reports that have no machine-readable twin and for files outside the known layout.
 */
export function diffLines(oldText: string, newText: string): LineChange[] {
  const a = oldText === '' ? [] : oldText.replace(/\n$/, '').split('\n');
  const b = newText === '' ? [] : newText.replace(/\n$/, '').split('\n');
  // Trim the common head and tail first: most edits are small.
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const x = a.slice(start, endA);
  const y = b.slice(start, endB);
  if (x.length * y.length > MAX_CELLS) {
    const counts = new Map<string, number>();
    for (const l of y) counts.set(l, (counts.get(l) ?? 0) + 1);
    const out: LineChange[] = [];
    for (const l of x) {
      const n = counts.get(l) ?? 0;
      if (n > 0) counts.set(l, n - 1);
      else out.push({ op: '-', line: l });
    }
    const left = new Map<string, number>();
    for (const l of x) left.set(l, (left.get(l) ?? 0) + 1);
    for (const l of y) {
      const n = left.get(l) ?? 0;
      if (n > 0) left.set(l, n - 1);
      else out.push({ op: '+', line: l });
    }
    return out;
  }
  const n = x.length;
  const m = y.length;
  const lcs = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) lcs[i]![j] = x[i] === y[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  }
  const out: LineChange[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && x[i] === y[j]) {
      i++;
      j++;
    } else if (i < n && (j === m || lcs[i + 1]![j]! >= lcs[i]![j + 1]!)) {
      out.push({ op: '-', line: x[i++]! });
    } else {
      out.push({ op: '+', line: y[j++]! });
    }
  }
  return out;
}
