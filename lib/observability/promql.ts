// PromQL through the Prometheus project's own Lezer grammar (the one its UI uses), plus the facts the lint
// reads from the tree: selectors with their matchers and range windows, comparisons, absent().
import type { SyntaxNode, Tree } from '@lezer/common';
import { parser } from '@prometheus-io/lezer-promql';
import { durationSeconds } from './duration.js';

export type MatchOp = '=' | '!=' | '=~' | '!~';

export interface LabelMatcher {
  readonly label: string;
  readonly op: MatchOp;
  readonly value: string;
}

/** One vector selector (`metric{matchers}`), with the range and function when it sits in `fn(…[range])`. */
export interface Selector {
  /** Metric name, or undefined for `{__name__=~"…"}`-style selectors. */
  readonly metric?: string;
  readonly matchers: readonly LabelMatcher[];
  /** Offset of the selector in the expression. */
  readonly offset: number;
  readonly range?: { readonly seconds: number; readonly text: string; readonly fn?: string };
}

export interface PromqlAnalysis {
  readonly selectors: readonly Selector[];
  /** A comparison operator (`==`, `!=`, `>`, `>=`, `<`, `<=`) anywhere in the expression. */
  readonly hasComparison: boolean;
  /** `absent()` or `absent_over_time()` anywhere in the expression. */
  readonly hasAbsent: boolean;
}

/** A PromQL (or LogQL) expression that does not parse, or is structurally invalid; `offset` points at the fault. */
export class QuerySyntaxError extends Error {
  constructor(readonly offset: number, message: string) {
    super(message);
    this.name = 'QuerySyntaxError';
  }
}

const COMPARISONS = new Set(['Eql', 'Neq', 'Gtr', 'Gte', 'Lss', 'Lte']);
const ANALYZED = new Set(['BinaryExpr', 'FunctionCall', 'DurationExpr', 'VectorSelector']);
const OPS: Readonly<Record<string, MatchOp>> = { EqlSingle: '=', Neq: '!=', EqlRegex: '=~', NeqRegex: '!~' };

/** The value of a PromQL string literal ("…", '…' or `…`). */
export function unquote(literal: string): string {
  const q = literal[0];
  const body = literal.slice(1, -1);
  if (q === '`') return body;
  if (q === "'") return JSON.parse(`"${body.replace(/\\'/g, "'").replace(/"/g, '\\"')}"`) as string;
  return JSON.parse(literal) as string;
}

/** The first error node of a Lezer tree, if any. */
export function firstError(top: SyntaxNode): SyntaxNode | undefined {
  let found: SyntaxNode | undefined;
  top.cursor().iterate((n) => {
    if (found) return false;
    if (n.type.isError) found = n.node;
    return undefined;
  });
  return found;
}

function matcherOf(node: SyntaxNode, text: (n: SyntaxNode) => string): LabelMatcher | { metric: string } {
  const opNode = node.getChild('MatchOp')?.firstChild;
  const value = node.getChildren('StringLiteral');
  if (node.name === 'QuotedLabelName') return { metric: unquote(text(node.getChild('StringLiteral')!)) };
  const label = node.name === 'QuotedLabelMatcher' ? unquote(text(node.getChild('QuotedLabelName')!.getChild('StringLiteral')!)) : text(node.getChild('LabelName')!);
  return { label, op: OPS[opNode?.name ?? ''] ?? '=', value: unquote(text(value[value.length - 1]!)) };
}

/**
 * A JavaScript RegExp for a Prometheus (RE2) matcher value, anchored like Prometheus does. RE2's leading
 * inline flags (`(?i)`) and named groups (`(?P<n>`) are translated; the rest of RE2 is a subset of JS syntax.
 */
