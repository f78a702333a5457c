// What generic code (the CLI's import and drift, the editor's Import and Check Drift) needs to know
// about one identity provider's management API, as data plus two functions: the keys of its `idp`
// block and the command-line flags that give them, where a token comes from, the permissions it needs
// and what each is for, and how to read an app into the live model. One per provider
// (../okta/api/module.ts, ../entra/api/module.ts), found by id in ./modules.ts.
import type { IdpId } from '../descriptors';
import type { LiveApp, ReadOptions } from '../live';
import type { ManagementClientOptions } from './types';

export interface LocationField {
  /** The key in the config's `idp` block. */
  key: string;
  /** The import command's flag that gives it. */
  flag: string;
  required: boolean;
  /** The value's kind: checked before any request (urls: https, or http to loopback). */
  kind: 'url' | 'id' | 'guid';
  /** For --help and messages: "the Okta org, e.g. https://acme.okta.com". */
  describe: string;
  /** Used when absent (Graph's root). */
  default?: string;
}

/** An app opened for reading: read it once into the live model, then close. */
export interface IdpAppReader {
  read(opts?: ReadOptions): Promise<LiveApp>;
  /** HTTP requests sent so far (benchmarks). */
  readonly requests: number;
  close(): Promise<void>;
}

export interface IdpApiModule {
  readonly id: IdpId;
  /** The `idp` block's keys, in the order import writes them. */
  readonly location: readonly LocationField[];
  /** The environment variable the CLI reads a token from (OKTA_API_TOKEN, GRAPH_TOKEN). */
  readonly tokenEnv: string;
  /** What the token is, for messages: "an Okta API token (SSWS)". */
  readonly tokenName: string;
  /** Where a person gets one, in a sentence. */
  readonly tokenHelp: string;
  /** Read permissions, each with what it is for (said where a token is asked for). */
  readonly permissions: ReadonlyArray<{ permission: string; purpose: string; optional?: boolean }>;
  /**
   * The OAuth scope to ask a credential chain for (Graph: `<root>/.default`, national clouds alike);
   * undefined when the provider's tokens are not OAuth tokens from such a chain (Okta's SSWS).
   */
  oauthScope?(location: Readonly<Record<string, string>>): string;
  /** The keychain name import writes as `idp.tokenRef` (never the token); undefined when the block has none. */
  defaultTokenRef?(location: Readonly<Record<string, string>>): string;
  /** The origin the token is sent to (and only there). */
  originOf(location: Readonly<Record<string, string>>): string;
  /** The app's reader; `tokenRef` is written into the idp block when given. */
  open(location: Readonly<Record<string, string>>, opts: ManagementClientOptions & { tokenRef?: string }): IdpAppReader;
}
