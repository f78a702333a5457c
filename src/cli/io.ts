import * as fs from 'node:fs';
import { promises as fsp } from 'node:fs';
import * as nodePath from 'node:path';

/** What a CLI command may touch: output lines, the environment. Injected so tests capture it. */
export interface CliIO {
  out(line: string): void;
  err(line: string): void;
  env: Record<string, string | undefined>;
  version: string;
  /** Read a file as text or bytes (injected for tests); defaults to fs in the real CLI. */
  readFile?(path: string): Promise<string | Uint8Array>;
  /** Replace a file's bytes (injected for tests); defaults to an atomic write on disk. */
  writeFile?(path: string, bytes: Uint8Array): Promise<void>;
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

/**
 * Replace a file's content in one step: written beside it, then renamed over it (a crash leaves the
 * old file or the new one, never half of each). Keeps the file's mode; follows a symlink to its target.
 */
export async function writeFileBytes(io: CliIO, path: string, bytes: Uint8Array): Promise<void> {
  if (io.writeFile) { await io.writeFile(path, bytes); return; }
  const target = await fsp.realpath(path);
  const { mode } = await fsp.stat(target);
  const tmp = nodePath.join(nodePath.dirname(target), `.${nodePath.basename(target)}.${process.pid}.${Date.now()}.tmp`);
  try {
    await fsp.writeFile(tmp, bytes, { mode });
    await fsp.rename(tmp, target);
  } catch (e) {
    await fsp.rm(tmp, { force: true });
    throw e;
  }
}

/**
 * Create a file with these bytes in one step: written beside it, then linked into place (`overwrite`
 * false: fails with EEXIST when the file exists, also when it appeared meanwhile) or renamed over it
 * (`overwrite` true). A crash or a failure leaves no half-written file and no temporary one.
 */
export async function createFileAtomically(path: string, bytes: Uint8Array, opts: { overwrite: boolean }): Promise<void> {
  const target = nodePath.resolve(path);
  const tmp = nodePath.join(nodePath.dirname(target), `.${nodePath.basename(target)}.${process.pid}.${Date.now()}.tmp`);
  await fsp.writeFile(tmp, bytes, { flag: 'wx' });
  try {
    if (opts.overwrite) {
      await fsp.rename(tmp, target);
      return;
    }
    try {
      await fsp.link(tmp, target);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EXDEV') throw e;
      // A file system without hard links: copy, still refusing an existing file.
      await fsp.copyFile(tmp, target, fs.constants.COPYFILE_EXCL);
    }
  } finally {
    await fsp.rm(tmp, { force: true });
  }
}
