// dist/azure-identity.js: the Azure credential chain (@azure/identity), loaded by the CLI only when a
// command needs a Microsoft Graph token and GRAPH_TOKEN is not set. Never part of dist/cli.js's
// validate path, dist/cli-main.js or dist/extension.js.
export { azureTokenProvider } from '../core/idp/entra/api/azureCredential';
