// Every command id, setting key, view id and context key in one place (package.json mirrors these).
export const EXTENSION_ID = 'scim-provisioning-tools.scim-provisioning';
export const DIAGNOSTIC_SOURCE = 'scim-provisioning';
/** Source of the diagnostics "Reconcile with Tenant" puts on assignments (a collection of their own). */
export const RECONCILE_SOURCE = 'scim-tenant';

export const Commands = {
  newConfig: 'scimProvisioning.newConfig',
  fixAll: 'scimProvisioning.fixAll',
  setToken: 'scimProvisioning.setToken',
  clearToken: 'scimProvisioning.clearToken',
  testCredentials: 'scimProvisioning.testCredentials',
  checkEndpoint: 'scimProvisioning.checkEndpoint',
  showLog: 'scimProvisioning.showLog',
  moveSecretToKeychain: 'scimProvisioning.moveSecretToKeychain',
  revealEndpointProblem: 'scimProvisioning.revealEndpointProblem',
  usersRefresh: 'scimProvisioning.users.refresh',
  usersFilter: 'scimProvisioning.users.filter',
  usersClearFilter: 'scimProvisioning.users.clearFilter',
  usersLoadMore: 'scimProvisioning.users.loadMore',
  usersLoadAll: 'scimProvisioning.users.loadAll',
  usersOpenJson: 'scimProvisioning.users.openJson',
  usersCopyId: 'scimProvisioning.users.copyId',
  usersCopyUserName: 'scimProvisioning.users.copyUserName',
  usersDeactivate: 'scimProvisioning.users.deactivate',
  usersReactivate: 'scimProvisioning.users.reactivate',
  reconcile: 'scimProvisioning.reconcile',
  reconcileAddToAssignments: 'scimProvisioning.reconcile.addToAssignments',
  reconcileKeepFileValues: 'scimProvisioning.reconcile.keepFileValues',
  reconcileShow: 'scimProvisioning.reconcile.show',
  previewRequests: 'scimProvisioning.previewRequests',
  simulate: 'scimProvisioning.simulate',
} as const;

export const Settings = {
  section: 'scimProvisioning',
  configGlobs: 'configGlobs',
  validateEnable: 'validate.enable',
  validateDelayMs: 'validate.delayMs',
  target: 'target',
  severity: 'severity',
  yamlExtensionInterop: 'yamlExtensionInterop',
  requestTimeoutMs: 'requestTimeoutMs',
  usersPageSize: 'users.pageSize',
  usersConcurrency: 'users.concurrency',
} as const;

/** Context keys (menus, welcome views and the walkthrough's completion events read them). */
export const ContextKey = {
  isConfig: 'scimProvisioning.isConfig',
  /** The active config names an endpoint a token can be sent to. */
  activeEndpointOk: 'scimProvisioning.activeEndpointOk',
  configCount: 'scimProvisioning.configCount',
  usersFiltered: 'scimProvisioning.users.filtered',
  /** Walkthrough state: a config exists / its SAML attributes are right / a token is stored / … */
  hasConfig: 'scimProvisioning.walkthrough.hasConfig',
  samlOk: 'scimProvisioning.walkthrough.samlOk',
  hasToken: 'scimProvisioning.walkthrough.hasToken',
  credentialsVerified: 'scimProvisioning.walkthrough.credentialsVerified',
  mappingsOk: 'scimProvisioning.walkthrough.mappingsOk',
  assignmentsOk: 'scimProvisioning.walkthrough.assignmentsOk',
  usersListed: 'scimProvisioning.walkthrough.usersListed',
  /**
   * `${hasConfigFor}.<walkthrough id>`: a config in the workspace names an identity provider whose
   * walkthrough (its descriptor's) is that one; package.json shows a walkthrough by it.
   */
  hasConfigFor: 'scimProvisioning.hasConfigFor',
} as const;

export const Views = {
  container: 'scimProvisioning',
  users: 'scimProvisioning.users',
} as const;

/** Files the extension applies to, besides the `configGlobs` setting. */
export const DEFAULT_CONFIG_GLOBS = ['**/*.scim.yaml', '**/*.scim.yml', '**/scim-provisioning.yaml'];
export const FIX_ALL_KIND = 'source.fixAll.scimProvisioning';
