import * as vscode from 'vscode';
import { type Redactor } from '../core/http/redact';
import { createLogger, type Logger } from '../core/http/log';

export type { Logger };

/**
 * The one log of the extension: a LogOutputChannel behind the core's redacting logger, so a
 * token can only reach it as `***`.
 */
export class ChannelLogger implements vscode.Disposable {
  readonly channel: vscode.LogOutputChannel;
  readonly logger: Logger;
  /** The last lines written at info level or above, already redacted (for tests: the channel cannot be read back). */
  readonly recent: Array<{ level: 'info' | 'warn' | 'error'; line: string }> = [];

  constructor(name: string, redact: Redactor) {
    const channel = vscode.window.createOutputChannel(name, { log: true });
    this.channel = channel;
    const keep = (level: 'info' | 'warn' | 'error', line: string): void => {
      this.recent.push({ level, line });
      if (this.recent.length > 300) this.recent.shift();
    };
    this.logger = createLogger({
      trace: (l) => channel.trace(l),
      debug: (l) => channel.debug(l),
      info: (l) => { keep('info', l); channel.info(l); },
      warn: (l) => { keep('warn', l); channel.warn(l); },
      error: (l) => { keep('error', l); channel.error(l); },
    }, redact);
  }

  show(): void { this.channel.show(true); }
  dispose(): void { this.channel.dispose(); }
}
