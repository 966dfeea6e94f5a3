// Imported as JSON (not read from a path relative to this file) so the version is the same when
// the server runs from its compiled bundle in packages/server/dist.
import rootPackage from '../../../../package.json' with { type: 'json' };

/** Dawn's release, from the root package.json. */
export const DAWN_VERSION: string = rootPackage.version;
