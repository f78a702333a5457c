// A CliIO for tests: output captured line by line, the environment and the files given.
import type { CliIO } from '../../src/cli/io';

export interface CapturedIO extends CliIO {
  /** stdout, one entry per line (multi-line writes are split). */
  stdout: string[];
  /** stderr, one entry per line. */
  stderr: string[];
}

export interface CaptureOptions {
  env?: Record<string, string | undefined>;
  /**
   * The files `readFile` serves; any other path rejects with ENOENT. Without `files`, `readFile`
   * is left out and the command reads the real disk.
   */
  files?: Record<string, string | Uint8Array>;
  version?: string;
  /** Also collect every stdout and stderr line here (e.g. for one check over a whole suite). */
  all?: string[];
}

export function captureIO(opts: CaptureOptions = {}): CapturedIO {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const { files, all } = opts;
  const push = (to: string[], text: string): void => {
    const lines = text.split('\n');
    to.push(...lines);
    all?.push(...lines);
  };
  return {
    stdout,
    stderr,
    out: (l) => push(stdout, l),
    err: (l) => push(stderr, l),
    env: opts.env ?? {},
    version: opts.version ?? '0.0.0-test',
    ...(files ? {
      readFile: (p: string) => {
        const v = Object.prototype.hasOwnProperty.call(files, p) ? files[p] : undefined;
        return v === undefined ? Promise.reject(Object.assign(new Error(`ENOENT: ${p}`), { code: 'ENOENT' })) : Promise.resolve(v);
      },
    } : {}),
  };
}