export function re2(value: string): RegExp {
  let re = compiledRe2.get(value);
  if (!re) {
    const flags = /^\(\?([ims]+)\)/.exec(value);
    const body = (flags ? value.slice(flags[0].length) : value).replace(/\(\?P</g, '(?<');
    compiledRe2.set(value, (re = new RegExp(`^(?:${body})$`, flags ? flags[1]! : '')));
  }
  return re;
}
/** Compiled once per value: every app's SLO rules repeat the same few regexes (no `g` flag, so no state). */
const compiledRe2 = new Map<string, RegExp>();

function matchesEmpty(m: LabelMatcher): boolean {
  switch (m.op) {
    case '=': return m.value === '';
    case '!=': return m.value !== '';
    case '=~': return re2(m.value).test('');
    case '!~': return !re2(m.value).test('');
  }
}

/**
 * Parses `expr` and returns what the lint needs. Throws QuerySyntaxError for a syntax error, an invalid
 * regular expression, an unparsable duration or a selector without any non-empty matcher (which
 * Prometheus itself rejects at load time).
 */
export function analyzePromql(expr: string): PromqlAnalysis {
  // The same rules are declared on every cluster (and read again by the lint): parse each text once.
  let analysis = analyses.get(expr);
  if (!analysis) analyses.set(expr, (analysis = analyze(expr)));
  return analysis;
}
const analyses = new Map<string, PromqlAnalysis>();

/**
 * The syntax tree of a text, parsed once per process (the analysis and the output labels read the same tree)
 * and once per SHAPE: a Lezer tree holds node types and positions, never text, and what a string literal
 * holds cannot change how the expression tokenizes, so texts that differ only inside `"…"` literals (every
 * app's SLO rules: the same template, other label values) share one parse. Only for texts where each `"`
 * delimits a literal (no other quote, escape or comment that could hold one); the rest parse as they are.
 * Tested: the shared tree equals a fresh parse for every expression of the homelab.
 */
export function parseOnce(expr: string): Tree {
  const shape = /[`'\\#\n]/.test(expr) ? expr : expr.replace(/"[^"]*"/g, (literal) => `"${'x'.repeat(literal.length - 2)}"`);
  let tree = trees.get(shape);
  if (!tree) trees.set(shape, (tree = parser.parse(shape)));
  return tree;
}
const trees = new Map<string, Tree>();

function analyze(expr: string): PromqlAnalysis {
  if (!expr.trim()) throw new QuerySyntaxError(0, 'empty expression');
  const tree = parseOnce(expr);
  const err = firstError(tree.topNode);
  if (err) {
    const near = expr.slice(err.from, err.from + 12);
    throw new QuerySyntaxError(err.from, near ? `syntax error near "${near}"` : 'unexpected end of expression');
  }
  const text = (n: SyntaxNode) => expr.slice(n.from, n.to);
  const selectors: Selector[] = [];
  let hasComparison = false;
  let hasAbsent = false;
  tree.topNode.cursor().iterate((ref) => {
    // Only the four kinds below are read: materializing a node object for every node of the tree was most of the walk.
    if (!ANALYZED.has(ref.name)) return undefined;
    const node = ref.node;
    if (ref.name === 'BinaryExpr') {
      for (let c = node.firstChild; c; c = c.nextSibling) if (COMPARISONS.has(c.name)) hasComparison = true;
    } else if (ref.name === 'FunctionCall') {
      const id = node.getChild('FunctionIdentifier')?.firstChild?.name;
      if (id === 'Absent' || id === 'AbsentOverTime') hasAbsent = true;
    } else if (ref.name === 'DurationExpr') {
      if (durationSeconds(text(node)) === undefined && !/^[0-9.]+$/.test(text(node))) throw new QuerySyntaxError(node.from, `"${text(node)}" is not a duration`);
    } else if (ref.name === 'VectorSelector') {
      let metric = node.getChild('Identifier') ? text(node.getChild('Identifier')!) : undefined;
      const matchers: LabelMatcher[] = [];
      const list = node.getChild('LabelMatchers');
      for (let c = list?.firstChild; c; c = c.nextSibling) {
        if (!['UnquotedLabelMatcher', 'QuotedLabelMatcher', 'QuotedLabelName'].includes(c.name)) continue;
        const m = matcherOf(c, text);
        if ('metric' in m) metric = m.metric;
        else {
          if (m.op === '=~' || m.op === '!~') {
            try {
              re2(m.value);
            } catch (e) {
              throw new QuerySyntaxError(c.from, `invalid regular expression for label "${m.label}": ${(e as Error).message}`);
            }
          }
          if (m.label === '__name__' && m.op === '=') metric = m.value;
          else matchers.push(m);
        }
      }
      if (!metric && matchers.every(matchesEmpty)) throw new QuerySyntaxError(node.from, 'a vector selector needs a metric name or at least one matcher that does not match the empty string');
      let range: Selector['range'];
      const parent = node.parent;
      if (parent?.name === 'MatrixSelector') {
        const d = text(parent.getChild('DurationExpr')!);
        const fnCall = parent.parent?.parent;
        const fn = fnCall?.name === 'FunctionCall' ? text(fnCall.getChild('FunctionIdentifier')!) : undefined;
        range = { seconds: durationSeconds(d) ?? 0, text: d, ...(fn ? { fn } : {}) };
      }
      selectors.push({ ...(metric ? { metric } : {}), matchers, offset: node.from, ...(range ? { range } : {}) });
    }
    return undefined;
  });
  return { selectors, hasComparison, hasAbsent };
}

const SET_OPS = new Set(['And', 'Unless']);

/**
 * The labels every series of `expr`'s result carries, when the expression fixes them (an aggregation
 * `by (…)` decides the output labels); undefined when they depend on the input series (open set). Used to
 * prove that an inhibition's `equal` labels and a silence's matchers can match what an alert carries.
 */
export function outputLabels(expr: string): readonly string[] | undefined {
  if (!outputs.has(expr)) outputs.set(expr, computeOutputLabels(expr));
  return outputs.get(expr);
}
const outputs = new Map<string, readonly string[] | undefined>();

function computeOutputLabels(expr: string): readonly string[] | undefined {
  const tree = parseOnce(expr);
  const text = (n: SyntaxNode) => expr.slice(n.from, n.to);
  const isScalar = (n: SyntaxNode | null | undefined): boolean => {
    if (!n) return false;
    switch (n.name) {
      case 'NumberDurationLiteral': return true;
      case 'ParenExpr':
      case 'UnaryExpr': return isScalar(n.lastChild?.name === ')' ? n.lastChild.prevSibling : n.lastChild) || isScalar(n.firstChild?.nextSibling);
      case 'BinaryExpr': return isScalar(n.firstChild) && isScalar(n.lastChild);
      case 'FunctionCall': return ['time', 'scalar', 'pi'].includes(text(n.getChild('FunctionIdentifier')!));
      default: return false;
    }
  };
  const labelsOf = (n: SyntaxNode | null): readonly string[] | undefined => {
    if (!n) return undefined;
    switch (n.name) {
      case 'PromQL':
      case 'ParenExpr':
        return labelsOf(n.firstChild?.name === 'LineComment' ? n.firstChild.nextSibling : n.firstChild);
      case 'AggregateExpr': {
        const mod = n.getChild('AggregateModifier');
        if (!mod) return [];
        if (mod.getChild('Without')) return undefined;
        return mod.getChild('GroupingLabels')!.getChildren('LabelName').map(text);
      }
      case 'BinaryExpr': {
        const sides: SyntaxNode[] = [];
        let op = '';
        for (let c = n.firstChild; c; c = c.nextSibling) {
          if (c.name === 'MatchingModifierClause' || c.name === 'BoolModifier') continue;
          if (/^(Pow|Mul|Div|Mod|Add|Sub|Eql|Gte|Gtr|Lte|Lss|Neq|And|Or|Unless|Atan2)$/.test(c.name)) op = c.name;
          else sides.push(c);
        }
        const [l, r] = sides.map(labelsOf);
        if (SET_OPS.has(op) || isScalar(sides[1])) return l;
        if (isScalar(sides[0])) return r;
        if (op === 'Or') return l && r ? l.filter((x) => r.includes(x)) : undefined;
        // Vector-to-vector: one-to-one (and group_left) matching keeps the left side's labels.
        return l;
      }
      case 'FunctionCall': {
        const fn = text(n.getChild('FunctionIdentifier')!);
        const body = n.getChild('FunctionCallBody')!;
        const first = body.firstChild?.nextSibling ?? null; // after "("
        if (fn === 'absent' || fn === 'absent_over_time') return [];
        if (fn === 'histogram_quantile') {
          let arg: SyntaxNode | null = body.firstChild;
          const exprs: SyntaxNode[] = [];
          for (; arg; arg = arg.nextSibling) if (!/^[(),]$/.test(text(arg))) exprs.push(arg);
          const inner = labelsOf(exprs[1] ?? null);
          return inner?.filter((x) => x !== 'le');
        }
        if (fn === 'vector' || fn === 'time' || fn === 'scalar') return [];
        if (fn === 'label_replace' || fn === 'label_join') return undefined;
        return labelsOf(first);
      }
      default:
        return undefined;
    }
  };
  return labelsOf(tree.topNode);
}
