import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Runs the real `dawn` command as a child process, as a person would from a terminal. */
export const DAWN_BIN = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../bin/dawn.js',
);

export interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function childEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  // The child sees only the settings the test gives it, not the ones the test runner has.
  const base = Object.fromEntries(
    Object.entries(process.env).filter(
      ([key]) => !key.startsWith('DAWN_') && key !== 'DATABASE_URL',
    ),
  );
  return { ...base, DAWN_LOG_LEVEL: 'warn', ...env };
}

export function runDawn(
  args: string[],
  env: Record<string, string> = {},
  timeoutMs = 60_000,
): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [DAWN_BIN, ...args], {
      env: childEnv(env),
      stdio: 'pipe',
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`dawn ${args.join(' ')} did not finish in ${timeoutMs} ms`));
    }, timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

export interface RunningDawn {
  url: string;
  child: ChildProcess;
  output(): string;
  /** Sends the signal and waits for the process to end. */
  stop(signal?: NodeJS.Signals): Promise<Finished>;
}

/** Starts `dawn serve` on a free port and resolves once it prints its URL. */
export function startDawn(env: Record<string, string>, timeoutMs = 60_000): Promise<RunningDawn> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [DAWN_BIN, 'serve'], {
      env: childEnv({ DAWN_PORT: '0', ...env }),
      stdio: 'pipe',
    });
    let stdout = '';
    let stderr = '';
    const exited = new Promise<Finished>((done) =>
      child.on('exit', (code) => done({ code, stdout, stderr })),
    );
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`dawn serve did not start in ${timeoutMs} ms: ${stderr}`));
    }, timeoutMs);
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /Dawn is running on (http:\/\/\S+) /.exec(stdout);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve({
          url: match[1],
          child,
          output: () => stdout,
          async stop(signal = 'SIGTERM') {
            child.kill(signal);
            return exited;
          },
        });
      }
    });
    void exited.then((finished) => {
      clearTimeout(timer);
      reject(new Error(`dawn serve exited with ${finished.code}: ${finished.stderr}`));
    });
  });
}
