// `npm start`: a local demo of the extension in a real VS Code (code-server) in your browser.
//   1. builds (npm run build) and makes sure the editor is provisioned (scripts/provision-editor.sh);
//   2. starts the demo SCIM tenant (test/support/run-tenant.ts, 250 users, random token);
//   3. writes .cache/demo-workspace/ (SCIM_START_WORKSPACE overrides) with flosum-demo.scim.yaml
//      (api.baseUrl → the tenant) and a copy of examples/broken.scim.yaml (so diagnostics show);
//   4. installs the extension (VSIX via `npm run package`, or a copy of the build) into a fresh
//      code-server and serves it on 127.0.0.1:$PORT (default 8080, or a free port if taken).
// Ctrl+C (or SIGTERM, SIGHUP, a failed step, the tenant or the editor exiting) stops everything it
// started, at any moment of start-up: see scripts/lifecycle.mjs.
//   node scripts/start.mjs --check   start, check in headless Chromium that the workbench shows
//                                    diagnostics (screenshot test-results/screenshots/start.png), stop.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT, extensionInstallOptions, launchChromium, provisionEditor, startCodeServer, startTenant } from './code-server.mjs';
import { installExitHandlers, runStep, shutdown } from './lifecycle.mjs';

const t0 = Date.now();
const check = process.argv.includes('--check');
const say = (s) => console.log(`[start] ${s}`);
const secs = () => `${((Date.now() - t0) / 1000).toFixed(1)} s`;
installExitHandlers({ log: (s) => console.error(`[start] ${s}`) });
process.on('exit', (code) => say(code === 0 ? 'stopped.' : `stopped (exit ${code}).`));

function writeDemoWorkspace(baseUrl) {
  const ws = path.resolve(process.env.SCIM_START_WORKSPACE || path.join(ROOT, '.cache', 'demo-workspace'));
  rmSync(ws, { recursive: true, force: true });
  mkdirSync(ws, { recursive: true });
  const example = path.join(ROOT, 'examples', 'flosum-us.scim.yaml');
  const text = readFileSync(example, 'utf8')
    .replace(/^ {2}region: us\b.*$/m, `  baseUrl: ${baseUrl}   # the local demo tenant (npm start)`)
    .replace(/^ {2}tokenRef: .*$/m, '  tokenRef: flosum-demo        # run "SCIM: Set API Token" and paste the demo token')
    .replace(/^# SCIM provisioning for Flosum \(US region\).*$/m, '# Demo: Flosum-style SCIM tenant running locally (npm start).');
  if (!text.includes(baseUrl)) throw new Error(`examples/flosum-us.scim.yaml no longer has '  region: us' to point at the demo tenant`);
  // two of the demo tenant's own people (test/support/builders.ts: user i is <given>.<family>.<i>@example.com),
  // so Reconcile with Tenant shows a match and a difference next to the example's four missing people
  const demoPeople = [
    '  - userName: grace.lovelace.1@example.com   # in the demo tenant, same time zone: matched',
    '    timezone: America/Los_Angeles',
    '  - userName: alan.lovelace.2@example.com    # in the demo tenant with Europe/Berlin: differs',
    '    timezone: Asia/Tokyo',
  ];
  writeFileSync(path.join(ws, 'flosum-demo.scim.yaml'), `${text.replace(/\n*$/, '\n')}${demoPeople.join('\n')}\n`);
  // the same tenant provisioned from Microsoft Entra ID (the Entra walkthrough and Entra's requests)
  const entra = readFileSync(path.join(ROOT, 'examples', 'flosum-entra.scim.yaml'), 'utf8')
    .replace(/^ {2}region: us\b.*$/m, `  baseUrl: ${baseUrl}   # the local demo tenant (npm start)`)
    .replace(/^ {2}tokenRef: .*$/m, '  tokenRef: flosum-demo        # the same demo token as flosum-demo.scim.yaml')
    .replace(/^# SCIM provisioning for Flosum \(US region\).*$/m, '# Demo: the local Flosum-style tenant (npm start), provisioned from Microsoft Entra ID.');
  if (!entra.includes(baseUrl)) throw new Error(`examples/flosum-entra.scim.yaml no longer has '  region: us' to point at the demo tenant`);
  writeFileSync(path.join(ws, 'entra-demo.scim.yaml'), entra);
  const broken = path.join(ROOT, 'examples', 'broken.scim.yaml');
  // the example's header names its place in the repository; in the demo workspace it sits at the top
  if (existsSync(broken)) writeFileSync(path.join(ws, 'broken.scim.yaml'), readFileSync(broken, 'utf8').replaceAll('examples/broken.scim.yaml', 'broken.scim.yaml'));
  return ws;
}

/** --check: open the workbench headless, open broken.scim.yaml, wait for squiggles + Problems rows. */
async function checkWorkbench(url, ws) {
  const browser = await launchChromium();
  try {
    const { page } = browser;
    await page.goto(url, { waitUntil: 'domcontentloaded' });
    await page.locator('.explorer-folders-view, .explorer-viewlet').first().waitFor({ timeout: 30_000 });
    await page.locator('.monaco-workbench').focus().catch(() => {});
    await page.keyboard.press('Control+P');
    await page.locator('.quick-input-widget input').fill('broken.scim.yaml');
    await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'broken.scim.yaml' }).first().waitFor();
    await page.keyboard.press('Enter');
    await page.locator('.editor-instance .squiggly-error').first().waitFor({ timeout: 30_000 });
    await page.keyboard.press('Control+Shift+M');
    await page.locator('.markers-panel .monaco-list-row', { hasText: 'scim-provisioning' }).first().waitFor({ timeout: 15_000 });
    const rows = await page.locator('.markers-panel .monaco-list-row').count();
    const shot = path.join(ROOT, 'test-results', 'screenshots', 'start.png');
    mkdirSync(path.dirname(shot), { recursive: true });
    await page.screenshot({ path: shot });
    say(`check OK: ${path.basename(ws)}/broken.scim.yaml shows squiggles and ${rows} Problems rows; screenshot ${path.relative(ROOT, shot)}`);
  } finally {
    await browser.close();
  }
}

