// What an identity provider is, for the rest of the core. Its descriptor (IdpDescriptor, data in
// ./descriptors.ts): id, names, words, how it matches and tests, where its module is bundled. Its
// module (IdentityProvider, ./okta/module.ts, ./entra/module.ts): the expression language (parse,
// check, evaluate, complete, describe), its profile attributes, and how a person of the config becomes
// the profile its expressions read. Rules, completion and hover ask the module; they know no language.
import type { IdpId } from './descriptors';

export type { IdpId };

/** Where an expression is written: a To App attribute mapping, or a SAML attribute statement. */
export type ExpressionContext = 'mapping' | 'saml';

export type ExpressionCode =
  | 'expression-syntax'
  | 'expression-unknown-attribute'
  | 'expression-unknown-function'
  | 'expression-arguments'
  | 'expression-deprecated';

/** Everything the checker may depend on besides the text. */
export interface ExpressionSite {
  context: ExpressionContext;
  /** The key the expression is the value of: a SCIM attribute (`givenName`) or a SAML attribute name. */
  key: string;
  /** `app.customAttributes`: names the org added to the identity provider's user profile. */
  customAttributes: readonly string[];
}

/** Replace expression text [start, end) with newText (offsets into the expression, not the file). */
export interface ExpressionEdit {
  start: number;
  end: number;
  newText: string;
}

export interface ExpressionFix {
  title: string;
  edits: ExpressionEdit[];
  isPreferred?: boolean;
}

/** One problem of an expression. Messages are plain text, the fact and the fix first. */
export interface ExpressionProblem {
  code: ExpressionCode;
  severity: 'error' | 'warning';
  message: string;
  /** Background for the hover / related information (not in the one-line message). */
  detail?: string;
  /** Offsets into the expression of the offending part (e.g. just `fristName`). */
  start: number;
  end: number;
  fixes?: ExpressionFix[];
}

/** A profile attribute an expression can read, with a one-line description. */
export interface ProfileAttribute {
  name: string;
  description: string;
  /** True for names from `app.customAttributes`. */
  custom?: boolean;
}

/** A function of the language, as completion and hover show it. */
export interface FunctionInfo {
  /** As written: `String.substringBefore`, `isMemberOfGroupName`. */
  name: string;
  /** `String.substringBefore(input, searchString)` */
  signature: string;
  returns: string;
  description: string;
  /** Snippet of the call (`substringBefore(${1:input}, ${2:searchString})`, without the namespace). */
  snippet: string;
  deprecated?: string;
}

/** A completion inside an expression; the range is relative to the expression text. */
export interface ExpressionCompletion {
  label: string;
  kind: 'attribute' | 'function' | 'namespace' | 'expression';
  /** Snippet syntax when `snippet` is true, else plain text. */
  insertText: string;
  snippet?: boolean;
  /** Re-open the suggestions after inserting (e.g. after `user.`). */
  retrigger?: boolean;
  start: number;
  end: number;
  detail?: string;
  /** Markdown. */
  documentation?: string;
}

export interface ExpressionHover {
  /** Markdown. */
  markdown: string;
  start: number;
  end: number;
}

/** What an expression yields. Arrays as lists; objects for linked users and maps. */
export type EvalValue = string | number | boolean | null | EvalValue[] | { [key: string]: EvalValue };

export type EvalResult =
  | { kind: 'value'; value: EvalValue; notes?: string[] }
  /** The value depends on state the file does not have (group membership, the clock, a linked user). */
  | { kind: 'unknown'; reason: string }
  /** The identity provider would fail to evaluate it (a syntax error, a condition that is not a boolean). */
  | { kind: 'error'; message: string };

/** One person of the config: an entry of `assignments` (email defaults to userName). */
export interface Assignment {
  userName: string;
  givenName?: string;
  familyName?: string;
  email?: string;
  timezone?: string;
  /** `assignments[].profile`: further profile attributes of that person. */
  profile?: Readonly<Record<string, EvalValue>>;
}

