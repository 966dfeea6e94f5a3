import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/test-app.ts';
import { testDatabaseKind } from '../../test/test-database.ts';
import { logsArePretty, prettyLogLine, prettyLogStream } from './logging.ts';

/**
 * Issue 12 §12: on `npm start` every request wrote two JSON lines to the terminal. A request now
 * writes one line when it completes; in a terminal it reads as a sentence, and JSON stays for
 * anything that is not a terminal or when DAWN_LOG_FORMAT=json asks for it.
 */
describe(`request logs (${testDatabaseKind()})`, () => {
  let subject: TestApp;
  beforeAll(async () => {
    subject = await createTestApp();
  });
  afterAll(() => subject.close());

  it('one request writes one log line, with its method, path, status and time', async () => {
    const response = await subject.app.inject({ method: 'GET', url: '/api/auth/session?probe=1' });
    const requestId = String(response.headers['x-request-id']);
    const linesOf = () =>
      subject
        .logs()
        .split('\n')
        .filter((line) => line.includes(requestId));
    // The line is written once the response has gone out, which can be just after inject returns.
    await expect.poll(() => linesOf().length).toBeGreaterThan(0);
    const lines = linesOf();
    expect(lines).toHaveLength(1);
    const line = JSON.parse(lines[0] ?? '{}') as {
      req: { method: string; url: string };
      res: { statusCode: number };
      responseTime: number;
    };
    expect(line.req).toMatchObject({ method: 'GET', url: '/api/auth/session' });
    expect(line.res.statusCode).toBe(response.statusCode);
    expect(typeof line.responseTime).toBe('number');
  });

  it('reads as one human line in a terminal', async () => {
    const json = JSON.stringify({
      level: 30,
      time: Date.UTC(2025, 0, 1, 5, 6, 7),
      reqId: 'abc',
      req: { method: 'GET', url: '/api/my-work' },
      res: { statusCode: 200 },
      responseTime: 12.4,
      msg: 'request completed',
    });
    expect(prettyLogLine(json)).toMatch(/^\d\d:\d\d:\d\d INFO {2}GET \/api\/my-work 200 12 ms$/);
    expect(prettyLogLine(JSON.stringify({ level: 40, time: 0, msg: 'SMTP is not set' }))).toMatch(
      /^\d\d:\d\d:\d\d WARN {2}SMTP is not set$/,
    );
    const out = new PassThrough();
    const stream = prettyLogStream(out);
    stream.write(`${json}\n${json.slice(0, 10)}`);
    stream.write(`${json.slice(10)}\n`);
    await new Promise((resolve) => setImmediate(resolve));
    const written = String(out.read() ?? '')
      .trimEnd()
      .split('\n');
    expect(written).toHaveLength(2);
    expect(written.every((line) => !line.includes('{'))).toBe(true);
  });

  it('is JSON when not in a terminal or when asked, readable in a terminal or when asked', () => {
    expect(logsArePretty('auto', true)).toBe(true);
    expect(logsArePretty('auto', false)).toBe(false);
    expect(logsArePretty('json', true)).toBe(false);
    expect(logsArePretty('pretty', false)).toBe(true);
  });
});
