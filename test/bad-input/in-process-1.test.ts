// Shard 1 of the in-process bad-input cases (see shard.ts: the corpus is spread over vitest's workers).
import { describeShard } from './shard.js';

describeShard(1);