/**
 * A person as the identity provider holds them: its attribute names (Okta `firstName`, Entra
 * `givenName`) to values, plus the identity provider's own id for the person (a stand-in here).
 */
export interface IdpPerson {
  idp: IdpId;
  /** Shown in previews: "for jane@example.com". */
  label: string;
  id: string;
  attributes: Readonly<Record<string, EvalValue>>;
}

/** What the identity provider's own connection test sends (Okta: Test API Credentials; Entra ID: Test Connection). */
export interface ConnectionTest {
  /** The button as the admin console names it. */
  button: string;
  /** The GET request, relative to the base URL (query included); a fresh random part on every call where it has one. */
  path(): string;
  /** True when the answer must be an empty ListResponse (a filter for a userName that matches nobody). */
  expectEmpty: boolean;
  /** What it sends, in words, for the success message and the log: "a userName filter that matches nobody". */
  sends: string;
}

/** Where the identity provider's admin console keeps each part of the file (comments of a new config, walkthrough). */
export interface ConsoleLabels {
  api: string;
  saml: string;
  mappings: string;
}

/** A tenant user's attribute an identity provider matches a person of the config on. */
export type MatchAttribute = 'userName' | 'email';

/**
 * How an identity provider finds a config's people among the tenant's users, and what it then does:
 * reconcile's rule and its sentences ("Okta will create it…"), each sentence without its subject (the
 * label is put in front).
 */
export interface UserMatching {
  /** The tenant user's attributes it matches a person on (userName case-insensitively; the primary email). */
  on: readonly MatchAttribute[];
  /** The rule as one phrase: "userName case-insensitively, or primary email". */
  rule: string;
  /** Who it is: "Okta's import" (reconcile's header: "matched as Okta's import matches"). */
  matcher: string;
  /** A missing person: "will create it when provisioning is on". */
  create: string;
  /** A person who differs: "will update" (followed by the changes). */
  update: string;
  /** A person deactivated in the tenant: "will leave it inactive and the person cannot sign in; reactivate it there or remove this assignment". */
  inactive: string;
  /** More than one tenant user matches one person: "will fail with 'Multiple users found'". */
  severalMatches: string;
  /** Two assignments match one tenant user: "will fail with 'Multiple users found'". */
  sharedMatch: string;
  /** A userName assigned twice in the file: "will fail on the duplicate". */
  duplicate: string;
  /** An active tenant user nobody is assigned to, without subject: "an import leaves it unmatched". */
  unassigned: string;
  /** The Users view's short outcome per category, without subject: { missing: 'will create them', … }. */
  outcomes: { readonly differs: string; readonly inactive: string; readonly missing: string; readonly conflict: string };
}

/** What the identity provider's admin console and New Provisioning Config call things. */
export interface IdpWords {
  /** What its console calls the API token: 'API token', 'Secret Token'. */
  tokenName: string;
  /** New Provisioning Config's prompt for a customer-hosted base URL (the target adds "ending in …"). */
  baseUrlPrompt: string;
  /** Part of a new config's file name after the target's: 'flosum-{fileSlug}{region}.scim.yaml' ('' for the default). */
  fileSlug: string;
  /** Comments a new config puts after a mapping, by SCIM attribute. */
  mappingComments?: Readonly<Record<string, string>>;
}

/** The steps of the setup walkthrough, by the generic name the extension marks them with. */
export type WalkthroughStep = 'create' | 'saml' | 'token' | 'test' | 'mappings' | 'assignments' | 'users';

/**
 * An identity provider as data: everything the editor, the CLI and the core say about it without
 * loading its module. One per identity provider, in ./descriptors.ts; `IdpId` is derived from them.
 */
