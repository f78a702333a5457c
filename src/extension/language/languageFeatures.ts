import * as vscode from 'vscode';
import { completionsAt } from '../../core/config/language/completion';
import { hoverOf } from '../../core/config/language/hover';
import { symbolsOfParsed, type ConfigSymbol } from '../../core/config/language/symbols';
import { ParsedConfigs } from '../../core/config/language/documents';
import type { ParsedConfig } from '../../core/config/yaml/parse';
import type { ConfigFiles } from '../tenant/configFiles';
import type { DiagnosticsController } from './diagnostics';
import type { TargetId } from '../../core/targets/types';
import { isLarge } from '../base/documentSize';
import { toRange } from '../base/documents';
import { validateOptions, yamlToolActive } from '../base/settings';


const COMPLETION_KIND = {
  key: vscode.CompletionItemKind.Property,
  value: vscode.CompletionItemKind.Value,
  snippet: vscode.CompletionItemKind.Snippet,
  attribute: vscode.CompletionItemKind.Field,
  function: vscode.CompletionItemKind.Function,
  namespace: vscode.CompletionItemKind.Module,
} as const;

const SYMBOL_KIND: Record<string, vscode.SymbolKind> = {
  object: vscode.SymbolKind.Object,
  array: vscode.SymbolKind.Array,
  string: vscode.SymbolKind.String,
  number: vscode.SymbolKind.Number,
  boolean: vscode.SymbolKind.Boolean,
  null: vscode.SymbolKind.Null,
};

/** Completion, hover and outline from the schema; all the knowledge lives in the core. */
export class ConfigLanguageFeatures implements vscode.CompletionItemProvider, vscode.HoverProvider, vscode.DocumentSymbolProvider {
  private readonly outlines = new WeakMap<vscode.TextDocument, { version: number; symbols: Promise<vscode.DocumentSymbol[] | undefined> }>();
  /** One parse per document version, shared by completion, hover and the outline. */
  private readonly parses = new ParsedConfigs();

  constructor(private readonly files: ConfigFiles, private readonly diagnostics: DiagnosticsController) {}

  provideCompletionItems(doc: vscode.TextDocument, position: vscode.Position): vscode.CompletionItem[] | undefined {
    if (!this.files.matches(doc)) return undefined;
    // With the Red Hat YAML extension active it serves the schema; expressions are ours either way.
    const parsed = this.parsed(doc);
    const items = completionsAt(parsed.text, doc.offsetAt(position), { schema: !yamlToolActive(), target: this.target(doc) }, parsed);
    return items.map((item, i) => {
      const c = new vscode.CompletionItem(item.label, COMPLETION_KIND[item.kind] ?? vscode.CompletionItemKind.Text);
      c.insertText = item.kind === 'snippet' || item.snippet ? new vscode.SnippetString(item.insertText) : item.insertText;
      if (item.range) c.range = toRange(doc, item.range.start, item.range.end);
      if (item.retrigger) c.command = { command: 'editor.action.triggerSuggest', title: 'Suggest' };
      if (item.detail) c.detail = item.detail;
      if (item.documentation) c.documentation = new vscode.MarkdownString(item.documentation);
      c.sortText = String(i).padStart(5, '0');
      return c;
    });
  }

  provideHover(doc: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    if (!this.files.matches(doc)) return undefined;
    // With the Red Hat YAML extension active it serves the schema's hover from our `yamlValidation`.
    const hover = hoverOf(this.parsed(doc), doc.offsetAt(position), { schema: !yamlToolActive(), target: this.target(doc) });
    if (!hover) return undefined;
    return new vscode.Hover(new vscode.MarkdownString(hover.markdown), toRange(doc, hover.start, hover.end));
  }

  /** The document's parse at its current version (parsed once, whoever asks first). */
  private parsed(doc: vscode.TextDocument): ParsedConfig {
    return this.parses.get(doc.uri.toString(), doc.version, () => doc.getText());
  }

  /** A closed document's parse is dropped. */
  forget(doc: vscode.TextDocument): void {
    this.parses.forget(doc.uri.toString());
  }

  /** The target setting, when it overrides the file's app.target. */
  private target(doc: vscode.TextDocument): TargetId | undefined {
    return validateOptions(doc).target;
  }

  async provideDocumentSymbols(doc: vscode.TextDocument, token?: vscode.CancellationToken): Promise<vscode.DocumentSymbol[] | undefined> {
    if (!this.files.matches(doc)) return undefined;
    // The workbench asks once per version for each of its outline users (breadcrumbs, sticky scroll,
    // the Outline view): the same version is answered from the last conversion.
    const version = doc.version;
    let hit = this.outlines.get(doc);
    if (hit?.version !== version) {
      hit = { version, symbols: this.outline(doc) };
      this.outlines.set(doc, hit);
    }
    const done = await hit.symbols;
    // While typing, a request for a version the workbench has moved past is cancelled there; answering
    // it anyway would serialise, compress and send an outline nobody reads.
    return token?.isCancellationRequested || doc.version !== version ? undefined : done;
  }

  private async outline(doc: vscode.TextDocument): Promise<vscode.DocumentSymbol[] | undefined> {
    // Large documents: the outline comes from the validation worker's parse (bounded), never from this thread.
    const fromWorker = isLarge(doc) ? (await this.diagnostics.whenValidated(doc))?.symbols : undefined;
    const convert = (s: ConfigSymbol): vscode.DocumentSymbol => {
      const range = toRange(doc, s.start, s.end);
      const selection = toRange(doc, s.selectionStart, s.selectionEnd);
      const symbol = new vscode.DocumentSymbol(s.name || '(item)', s.detail ?? '', SYMBOL_KIND[s.kind] ?? vscode.SymbolKind.Field,
        range, range.contains(selection) ? selection : range);
      symbol.children = (s.children ?? []).map(convert);
      return symbol;
    };
    return (fromWorker ?? symbolsOfParsed(this.parsed(doc))).map(convert);
  }
}
