import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const rootPackage = require('../../../../package.json') as { version: string };

/** Dawn's release, from the root package.json. */
export const DAWN_VERSION: string = rootPackage.version;
