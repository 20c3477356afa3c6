// Semantic diff of synthesized output trees: the public surface (CLI, bench, CI).
export { diffTrees, diffFileSets, diffOutputTrees } from './diff.js';
export { readGitTree } from './git.js';
export { loadTree, loadTreeFromDir, readFiles, type OutputTree } from './tree.js';
export { formatTerminal, type TerminalOptions } from './format-terminal.js';
export { formatMarkdown, MARKDOWN_MARKER, type MarkdownOptions } from './format-markdown.js';
export { hasChanges, type DiffOptions, type DiffReport, type RiskFlag, type RiskKind } from './model.js';
