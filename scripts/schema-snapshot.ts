// Rewrites the checked-in schema snapshot after an intended schema change (a new migration).
import fs from 'node:fs';
import path from 'node:path';
import { dumpSchema, ROOT, SNAPSHOT_FILE } from '../tests/support/schema';

fs.writeFileSync(SNAPSHOT_FILE, dumpSchema());
console.log(`wrote ${path.relative(ROOT, SNAPSHOT_FILE)}`);
