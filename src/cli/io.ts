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
