import { existsSync, readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { currentDeclaration } from './errors.js';

/**
 * Stack frames in terms of the project's own files. `npm run synth` runs one esbuild bundle
 * (`.cache/homelab.cjs`), whose frames say nothing to a user; the bundle's external source map (read only
 * here, on the error path, so a successful run never pays for it) maps them back to `apps/x.ts:12`.
 * Under vitest, frames already name the TypeScript sources.
 */
export interface SourceFrame {
  /** Absolute path of the source file. */
  readonly file: string;
  /** 1-based. */
  readonly line: number;
  readonly column: number;
}

const FRAME = /^\s*at (?:.*? \()?(?:async )?((?:file:\/\/)?\/[^:()]+):(\d+):(\d+)\)?$/;
const maps = new Map<string, SourceMap | undefined>();

function sourceMapOf(file: string): SourceMap | undefined {
  if (!maps.has(file)) {
    let map: SourceMap | undefined;
    try {
      if (existsSync(`${file}.map`)) map = new SourceMap(JSON.parse(readFileSync(`${file}.map`, 'utf8')) as never);
    } catch {
      map = undefined;
    }
    maps.set(file, map);
  }
  return maps.get(file);
}

/** The frames of a V8 stack, mapped to original sources where the running file has a source map. */
export function sourceFrames(stack: string | undefined): SourceFrame[] {
  const frames: SourceFrame[] = [];
  for (const text of (stack ?? '').split('\n')) {
    const m = FRAME.exec(text);
    if (!m) continue;
    const file = m[1]!.startsWith('file://') ? fileURLToPath(m[1]!) : m[1]!;
    const line = Number(m[2]);
    const column = Number(m[3]);
    const map = /\.[cm]?js$/.test(file) ? sourceMapOf(file) : undefined;
    if (!map) {
      frames.push({ file, line, column });
      continue;
    }
    const entry = map.findEntry(line - 1, column - 1) as { originalSource?: string; originalLine?: number; originalColumn?: number };
    if (!entry.originalSource) continue;
    const source = entry.originalSource.startsWith('file://') ? fileURLToPath(entry.originalSource) : entry.originalSource;
    frames.push({ file: isAbsolute(source) ? source : resolve(dirname(file), source), line: (entry.originalLine ?? 0) + 1, column: (entry.originalColumn ?? 0) + 1 });
  }
  return frames;
}

const roots = new Map<string, string | undefined>();

/** The repository root of a source file: the nearest ancestor with a package.json (cached per folder). */
function projectRootOf(file: string): string | undefined {
  const dir = dirname(file);
  if (!roots.has(dir)) {
    let found: string | undefined;
    for (let d = dir; ; d = dirname(d)) {
      if (existsSync(join(d, 'package.json'))) {
        found = d;
        break;
      }
      if (dirname(d) === d) break;
    }
    roots.set(dir, found);
  }
  return roots.get(dir);
}

/** `apps/x.ts:12` for a frame in one of the project's own files, undefined for dependencies and Node internals. */
export function projectLocation(frame: SourceFrame): string | undefined {
  if (frame.file.split(sep).includes('node_modules')) return undefined;
  const root = projectRootOf(frame.file);
  if (!root) return undefined;
  const rel = relative(root, frame.file).split(sep).join('/');
  if (rel.startsWith('..') || rel.startsWith('.cache/') || rel.startsWith('scripts/')) return undefined;
  return `${rel}:${frame.line}`;
}

/**
 * Where a user would fix the problem an error's stack points at: the innermost frame in the composition
 * (apps/, clusters/, infra/, homelab.ts), else the innermost frame in the project at all.
 */
export function userLocation(stack: string | undefined, skip: (location: string) => boolean = () => false, opts: { compositionOnly?: boolean } = {}): string | undefined {
  const locations = sourceFrames(stack).map(projectLocation).filter((l): l is string => l !== undefined && !skip(l));
  return locations.find((l) => !l.startsWith('lib/')) ?? (opts.compositionOnly ? undefined : locations[0]);
}

/**
 * The file (and line) that called the current function, as the user wrote it: validation helpers in lib/
 * report this instead of their own file. `self` is the helper's own file (`lib/netpol/ports.ts`). While an
 * app file is being declared ({@link within}), that file — with the line when it is on the stack.
 * Only call it on the error path: capturing and mapping a stack is not free.
 */
export function callerLocation(self: string): string {
  return locationOf(captureSite(), self);
}

/** Where something was declared, to be named later if it turns out wrong (see {@link locationOf}). */
export interface DeclarationSite {
  readonly stack: Error;
  readonly declaring: string | undefined;
}

/** Captures the current stack and declaration scope (cheap: V8 formats the stack only when it is read). */
export function captureSite(): DeclarationSite {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 50;
  const stack = new Error();
  Error.stackTraceLimit = limit;
  return { stack, declaring: currentDeclaration() };
}

/** The user's file (and line) a captured site points at; `self` is the helper's own file, skipped. */
export function locationOf(site: DeclarationSite, self: string): string {
  const found = userLocation(site.stack.stack, (l) => l.startsWith(`${self}:`) || l.startsWith('lib/core/stack.ts:'));
  if (site.declaring && !found?.startsWith(`${site.declaring}:`)) return site.declaring;
  return found ?? self;
}
