import { Document, isMap, isScalar, type Scalar } from 'yaml';

/** Keys that lead their mapping (in this order); all other keys follow alphabetically. */
const LEADING_KEYS = ['apiVersion', 'kind', 'metadata', 'name', 'namespace'];

function compareKeys(a: string, b: string): number {
  const ia = LEADING_KEYS.indexOf(a);
  const ib = LEADING_KEYS.indexOf(b);
  if (ia !== -1 || ib !== -1) return (ia === -1 ? LEADING_KEYS.length : ia) - (ib === -1 ? LEADING_KEYS.length : ib);
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Deep copy with mapping keys in a stable order and `undefined` members dropped. */
export function sortKeys<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v) => sortKeys(v)) as T;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value).sort(compareKeys)) {
      const v = (value as Record<string, unknown>)[k];
      if (v !== undefined) out[k] = sortKeys(v);
    }
    return out as T;
  }
  return value;
}

/**
 * The YAML of `value` as the `yaml` library writes it under our settings: the definition of our format, and
 * what `toYaml` falls back to for whatever its fast path does not handle itself.
 */
export function toYamlWithLibrary(value: unknown): string {
  const doc = new Document(sortKeys(value), { version: '1.1' });
  // Multi-line strings as `|` blocks (trailing spaces force quoting, which keeps them lossless).
  const visit = (node: unknown): void => {
    if (isMap(node)) for (const pair of node.items) visit(pair.value);
    else if (node && typeof node === 'object' && 'items' in node) for (const item of (node as { items: unknown[] }).items) visit(item);
    else if (isScalar(node) && typeof node.value === 'string' && node.value.includes('\n') && !/[ \t]\n/.test(node.value)) {
      (node as Scalar).type = 'BLOCK_LITERAL';
    }
  };
  visit(doc.contents);
  return doc.toString({ lineWidth: 0, minContentWidth: 0, indentSeq: true });
}

// The fast path. Building and printing a yaml Document costs most of a synth's serialization, so toYaml
// writes the block structure itself and decides the common scalars itself; every scalar it is not sure
// about is printed by the library (once per distinct value). test/core/yaml.test.ts holds it to byte
// equality with toYamlWithLibrary over every object of the homelab and over generated hard cases.

/**
 * Strings the library prints plain (unquoted): printable ASCII starting with a letter, `_`, `/`, `(` or `./`
 * (so never a number, a date, `.inf` or an indicator), without `: `, ` #` or a trailing `:`/space, and not a
 * word a YAML 1.1 reader takes for a boolean or null. Deliberately narrow: anything else goes to the library.
 */
