// The one logger the core writes to: every message and argument redacted before the sink (the editor's
// LogOutputChannel, the CLI's stderr) sees it.
import { createRedactor } from './redact';
import type { Redactor } from './redact';

export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error';

/** What the core logs through. The editor plugs a LogOutputChannel in as the sink. */
export interface Logger {
  trace(message: string, ...args: unknown[]): void;
  debug(message: string, ...args: unknown[]): void;
  info(message: string, ...args: unknown[]): void;
  warn(message: string, ...args: unknown[]): void;
  error(message: string | Error, ...args: unknown[]): void;
}

/** Where redacted lines go: one method per level, each taking a finished string. */
export type LogSink = Record<LogLevel, (line: string) => void>;

function describe(value: unknown): string {
  if (value instanceof Error) {
    const code = (value as { code?: unknown }).code;
    return `${value.name}: ${value.message}${typeof code === 'string' ? ` (${code})` : ''}`;
  }
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** A Logger that redacts every message and argument before the sink sees it. */
export function createLogger(sink: LogSink, redactor: Redactor = createRedactor()): Logger {
  const emit = (level: LogLevel) => (message: unknown, ...args: unknown[]): void => {
    const line = [message, ...args].map(describe).join(' ');
    sink[level](redactor(line));
  };
  return { trace: emit('trace'), debug: emit('debug'), info: emit('info'), warn: emit('warn'), error: emit('error') };
}

/** A logger that drops everything. */
export const nullLogger: Logger = { trace() {}, debug() {}, info() {}, warn() {}, error() {} };
