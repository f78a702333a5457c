// Read-only access to the JSON Schema (for messages, "did you mean", completion and hover).
import schemaJson from '../../../../schemas/provisioning-config.schema.json';
import type { PathSegment } from '../yaml/yamlNav';

export interface SchemaNode {
  title?: string;
  description?: string;
  markdownDescription?: string;
  type?: string | string[];
  enum?: unknown[];
  markdownEnumDescriptions?: string[];
  properties?: Record<string, SchemaNode>;
  required?: string[];
  items?: SchemaNode;
  examples?: unknown[];
  default?: unknown;
  defaultSnippets?: { label: string; description?: string; body: unknown }[];
  'x-expression'?: 'mapping' | 'saml';
  'x-completion'?: string;
  /** Old or colloquial names of enum values -> the value to suggest (`azure-ad` -> `entra-id`). */
  'x-aliases'?: Record<string, string>;
}

export const rootSchema = schemaJson as unknown as SchemaNode;

/** The schema node describing the value at `path`, if the schema knows it. */
export function schemaAt(path: readonly PathSegment[]): SchemaNode | undefined {
  let s: SchemaNode | undefined = rootSchema;
  for (const seg of path) {
    if (!s) return undefined;
    if (typeof seg === 'number' || (s.items && !s.properties)) s = s.items;
    else s = s.properties?.[seg];
  }
  return s;
}

export function allowedKeys(path: readonly PathSegment[]): string[] {
  return Object.keys(schemaAt(path)?.properties ?? {});
}
