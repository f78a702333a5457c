// Anything that touches the network runs under one cancellable notification: Cancel aborts the
// work's AbortSignal, and the subscription that links them is always disposed.
import * as vscode from 'vscode';

export type ProgressReporter = vscode.Progress<{ message?: string; increment?: number }>;

/** An AbortSignal that follows a cancellation token; dispose() unhooks it (always call it). */
export function abortOn(token: vscode.CancellationToken | undefined): { signal: AbortSignal } & vscode.Disposable {
  const controller = new AbortController();
  const sub = token?.onCancellationRequested(() => { controller.abort(); });
  return { signal: controller.signal, dispose: () => { sub?.dispose(); } };
}

export interface CancellableProgress {
  title: string;
  /** Also show progress on this view (e.g. the SCIM view) while the work runs. */
  view?: string;
  /** Told when the person cancels, before the work has ended (e.g. "removing the stand-in…"). */
  onCancel?: (progress: ProgressReporter) => void;
}

/** Runs `work` under a cancellable notification; Cancel aborts the signal it is given. */
export function withCancellableProgress<T>(o: CancellableProgress, work: (signal: AbortSignal, progress: ProgressReporter) => Promise<T>): Thenable<T> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: o.title, cancellable: true }, async (progress, cancel) => {
    const abort = abortOn(cancel);
    const sub = o.onCancel ? cancel.onCancellationRequested(() => o.onCancel?.(progress)) : undefined;
    try {
      return await (o.view ? vscode.window.withProgress({ location: { viewId: o.view } }, () => work(abort.signal, progress)) : work(abort.signal, progress));
    } finally {
      sub?.dispose();
      abort.dispose();
    }
  });
}
