import * as vscode from 'vscode';
import { createLogger, type Logger, type Redactor } from '../core/scim/redact';

export type { Logger };

/**
 * The one log of the extension: a LogOutputChannel behind the core's redacting logger, so a
 * token can only reach it as `***`.
 */
export class ChannelLogger implements vscode.Disposable {
  readonly channel: vscode.LogOutputChannel;
  readonly logger: Logger;

  constructor(name: string, redact: Redactor) {
    const channel = vscode.window.createOutputChannel(name, { log: true });
    this.channel = channel;
    this.logger = createLogger({
      trace: (l) => channel.trace(l),
      debug: (l) => channel.debug(l),
      info: (l) => channel.info(l),
      warn: (l) => channel.warn(l),
      error: (l) => channel.error(l),
    }, redact);
  }

  show(): void { this.channel.show(true); }
  dispose(): void { this.channel.dispose(); }
}
