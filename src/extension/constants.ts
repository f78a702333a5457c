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

export const Views = {
  container: 'scimProvisioning',
  users: 'scimProvisioning.users',
} as const;

/** Files the extension applies to, besides the `configGlobs` setting. */
export const DEFAULT_CONFIG_GLOBS = ['**/*.scim.yaml', '**/*.scim.yml', '**/scim-provisioning.yaml'];
export const FIX_ALL_KIND = 'source.fixAll.scimProvisioning';
