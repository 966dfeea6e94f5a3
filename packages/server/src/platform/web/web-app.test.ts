import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { testDatabaseKind } from '../../../test/test-database.ts';

describe(`a browser loads the web app over a slow line (${testDatabaseKind()})`, () => {
  let subject: TestApp;
  let webDir: string;
  const script = `console.log(${JSON.stringify('Dawn '.repeat(2000))});`;

  beforeAll(async () => {
    // A built web app as Vite and the compression step leave it: hashed assets with their
    // brotli and gzip copies beside them, and a stray source map.
    webDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dawn-web-'));
    fs.mkdirSync(path.join(webDir, 'assets'));
    fs.writeFileSync(path.join(webDir, 'index.html'), '<!doctype html><title>Dawn</title>');
    const asset = path.join(webDir, 'assets', 'index-Ab12Cd34.js');
    fs.writeFileSync(asset, script);
    fs.writeFileSync(`${asset}.br`, brotliCompressSync(script));
    fs.writeFileSync(`${asset}.gz`, gzipSync(script));
    fs.writeFileSync(`${asset}.map`, '{"version":3,"sources":["secret.tsx"]}');
    subject = await createTestApp({ webDistDir: webDir });
  });
  afterAll(async () => {
    await subject.close();
    fs.rmSync(webDir, { recursive: true, force: true });
  });

  it('gets a hashed script compressed with brotli, cached for a year without revalidating', async () => {
    const response = await subject.app.inject({
      method: 'GET',
      url: '/assets/index-Ab12Cd34.js',
      headers: { 'accept-encoding': 'gzip, deflate, br' },
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-encoding']).toBe('br');
    expect(response.headers['content-type']).toMatch(/javascript/);
    expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(response.rawPayload.length).toBeLessThan(script.length / 10);
    expect(brotliDecompressSync(response.rawPayload).toString('utf8')).toBe(script);
  });

  it('gets gzip when it does not speak brotli, and the plain file when it asks for neither', async () => {
    const gzipped = await subject.app.inject({
      method: 'GET',
      url: '/assets/index-Ab12Cd34.js',
      headers: { 'accept-encoding': 'gzip' },
    });
    expect(gzipped.headers['content-encoding']).toBe('gzip');
    const plain = await subject.app.inject({ method: 'GET', url: '/assets/index-Ab12Cd34.js' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(script);
  });

  it('revalidates the page itself on every visit, so a new build shows at once', async () => {
    for (const url of ['/', '/care-cases/some-case']) {
      const response = await subject.app.inject({
        method: 'GET',
        url,
        headers: { accept: 'text/html' },
      });
      expect(response.statusCode, url).toBe(200);
      expect(response.headers['cache-control'], url).toBe('no-cache');
    }
  });

  it('is never handed a source map', async () => {
    const response = await subject.app.inject({
      method: 'GET',
      url: '/assets/index-Ab12Cd34.js.map',
    });
    expect(response.statusCode).toBe(404);
    expect(response.body).not.toContain('secret.tsx');
  });
});
