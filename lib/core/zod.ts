// The one import of zod for the project's schemas, so its configuration precedes every schema: zod reads
// `jitless` when a schema is constructed, and the schemas are module-level constants built before any
// command runs (a config call in the CLI's entry came too late and left the JIT on).
import { z } from 'zod';

// A run parses each schema a handful of times: zod's JIT (one `new Function` per object schema on first use)
// costs more than it saves there.
z.config({ jitless: true });

export { z };
