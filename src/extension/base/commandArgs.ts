// What a command was invoked on. Commands are called from the palette (nothing), an editor or a
// CodeLens (a Uri), the SCIM view (a tree node: its config is `tenant.uri`), and automation or
// tests (`{ uri, ... }`). No `vscode` import: the caller says what a Uri is, so this is tested with plain mocha.

type IsUri<U> = (value: unknown) => value is U;

const field = (arg: unknown, name: string): unknown => (arg && typeof arg === 'object' ? (arg as Record<string, unknown>)[name] : undefined);

/** The config a command acts on: a Uri, `{ uri }`, or a node of the SCIM view (`tenant.uri`). */
export function uriOf<U>(arg: unknown, isUri: IsUri<U>): U | undefined {
  if (isUri(arg)) return arg;
  const uri = field(arg, 'uri');
  if (isUri(uri)) return uri;
  const tenantUri = field(field(arg, 'tenant'), 'uri');
  return isUri(tenantUri) ? tenantUri : undefined;
}

/**
 * The person a reconcile command acts on: a person's node in the SCIM view (`part.person`, its
 * config `tenant.uri`) or `{ uri, person }`.
 */
export function personOf<U, P>(arg: unknown, isUri: IsUri<U>): { uri: U; person: P } | undefined {
  const part = field(arg, 'part');
  const tenantUri = field(field(arg, 'tenant'), 'uri');
  if (field(part, 'level') === 'person' && field(part, 'person') && isUri(tenantUri)) return { uri: tenantUri, person: field(part, 'person') as P };
  const uri = field(arg, 'uri');
  const person = field(arg, 'person');
  return isUri(uri) && person ? { uri, person: person as P } : undefined;
}

/** A string given with the arguments, e.g. `{ uri, token }` from automation, `{ uri, userName }`. */
export function textOf(arg: unknown, name: string): string | undefined {
  const value = field(arg, name);
  return typeof value === 'string' ? value : undefined;
}