export interface IdpDescriptor {
  /** The value of `app.identityProvider`. */
  readonly id: string;
  /** How messages name it: 'Okta', 'Entra ID'. */
  readonly label: string;
  /** The product's full name where one is chosen (New Provisioning Config): 'Microsoft Entra ID'. */
  readonly productName: string;
  /** What is set up there, in a line (New Provisioning Config's list). */
  readonly setupSummary: string;
  /** Old names still found in files, checked as this identity provider (the schema reports the name). */
  readonly aliases: readonly string[];
  /** 'Okta expression': how messages and completion details name the language. */
  readonly expressionLabel: string;
  readonly consoleLabels: ConsoleLabels;
  /** What its own connection test sends (Test API Credentials, Test Connection). */
  readonly connectionTest: ConnectionTest;
  readonly words: IdpWords;
  readonly matching: UserMatching;
  /** Its setup walkthrough (package.json `contributes.walkthroughs`): the id, and each step's id. */
  readonly walkthrough: { readonly id: string; readonly steps: Readonly<Record<WalkthroughStep, string>> };
  /**
   * Where an editor or CLI bundle finds the module when it is bundled apart (loaded on first use):
   * the sibling bundle's file and the export that holds the module. Absent: bundled with the core.
   */
  readonly bundle?: { readonly file: string; readonly exportName: string };
}

/**
 * An identity provider module: its descriptor's data, plus the language. Every method is pure, never
 * throws, and bounds its work on any input (length and nesting limits inside). Results of `check`
 * are cached by the module.
 */
export interface IdentityProvider extends Omit<IdpDescriptor, 'id'> {
  readonly id: IdpId;
  /**
   * Markdown this identity provider adds to the hover of a config key, by dotted path ('api.baseUrl');
   * `{baseUrl}` stands for the config's resolved base URL.
   */
  keyNotes?: Readonly<Record<string, string>>;
  /** Background this identity provider adds to a rule's finding (its `detail`), by rule code: plain text. */
  ruleNotes?: Readonly<Partial<Record<string, string>>>;

  /** Syntax and reference problems of one expression at a site; [] when it is one the identity provider accepts. */
  check(expression: string, site: ExpressionSite): readonly ExpressionProblem[];
  /**
   * A non-string YAML value at an expression site that is really an expression the user did not quote
   * (Entra's `[mail]` is a YAML list): the problem to report, with `source` the value's text. The
   * generic rule adds the fix that quotes it. Undefined: not this module's business (schema-type reports it).
   */
  unquotedExpression?(source: string, site: ExpressionSite): ExpressionProblem | undefined;
  /** A normal form, so `user.email` and ` user.email ` compare equal; undefined when it does not parse. */
  canonical(expression: string): string | undefined;
  /**
   * Does a value read as an expression of this language rather than a literal (a value under a
   * secret-like key that is one is not a secret in the file)? A quick test of its form, not a parse.
   */
  isExpression(value: string): boolean;
  /** The expression the identity provider normally maps to a SCIM attribute / SAML attribute, if any. */
  standardExpression(key: string, context: ExpressionContext): string | undefined;
  /** The profile's attributes (base and custom), for completion, hover and "did you mean". */
  attributes(customAttributes: readonly string[]): readonly ProfileAttribute[];
  functions(): readonly FunctionInfo[];
  /** Completions at `offset` inside `expression`. */
  completions(expression: string, offset: number, site: ExpressionSite): ExpressionCompletion[];
  /** Signature and meaning of the function or attribute at `offset`, if any. */
  hover(expression: string, offset: number, site: ExpressionSite): ExpressionHover | undefined;
  /** The person's profile as this identity provider holds it. */
  personProfile(assignment: Assignment): IdpPerson;
  /**
   * What the expression yields for that person (what a mapping sends: evaluateMappings in ../person.ts).
   * `context` tells a mapping from a SAML attribute where the language reads them differently (Entra ID).
   */
  evaluate(expression: string, person: IdpPerson, context?: ExpressionContext): EvalResult;
  // The requests this identity provider sends for a person (simulate: look-up, POST /Users built from
  // evaluateMappings, update, deactivate, reactivate) are its module's too (./okta/requests,
  // ./entra/requests), registered by id in ../simulate/dialects.ts rather than here, so that the editor's
  // activation bundle does not carry them.
}
