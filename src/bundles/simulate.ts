// Simulate's pure side for the editor (the request builders and the renderers), bundled on its own
// (dist/simulate.js) and loaded on the first preview or run, so that activation does not carry it.
// Only the extension's lazy loader (src/extension/lazySimulate.ts) imports this; the run itself is
// in the network bundle (src/bundles/network.ts).
import { useIdpBundles } from '../core/idp/registry';
import { requireSibling } from './requireSibling';

// Identity-provider modules bundled apart (dist/idp-entra.js) load on first use.
useIdpBundles(requireSibling);

export { planRequests } from '../core/simulate/plan';
export { outcomeSummary, renderPreviewMarkdown, renderSimulationMarkdown } from '../core/simulate/render';
