import * as path from 'node:path';

/** The repository root (compiled tests run from test/build/test/docs). */
export const ROOT = path.resolve(__dirname, '..', '..', '..', '..');
