import { readFileSync } from 'node:fs';
import path from 'node:path';
import semver from 'semver';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';

/**
 * Issue 12.12: `npm install` must not warn EBADENGINE on any Node.js version the README and
 * `engines` promise. Every package in the lock file that states the Node.js versions it supports
 * must accept the lowest version Dawn's own `engines` allows.
 */
const root = path.resolve(import.meta.dirname, '../../..');
const engines = z.object({ engines: z.object({ node: z.string() }).partial().optional() });
const manifestSchema = z.object({ engines: z.object({ node: z.string() }) });
const lockSchema = z.object({ packages: z.record(z.string(), engines) });
const readJson = (file: string): unknown => JSON.parse(readFileSync(path.join(root, file), 'utf8'));
const floor = manifestSchema.parse(readJson('package.json')).engines.node;

describe('the Node.js versions Dawn promises', () => {
  it('are accepted by every locked package, so npm install prints no EBADENGINE', () => {
    const lowest = semver.minVersion(floor)?.version ?? 'none';
    expect(semver.valid(lowest), `engines.node "${floor}" has no lowest version`).toBeTruthy();
    const refusing: string[] = [];
    for (const [where, entry] of Object.entries(
      lockSchema.parse(readJson('package-lock.json')).packages,
    )) {
      const wanted = entry.engines?.node;
      if (wanted !== undefined && !semver.satisfies(lowest, wanted)) {
        refusing.push(`${where.replace(/^.*node_modules\//, '')} (${wanted})`);
      }
    }
    expect(refusing, `Node ${lowest} is refused by`).toEqual([]);
  });

  it('include the Node.js running this suite', () => {
    expect(semver.satisfies(process.versions.node, floor)).toBe(true);
  });
});
