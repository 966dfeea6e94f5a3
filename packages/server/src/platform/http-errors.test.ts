import { Writable } from 'node:stream';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { CONCURRENT_CHANGE_MESSAGE, registerErrorHandling } from './http-errors.ts';

/** A database error as pg and PGlite raise it: a code, the constraint, a message quoting values. */
function databaseError(code: string, constraint: string): Error {
  return Object.assign(
    new Error(`duplicate key value violates unique constraint "${constraint}" (Test Value)`),
    { code, constraint },
  );
}

async function answerTo(error: Error) {
  const lines: string[] = [];
  const app = Fastify({
    logger: {
      stream: new Writable({
        write(chunk: Buffer, _encoding, done) {
          lines.push(chunk.toString('utf8'));
          done();
        },
      }),
    },
  });
  registerErrorHandling(app);
  app.post('/write', () => Promise.reject(error));
  const response = await app.inject({ method: 'POST', url: '/write' });
  await app.close();
  return { response, log: lines.join('') };
}

describe('a write that lost a race', () => {
  it('is a conflict to reload and retry, and the log names the constraint, never the values', async () => {
    for (const code of ['23505', '40001', '40P01']) {
      const { response, log } = await answerTo(databaseError(code, 'app_user_email_key'));
      expect(response.statusCode).toBe(409);
      expect(response.json()).toMatchObject({
        error: { code: 'CONFLICT', message: CONCURRENT_CHANGE_MESSAGE },
      });
      expect(log).toContain('app_user_email_key');
      expect(log).not.toContain('Test Value');
    }
  });

  it('any other database error is still Dawn’s own failure, with its request id', async () => {
    const { response, log } = await answerTo(databaseError('23503', 'task_case_id_fkey'));
    expect(response.statusCode).toBe(500);
    expect(response.json<{ error: { code: string } }>().error.code).toBe('INTERNAL');
    expect(log).not.toContain('Test Value');
  });
});
