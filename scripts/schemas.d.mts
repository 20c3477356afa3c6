// Types of scripts/schemas.mjs, for the tests that exercise the conversion directly.
export declare const SCHEMAS_DIR: string;
export declare const OBJECT_META_REF: string;
export type JsonSchema = Record<string, unknown>;
export declare function strictSchema(schema: JsonSchema, inCombinator?: boolean): JsonSchema;
export declare function crdObjectSchema(openAPIV3Schema: JsonSchema | undefined): JsonSchema;
export declare function coreSchemas(root: string): { definitions: Record<string, JsonSchema>; kinds: Record<string, string> };
export declare function crdSchemas(crdPaths: readonly string[]): Record<string, { file: string; schema: JsonSchema }>;
export declare function generateSchemas(crdPaths: readonly string[], root: string): Record<string, string>;
