// Types of test/support/configs.cjs (the one config builder of the tests and the benchmark).

/** An identity provider with a valid config in the builder (its id as the config names it). */
export type IdpKey = 'okta' | 'entra-id';
export type SectionName = 'version' | 'app' | 'api' | 'saml' | 'provisioning' | 'assignments';
/** A value `set` writes as YAML: scalars, maps (undefined members left out), lists of scalars (a flow list) or of maps (a block list). */
export type YamlValue = string | number | boolean | null | readonly YamlValue[] | { readonly [key: string]: YamlValue | undefined };

export interface ConfigOptions {
  /** Whose valid config: its SAML claims, mappings, people and comments. Default 'okta'. */
  idp?: IdpKey;
  /** false: without the explanatory comments (each key on a bare line). Default true. */
  comments?: boolean;
  /** Comment line(s) put first (each starting with '#'). */
  header?: string | null;
  /** How many of the provider's people stay assigned (Okta has 4, Entra ID 2; 0 leaves `assignments:` empty). Default all. */
  assignees?: number;
  /** A top-level section's whole text (`'api:\n  region: eu'`), or null / '' to remove it. */
  sections?: Partial<Record<SectionName, string | null>>;
  /** Keys (dotted paths, e.g. 'api.region') removed with their block; throws on a missing key. */
  remove?: readonly string[];
  /** Keys (dotted paths) set to a value: replaced in place, else added at the end of their parent. */
  set?: Readonly<Record<string, YamlValue>>;
  /** `api.baseUrl` in place of `api.region`. */
  baseUrl?: string;
  /** `api.tokenRef`. */
  tokenRef?: string;
  /** Exact-text replacements, last, each of the first occurrence; throws when one is not found. */
  replace?: ReadonlyArray<readonly [string, string]>;
}

export declare const IDPS: readonly IdpKey[];
export declare const SECTIONS: readonly SectionName[];
/** The config as YAML text (always ending in '\n'). */
export declare function configText(options?: ConfigOptions): string;
/** The parsed value of configText(options). */
export declare function configValue(options?: ConfigOptions): Record<string, unknown>;
/** 0-based line of the key at a dotted path ('provisioning.mappings.timezone'); throws when there is none. */
export declare function keyLine(text: string, path: string): number;

export interface GeneratedConfig { text: string; errorLines: number[]; lines: number }
/** The benchmark's configs: the valid Okta config with `assignments` generated people; with `errors`, ~1% planted `givenName: 42` (their 0-based lines). */
export declare function generatedConfig(assignments: number, options?: { errors?: boolean }): GeneratedConfig;
