// The CLI as this process (runAsProcess): the real stdout/stderr, Ctrl+C, and the exit code. A reader
// that closes early (`| head -3`, `| jq` that stops, `less` quit before the end) makes the next write
// fail with EPIPE; Node would report that as an unhandled 'error' event with a stack trace. Here it
// ends the command quietly instead: further output is dropped, the running command is cancelled
// through `onClosed` (no more requests to the tenant), and the process exits 0, the way `git log |
// head` users expect no noise.
import type { CliIO, CliMain } from './io';

export interface ProcessIO {
  io: CliIO;
  /**
   * The exit code the output decided, if it did: 0 when the reader closed early (EPIPE), 1 when
   * writing failed otherwise. Undefined while output works: then the command's own code counts.
   */
  readonly exitCode: number | undefined;
}

const GONE = new Set(['EPIPE', 'ERR_STREAM_DESTROYED', 'ERR_STREAM_WRITE_AFTER_END', 'ECONNRESET']);

export function processIO(version: string, onClosed: () => void): ProcessIO {
  let closed = false;
  let exitCode: number | undefined;
  const close = (): void => {
    if (closed) return;
    closed = true;
    exitCode = 0;
    // The command may already have finished with its own code; the reader leaving decides now.
    process.exitCode = 0;
    onClosed();
  };
  const guard = (stream: NodeJS.WriteStream): void => {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code !== undefined && GONE.has(e.code)) { close(); return; }
      // Anything else (a full disk behind a redirect, say): one plain line, no stack trace.
      if (!closed) {
        closed = true;
        exitCode = 1;
        try { process.stderr.write(`scim-provisioning: cannot write output: ${e.message}\n`); } catch { /* nowhere left to say it */ }
        onClosed();
      }
    });
  };
  guard(process.stdout);
  guard(process.stderr);
  const write = (stream: NodeJS.WriteStream, line: string): void => {
    if (closed) return;
    try {
      stream.write(`${line}\n`);
    } catch (e) {
      if (GONE.has((e as NodeJS.ErrnoException).code ?? '')) close();
      else throw e;
    }
    // A pipe whose reader left fails the write at once (the stream records the error), but its
    // 'error' event only follows later: notice it here and print nothing more, not even a summary.
    const failed = (stream as unknown as { writableErrored?: NodeJS.ErrnoException | null }).writableErrored;
    if (failed && GONE.has(failed.code ?? '')) close();
  };
  return {
    io: {
      out: (s) => write(process.stdout, s),
      // Once the reader is gone, a "cancelled" line on the terminal would be noise too.
      err: (s) => write(process.stderr, s),
      env: process.env,
      version,
    },
    get exitCode() { return exitCode; },
  };
}

/**
 * Run a CLI entry as this process: the real stdout/stderr/environment. Ctrl+C cancels a running
 * command cleanly (no half-printed JSON line, no stack trace) and ends with 130; so does a reader that
 * closes early (`| head`): the command is cancelled and the process exits 0 quietly.
 */
export function runAsProcess(run: CliMain, version: string): void {
  const ctrl = new AbortController();
  const stdio = processIO(version, () => ctrl.abort());
  const { io } = stdio;
  let interrupted = false;
  process.once('SIGINT', () => { interrupted = true; ctrl.abort(); });
  run(process.argv.slice(2), io, { signal: ctrl.signal }).then(
    (code) => { process.exitCode = interrupted ? 130 : stdio.exitCode ?? code; },
    (e: unknown) => { io.err(`scim-provisioning: ${e instanceof Error ? e.message : String(e)}`); process.exitCode = interrupted ? 130 : stdio.exitCode ?? 1; },
  );
}
