// What a target requires, as data that the generic rules read: regions and the SCIM path, the
// To App options, and per identity provider the SAML attribute statements and attribute mappings
// (with the expressions the fixes and the scaffold write). A target without some part (generic SCIM
// has none) simply gets none of the rules that read it.

/** The ids `app.target` (or the setting) names. */
export type TargetId = 'flosum' | 'generic-scim';

export interface Region {
  label: string;
  baseUrl: string;
}

export interface RegionTable {
  /** Region code -> label and base URL, in the order they are offered. */
  codes: Readonly<Record<string, Region>>;
  /** Words people write for a region -> its code (`eu` -> `de`). */
  aliases: Readonly<Record<string, string>>;
  /** Words for an area that holds one region (`eu` -> `de`): suggested, but a guess, so never applied by "Fix all". */
  areas?: Readonly<Record<string, string>>;
  /** Finds a region code in a pasted base URL (`https://global-jp.flosum.app/...` -> `jp`). */
  urlPattern?: RegExp;
}

/** What a target expects from one identity provider's expressions. */
export interface ExpectedExpressions {
  /** SAML attribute name -> expression; every one is required and checked (saml-attribute-missing/-value). */
  saml: Readonly<Record<string, string>>;
  /** SCIM attribute -> standard expression; every one is required (mapping-missing). */
  mappings: Readonly<Record<string, string>>;
}

export interface TargetRequirements {
  id: TargetId;
  /** 'Flosum': how messages name the target. */
  label: string;
  regions?: RegionTable;
  /** The path a customer-hosted base URL must end in (`/api/v1/scim`). */
  scimPath?: string;
  /** Provisioning -> To App options that must be on, and whether Sync Password must stay off. */
  toApp?: { required: readonly { key: string; label: string }[]; syncPasswordOff: boolean; passwordReason: string };
  /**
   * Per identity provider, keyed by its id (`okta`, `entra-id`: data keys, checked against the IdP
   * registry by a test); an identity provider without an entry gets no SAML/mapping requirements.
   */
  expected: Readonly<Partial<Record<string, ExpectedExpressions>>>;
  /**
   * The userName must be the person's email (username-not-email; a tenant user whose userName is not
   * their primary email cannot sign in): why, and how the tenant signs people in, for messages.
   */
  userNameIsEmail?: { reason: string; signIn: string };
  /** What a blank time zone means. */
  defaultTimeZone: string;
  /** Host names (and their subdomains) that are the target's own, e.g. 'flosum.app': its wording applies to them. */
  hosts?: readonly string[];
  /** What the target's admin UI calls the API token, e.g. 'Global Settings API Token'. */
  tokenName?: string;
}

/** What the messages say about a target, as data (the target module provides it). */
export interface TargetHints {
  /** What the target's admin UI calls the API token, e.g. 'Global Settings API Token'. */
  tokenName?: string;
  /** The sentence that tells how to check the base URL (no trailing period). */
  checkBaseUrl: string;
  /** Where the right base URLs are listed, for DNS and redirect messages (no trailing period). */
  baseUrlList?: string;
}
