import { promises as fsp } from 'node:fs';

/** What a CLI command may touch: output lines, the environment. Injected so tests capture it. */
export interface CliIO {
  out(line: string): void;
  err(line: string): void;
  env: Record<string, string | undefined>;
  version: string;
  /** Read a file as text or bytes (injected for tests); defaults to fs in the real CLI. */
  readFile?(path: string): Promise<string | Uint8Array>;
}

/** A file's bytes, through `io.readFile` when given (text is encoded as UTF-8), else from disk. */
export async function readFileBytes(io: CliIO, path: string): Promise<Uint8Array> {
  if (!io.readFile) return fsp.readFile(path);
  const v = await io.readFile(path);
  return typeof v === 'string' ? new TextEncoder().encode(v) : v;
}

/** A file's text, through `io.readFile` when given (bytes are decoded as UTF-8, like fs 'utf8'), else from disk. */
export async function readFileText(io: CliIO, path: string): Promise<string> {
  if (!io.readFile) return fsp.readFile(path, 'utf8');
  const v = await io.readFile(path);
  return typeof v === 'string' ? v : Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('utf8');
}

export type CliMain = (argv: string[], io: CliIO, opts: { signal?: AbortSignal }) => Promise<number>;

/** Run one command; an unexpected exception becomes one line on stderr and exit 1, never a stack trace. */
export async function guarded(cmd: string, run: () => Promise<number>, io: CliIO): Promise<number> {
  try {
    return await run();
  } catch (e) {
    io.err(`scim-provisioning ${cmd}: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  }
}

/** Run a CLI entry as this process: the real stdout/stderr/environment, Ctrl+C cancels cleanly. */
export function runAsProcess(run: CliMain, version: string): void {
  const io: CliIO = {
    out: (s) => process.stdout.write(s + '\n'),
    err: (s) => process.stderr.write(s + '\n'),
    env: process.env,
    version,
  };
  // Ctrl+C cancels a running command cleanly (no half-printed JSON line, no stack trace).
  const ctrl = new AbortController();
  process.once('SIGINT', () => { ctrl.abort(); process.exitCode = 130; });
  run(process.argv.slice(2), io, { signal: ctrl.signal }).then(
    (code) => { process.exitCode = code; },
    (e: unknown) => { io.err(`scim-provisioning: ${e instanceof Error ? e.message : String(e)}`); process.exitCode = 1; },
  );
}
