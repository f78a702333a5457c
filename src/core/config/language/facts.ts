// What completion and hover need to know of a config, read cheaply: its identity provider, its target,
// its custom attributes, and the standard expression for a key.
import type { TargetId } from '../../targets/types';
import type { IdentityProvider, ExpressionContext } from '../../idp/types';
import { parse as parseYaml } from 'yaml';
import type { ParsedConfig } from '../yaml/parse';
import { identityProviderOf } from '../../idp/registry';
import { requirementsFor } from '../../targets/registry';
import { customAttributesOf, targetOf } from '../model';

export interface EditorSupportOptions {
  /** False: only what no schema-driven tool provides (expressions); the Red Hat YAML extension serves the schema. */
  schema?: boolean;
  /** The target setting, when it overrides `app.target`. */
  target?: TargetId;
}

export interface ConfigFacts {
  idp: IdentityProvider;
  target: TargetId;
  customAttributes: string[];
}

/** The facts of a config: from a usable parse of it when there is one, else from its `app:` block alone. */
export function factsOf(text: string, options?: EditorSupportOptions, parsed?: ParsedConfig): ConfigFacts {
  return parsed?.usable ? factsFromValue(parsed.value, options) : factsFromText(text, options);
}

/** Reads `app:` alone (the first top-level block of that name), so completion never parses a large file. */
export function factsFromText(text: string, options?: EditorSupportOptions): ConfigFacts {
  let app: unknown;
  const m = /^app[ \t]*:(.*)$/m.exec(text);
  if (m) {
    const start = m.index;
    const rest = text.slice(start + m[0].length);
    const next = /\n(?=[^\s#])/.exec(rest);
    const block = text.slice(start, start + m[0].length + (next ? next.index : rest.length));
    try {
      app = (parseYaml(block.length > 20_000 ? block.slice(0, 20_000) : block, { maxAliasCount: 0 }) as Record<string, unknown> | null)?.app;
    } catch {
      app = undefined;
    }
  }
  return factsFromValue({ app }, options);
}

export function factsFromValue(value: unknown, options?: EditorSupportOptions): ConfigFacts {
  return {
    idp: identityProviderOf(value),
    target: targetOf(value, options),
    customAttributes: customAttributesOf(value),
  };
}

/** The expression the target expects at `key`, else the identity provider's standard one. */
export function standardFor(facts: ConfigFacts, context: ExpressionContext, key: string): string | undefined {
  const expected = requirementsFor(facts.target).expected[facts.idp.id];
  return (context === 'saml' ? expected?.saml[key] : expected?.mappings[key]) ?? facts.idp.standardExpression(key, context);
}
