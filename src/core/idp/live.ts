// The live app as an identity provider's management API shows it: what import writes into a config
// and drift compares with one. Each provider's reader (./okta/api/read.ts, ./entra/api/read.ts)
// fills it from the vendor's bodies; the generic import (../import) and drift (../drift) read it and
// know no vendor. Every part says whether the API could read it, and if not, why and where the admin
// sets it instead ("set in the Admin Console").
import type { IdpId } from './descriptors';

/** A part the API could read, or why not (info for the person, never drift). */
export type Readable<T> =
  | { readable: true; value: T; notes?: string[] }
  | { readable: false; reason: string };

/** The To App options of a config (`provisioning.toApp`). */
export const TO_APP_OPTIONS = ['createUsers', 'updateUserAttributes', 'deactivateUsers', 'syncPassword'] as const;
export type ToAppOption = (typeof TO_APP_OPTIONS)[number];

export interface LiveSamlAttribute {
  /** The attribute (claim) name. */
  name: string;
  /** The expression it sends, in the identity provider's language (what `saml.attributes.<name>` holds). */
  expression?: string;
  /**
   * Set when the statement is one a config value cannot hold (an Okta GROUP statement, a claim with
   * transformations): what it is, in words. Import keeps it as a comment; drift reports it, never drops it.
   */
  unsupported?: string;
}

export interface LiveToApp {
  options: Partial<Record<ToAppOption, boolean>>;
  /** Options this identity provider has no counterpart for (Entra ID and syncPassword): neither written nor compared. */
  uncompared: ToAppOption[];
}

/** What the identity providers add to a mapping that a string cannot hold (the config's object form). */
export interface MappingData {
  /** Okta: DONT_PUSH = apply on create only (PUSH is the default). */
  pushStatus?: 'PUSH' | 'DONT_PUSH';
  /** Entra: the flowType in the config's kebab-case (`create-only` for ObjectAddOnly; `always` is the default). */
  flowType?: string;
  /** Entra: a matching attribute (1 = matched first). */
  matchingPriority?: number;
  /** Entra: "Default value if null" (applies on create only). */
  defaultValue?: string;
}

export interface LiveMapping {
  /** The SCIM attribute path it fills (`name.givenName`, `urn:…:enterprise:2.0:User:department`), or the app's own attribute name when the app has no SCIM path for it. */
  path: string;
  /** The expression, in the identity provider's language; absent when it has none (a default-only mapping). */
  expression?: string;
  data?: MappingData;
  /** Where it came from when not the mapping table itself ("the application username format ${source.email}"). */
  origin?: string;
  /** Set when the mapping is one a config value cannot hold: what it is, in words. */
  unsupported?: string;
}

export interface LiveAssignment {
  /** The username in the app (Okta: the app user's `credentials.userName`; Entra: what its userName mapping yields). */
  userName: string;
  /** The person's time zone as the app gets it (blank: none, i.e. the config's default). */
  timezone?: string;
  /** False when the time zone could not be read (a missing permission, no time-zone mapping): then it is not compared. */
  timezoneKnown: boolean;
  /** The group the assignment comes through (Okta app users of scope GROUP). */
  viaGroup?: string;
  /** Further profile attributes the config's expressions read (Entra extension attributes), for previews. */
  profile?: Record<string, string>;
}

export interface LiveGroup {
  /** The group's name in the identity provider. */
  name: string;
  /** Its name in the app when pushed under another one. */
  targetName?: string;
  /** Pushed to the app (Okta Push Groups; Entra group provisioning). */
  push: boolean;
  /** Assigned to the app (its members are assigned). */
  assigned: boolean;
  /** Members' usernames, when readable. */
  members?: string[];
  /** Why the members are not listed (a missing permission, nested groups). */
  membersNote?: string;
}

export interface LiveApp {
  idp: IdpId;
  /** The app's name in the identity provider (its label / display name). */
  label: string;
  /** The config's `idp` block for this app, in order (never a secret). */
  location: ReadonlyArray<{ key: string; value: string; comment?: string }>;
  api: Readable<{ baseUrl?: string }>;
  saml: Readable<LiveSamlAttribute[]>;
  toApp: Readable<LiveToApp>;
  mappings: Readable<LiveMapping[]>;
  assignments: Readable<LiveAssignment[]>;
  groups: Readable<LiveGroup[]>;
  /** Anything else worth telling (a claims mapping policy that overrides the claims, the job's template). */
  notes: string[];
}

/** What a reader reports while it works (the CLI prints it; the editor shows it in its progress). */
export type ReadProgress =
  | { kind: 'step'; message: string }
  | { kind: 'count'; what: 'assignments' | 'people' | 'groups'; count: number }
  | { kind: 'waiting'; ms: number; message: string };

export interface ReadOptions {
  signal?: AbortSignal;
  onProgress?: (p: ReadProgress) => void;
}
