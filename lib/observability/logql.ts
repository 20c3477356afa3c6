// LogQL through Grafana's own Lezer grammar for Loki (the one Grafana's query editor uses).
import { parser } from '@grafana/lezer-logql';
import { firstError, QuerySyntaxError } from './promql.js';

/** Throws QuerySyntaxError when `expr` is not valid LogQL (log or metric query). */
export function checkLogql(expr: string): void {
  // Parsed once per text: the same queries are declared on every cluster.
  if (valid.has(expr)) return;
  check(expr);
  valid.add(expr);
}
const valid = new Set<string>();

function check(expr: string): void {
  if (!expr.trim()) throw new QuerySyntaxError(0, 'empty expression');
  const err = firstError(parser.parse(expr).topNode);
  if (err) {
    const near = expr.slice(err.from, err.from + 12);
    throw new QuerySyntaxError(err.from, near ? `syntax error near "${near}"` : 'unexpected end of expression');
  }
}