try {
  if (process.env.SCIM_START_SKIP_BUILD !== '1') await runStep('npm', ['run', '--silent', 'build'], { cwd: ROOT, what: 'npm run build' });
  await provisionEditor();
  const tenant = await startTenant({ users: 250 });
  const { baseUrl, token: tenantToken } = tenant;
  say(`demo SCIM tenant at ${baseUrl} (250 users, pid ${tenant.pid}) after ${secs()}`);
  const ws = writeDemoWorkspace(baseUrl);
  const install = await extensionInstallOptions({ log: (s) => say(s) });
  const server = await startCodeServer({
    folder: ws, port: Number(process.env.PORT || 8080), quiet: true, ...install,
    onSpawn: (pid) => say(`starting the editor (code-server, pid ${pid})…`),
  });
  const url = `${server.url}/?folder=${encodeURIComponent(ws)}`;
  console.log(`
  SCIM Provisioning demo is running (ready after ${secs()}; extension ${install.vsix ? 'installed from the VSIX' : 'copied from the build'}).

    Open VS Code:     ${url}
    Demo workspace:   ${ws}
    SCIM tenant:      ${baseUrl}
    Demo API token:   ${tenantToken}

  In the editor:
    1. open flosum-demo.scim.yaml (it points at the demo tenant);
    2. run "SCIM: Set API Token" (F1) and paste the token above;
    3. run "SCIM: Test API Credentials", then open the "SCIM Provisioning" view for its users;
    4. above "assignments:", "Reconcile with Tenant" compares the file's people with the tenant's; above each
       person, "Preview Requests" shows what Okta will send, and "SCIM: Simulate Provisioning…"
       sends it for a stand-in user that is removed afterwards.
  entra-demo.scim.yaml is the same tenant provisioned from Microsoft Entra ID (its own walkthrough).
  The walkthrough (F1 "Welcome: Open Walkthrough…", then "Set up SCIM provisioning for Flosum")
  goes through every step and checks them off as they are done.
  broken.scim.yaml shows the diagnostics and quick fixes (its region 'eu' is not a Flosum region,
  so it cannot reach a tenant until that is fixed).

  Press Ctrl+C to stop.
`);
  if (check) {
    await checkWorkbench(url, ws);
    await shutdown(0);
  }
} catch (e) {
  await shutdown(1, e);
}
