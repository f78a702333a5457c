// Diagnostics that belong to lines of a file as it was when they were computed (reconcile's, on
// assignments): an edit that touches an entry's lines drops it, an edit above it moves it. Each
// entry has an id, so a command can remove exactly the one it was offered on.
import * as vscode from 'vscode';
import { Disposable } from '../base/lifecycle';

export interface TrackedEntry<T> {
  id: number;
  /** The lines the entry is about (0-based, inclusive), moved as the text above changes. */
  first: number;
  last: number;
  diagnostic: vscode.Diagnostic;
  /** What the entry is about (e.g. the reconciled person). */
  data?: T;
}

export class TrackedDiagnostics<T> extends Disposable {
  private readonly collection: vscode.DiagnosticCollection;
  private readonly entries = new Map<string, Array<TrackedEntry<T>>>();
  private nextId = 1;

  constructor(name: string) {
    super();
    this.collection = this._register(vscode.languages.createDiagnosticCollection(name));
    this._register(vscode.workspace.onDidChangeTextDocument((e) => this.onEdit(e)));
  }

  /** Replaces the entries of a file. */
  set(uri: vscode.Uri, entries: ReadonlyArray<Omit<TrackedEntry<T>, 'id'>>): void {
    this.store(uri, entries.map((e) => ({ ...e, id: this.nextId++ })));
  }

  get(uri: vscode.Uri): ReadonlyArray<TrackedEntry<T>> {
    return this.entries.get(uri.toString()) ?? [];
  }

  /** Removes one entry; returns it, or undefined when it is gone already. */
  remove(uri: vscode.Uri, id: number): TrackedEntry<T> | undefined {
    const list = this.entries.get(uri.toString());
    const entry = list?.find((x) => x.id === id);
    if (!list || !entry) return undefined;
    this.store(uri, list.filter((x) => x !== entry));
    return entry;
  }

  clear(uri: vscode.Uri): void {
    this.entries.delete(uri.toString());
    this.collection.delete(uri);
  }

  private store(uri: vscode.Uri, list: Array<TrackedEntry<T>>): void {
    this.entries.set(uri.toString(), list);
    this.collection.set(uri, list.map((x) => x.diagnostic));
  }

  /** An edit drops the entries of every line range it touches and moves the ones below it. */
  private onEdit(e: vscode.TextDocumentChangeEvent): void {
    let list = this.entries.get(e.document.uri.toString());
    if (!list?.length || !e.contentChanges.length) return;
    for (const c of e.contentChanges) {
      const s = c.range.start.line;
      const end = c.range.end.line;
      const delta = (c.text.match(/\n/g)?.length ?? 0) - (end - s);
      list = list.filter((x) => x.last < s || x.first > end);
      if (!delta) continue;
      for (const x of list) {
        if (x.first <= end) continue;
        x.first += delta;
        x.last += delta;
        const r = x.diagnostic.range;
        x.diagnostic.range = new vscode.Range(r.start.line + delta, r.start.character, r.end.line + delta, r.end.character);
      }
    }
    this.store(e.document.uri, list);
  }
}
