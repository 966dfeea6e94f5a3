import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('configuration from the environment', () => {
  it('runs on 127.0.0.1:3000 with PGlite in ./data and Kolkata time when nothing is set', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3000,
      host: '127.0.0.1',
      databaseUrl: undefined,
      dataDir: path.resolve('./data'),
      timeZone: 'Asia/Kolkata',
    });
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ DAWN_PORT: '', DATABASE_URL: '' })).toMatchObject({
      port: 3000,
      databaseUrl: undefined,
    });
  });

  it('stops on a port that is not a number, naming DAWN_PORT in one line', () => {
    expect(() => loadConfig({ DAWN_PORT: 'abc' })).toThrow(ConfigError);
    expect(() => loadConfig({ DAWN_PORT: 'abc' })).toThrow(/^Invalid DAWN_PORT: .*"abc"/);
    expect(() => loadConfig({ DAWN_PORT: '70000' })).toThrow(
      /DAWN_PORT: must be between 0 and 65535/,
    );
  });

  it('rejects an unknown time zone', () => {
    expect(() => loadConfig({ DAWN_TIMEZONE: 'Asia/Nowhere' })).toThrow(
      /DAWN_TIMEZONE: must be an IANA time zone/,
    );
  });

  it('rejects a DATABASE_URL that is not PostgreSQL without echoing it (it may hold a password)', () => {
    let message = '';
    try {
      loadConfig({ DATABASE_URL: 'mysql://admin:hunter2-secret@db/dawn' });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/^Invalid DATABASE_URL: must be a postgres/);
    expect(message).not.toContain('hunter2');
    expect(message.split('\n')).toHaveLength(1);
  });
});
