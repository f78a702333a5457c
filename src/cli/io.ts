/** What a CLI command may touch: output lines, the environment. Injected so tests capture it. */
export interface CliIO {
  out(line: string): void;
  err(line: string): void;
  env: Record<string, string | undefined>;
  version: string;
  /** Read a file as text (injected for tests); defaults to fs in the real CLI. */
  readFile?(path: string): Promise<string>;
}