const PLAIN = /^(?:[A-Za-z_/(]|\.\/)[\x20-\x7e]*$/;
const NOT_PLAIN = /: | #|[: ]$|["\\]/;
const YAML11_WORDS = new Set(['y', 'Y', 'yes', 'Yes', 'YES', 'n', 'N', 'no', 'No', 'NO', 'true', 'True', 'TRUE', 'false', 'False', 'FALSE', 'on', 'On', 'ON', 'off', 'Off', 'OFF', 'null', 'Null', 'NULL']);
const isPlain = (s: string): boolean => PLAIN.test(s) && !NOT_PLAIN.test(s) && !YAML11_WORDS.has(s);
/**
 * A mapping or sequence VALUE may also hold `"` and `\` plain: the library quotes a value only for a leading
 * indicator, which a leading letter rules out. PromQL (`{app="x"}`) is most of the distinct strings of a synth,
 * and each went to the library once.
 */
const NOT_PLAIN_VALUE = /: | #|[: ]$/;
const isPlainValue = (s: string): boolean => PLAIN.test(s) && !NOT_PLAIN_VALUE.test(s) && !YAML11_WORDS.has(s);

/**
 * The library's own test for a string it must not print plain (yaml's stringifyString.js, `plainString`). For
 * printable ASCII such a string is quoted the library's way: single quotes when it holds `"` but no `'`, else
 * double quotes, which for printable ASCII are exactly JSON's (lineWidth 0: never folded). Saves a library
 * round trip for each distinct alert description, template and wildcard host.
 */
const NEEDS_QUOTES = /^[\n\t ,[\]{}#&*!|>'"%@`]|^[?-]$|^[?-][ \t]|[\n:][ \t]|[ \t]\n|[\n\t ]#|[\n\t :]$/;
const PRINTABLE_ASCII = /^[\x20-\x7e]+$/;
function quoted(s: string): string | undefined {
  if (s.length > 1000 || !PRINTABLE_ASCII.test(s) || !NEEDS_QUOTES.test(s)) return undefined;
  return s.includes('"') && !s.includes("'") ? `'${s}'` : JSON.stringify(s);
}

/**
 * A multi-line string as the library prints it under our settings (a `|` literal block, see
 * {@link toYamlWithLibrary}), for the common shape only: no control characters, no line ending in blanks, no
 * leading blank or newline (an indentation indicator), and one final newline (`|`) or none (`|-`). Lines are
 * indented from column 0 by the library's two spaces, blank lines stay empty. Anything else returns undefined.
 */
const BLOCK_UNSAFE = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u{D800}-\u{DFFF}]|[ \t]\n|^[ \t\n]/u;
function literalBlock(s: string): string[] | undefined {
  if (!s.includes('\n') || BLOCK_UNSAFE.test(s)) return undefined;
  let body = s;
  let chomp = '-';
  if (/[^ \t\n]\n$/.test(s)) {
    body = s.slice(0, -1);
    chomp = '';
  } else if (!/[^ \t\n]$/.test(s)) return undefined;
  return [`|${chomp}`, ...body.split('\n').map((line) => (line ? `  ${line}` : ''))];
}

/** Why the fast path gives up on a value: the whole value is then printed by the library. */
class Unsupported extends Error {}

/** Library-printed scalars by value: first line, and continuation lines (block scalars) indented from column 0. */
const printed = new Map<unknown, readonly string[]>();
function scalarLines(v: unknown): readonly string[] {
  if (typeof v === 'string') {
    if (isPlainValue(v)) return [v];
    const q = quoted(v);
    if (q !== undefined) return [q];
    const block = literalBlock(v);
    if (block) return block;
  } else if (typeof v === 'number') {
    if (Number.isSafeInteger(v) && !Object.is(v, -0)) return [String(v)];
  } else if (typeof v === 'boolean') return [v ? 'true' : 'false'];
  else if (v === null) return ['null'];
  else throw new Unsupported();
  const key = typeof v === 'number' ? `n${v}` : `s${v}`;
  let lines = printed.get(key);
  if (!lines) {
    // `x: <scalar>`: the scalar as the library prints a mapping value (block scalars indent by 2 from the key).
    const text = toYamlWithLibrary({ x: v });
    lines = text.slice(3, -1).split('\n');
    printed.set(key, lines);
  }
  return lines;
}

const isCollection = (v: unknown): v is object => v !== null && typeof v === 'object';
const isEmpty = (v: object): boolean => (Array.isArray(v) ? v.length === 0 : keysOf(v as Record<string, unknown>).length === 0);

function keysOf(obj: Record<string, unknown>): string[] {
  if (Object.getPrototypeOf(obj) !== Object.prototype && Object.getPrototypeOf(obj) !== null) throw new Unsupported();
  const keys = Object.keys(obj).filter((k) => obj[k] !== undefined);
  return keys.sort(compareKeys);
}

/** `- ` / `key: ` then the value: a scalar on the line, an empty collection as `{}`/`[]`, else a nested block. */
function writeValue(v: unknown, head: string, indent: string, out: string[]): void {
  if (!isCollection(v)) {
    const [first, ...more] = scalarLines(v);
    out.push(`${head} ${first}`);
    for (const line of more) out.push(line ? `${indent}${line}` : line);
  } else if (isEmpty(v)) out.push(`${head} ${Array.isArray(v) ? '[]' : '{}'}`);
  else {
    out.push(head);
    if (Array.isArray(v)) writeSeq(v, `${indent}  `, `${indent}  `, out);
    else writeMap(v as Record<string, unknown>, `${indent}  `, `${indent}  `, out);
  }
}

/** A block mapping at `indent`; its first line starts with `first` (an enclosing `- ` for a map in a sequence). */
function writeMap(obj: Record<string, unknown>, indent: string, first: string, out: string[]): void {
  keysOf(obj).forEach((k, i) => {
    const key = isPlain(k) ? k : quoted(k);
    if (key === undefined) throw new Unsupported();
    writeValue(obj[k], `${i === 0 ? first : indent}${key}:`, indent, out);
  });
}

function writeSeq(items: readonly unknown[], indent: string, first: string, out: string[]): void {
  items.forEach((item, i) => {
    const lead = i === 0 ? first : indent;
    if (item === undefined) throw new Unsupported();
    if (isCollection(item) && !isEmpty(item)) {
      if (Array.isArray(item)) writeSeq(item, `${indent}  `, `${lead}- `, out);
      else writeMap(item as Record<string, unknown>, `${indent}  `, `${lead}- `, out);
    } else writeValue(item, `${lead}-`, indent, out);
  });
}

/**
 * Readable, deterministic YAML: block style, stable key order, no line wrapping, multi-line strings as
 * literal block scalars, strings that YAML 1.1 tools would misread ("on", "yes", "0755") quoted. Byte for
 * byte what {@link toYamlWithLibrary} prints, several times faster.
 */
export function toYaml(value: unknown): string {
  if (!isCollection(value) || isEmpty(value)) return toYamlWithLibrary(value);
  const out: string[] = [];
  try {
    if (Array.isArray(value)) writeSeq(value, '', '', out);
    else writeMap(value as Record<string, unknown>, '', '', out);
  } catch (e) {
    if (e instanceof Unsupported) return toYamlWithLibrary(value);
    throw e;
  }
  return `${out.join('\n')}\n`;
}
