// One parse per document version, shared by hover, completion's facts and the outline (what
// yaml-language-server's YamlDocuments does): the host asks with the document's identity and version,
// and the text is read and parsed only when that version is new. A few documents are kept (the ones
// being edited); the oldest is forgotten first.
import { parseConfig } from '../yaml/parse';
import type { ParsedConfig } from '../yaml/parse';

export class ParsedConfigs {
  private readonly docs = new Map<string, { version: number; parsed: ParsedConfig }>();

  constructor(private readonly keep = 10, private readonly parse: (text: string) => ParsedConfig = parseConfig) {}

  /** The parse of `version` of the document `uri`; `text` is called only when that version was not parsed yet. */
  get(uri: string, version: number, text: () => string): ParsedConfig {
    const hit = this.docs.get(uri);
    if (hit?.version === version) {
      // most recently used last
      this.docs.delete(uri);
      this.docs.set(uri, hit);
      return hit.parsed;
    }
    const parsed = this.parse(text());
    this.docs.delete(uri);
    this.docs.set(uri, { version, parsed });
    while (this.docs.size > this.keep) this.docs.delete(this.docs.keys().next().value as string);
    return parsed;
  }

  /** A closed document. */
  forget(uri: string): void {
    this.docs.delete(uri);
  }
}
