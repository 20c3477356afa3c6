// Types of scripts/schemas.mjs, for the tests that exercise the conversion directly.
export declare const SCHEMAS_DIR: string;
export declare const OBJECT_META_REF: string;
export type JsonSchema = Record<string, unknown>;
export declare function strictSchema(schema: JsonSchema, inCombinator?: boolean, keep?: { formats?: boolean; validations?: boolean }): JsonSchema;
export declare function crdObjectSchema(openAPIV3Schema: JsonSchema | undefined): JsonSchema;
export declare function upstreamCoreSchemas(upstreamDir: string, root: string): { definitions: Record<string, JsonSchema>; kinds: Record<string, string> };
export declare function upstreamCrdSchemas(upstreamDir: string): Record<string, { file: string; schema: JsonSchema }>;
export declare function crdSchemas(crdPaths: readonly string[]): Record<string, { file: string; schema: JsonSchema }>;
export declare function generateSchemas(crdPaths: readonly string[], root: string, upstreamDir?: string): Record<string, string>;
