// `npm start`: a local demo of the extension in a real VS Code (code-server) in your browser.
//   1. builds (npm run build) and makes sure the editor is provisioned (scripts/provision-editor.sh);
//   2. starts the demo SCIM tenant (test/support/run-tenant.ts, 250 users, random token);
//   3. writes .cache/demo-workspace/ with flosum-demo.scim.yaml (api.baseUrl → the tenant) and a
//      copy of examples/broken.scim.yaml (so diagnostics show);
//   4. installs the extension (VSIX via `npm run package`, or a copy of the build) into a fresh
//      code-server and serves it on 127.0.0.1:$PORT (default 8080, or a free port if taken).
// Ctrl+C stops everything it started.
//   node scripts/start.mjs --check   start, check in headless Chromium that the workbench shows
//                                    diagnostics (screenshot test-results/screenshots/start.png), stop.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT, extensionInstallOptions, launchChromium, provisionEditor, startCodeServer, startTenant } from './code-server.mjs';

const t0 = Date.now();
const check = process.argv.includes('--check');
const say = (s) => console.log(`[start] ${s}`);
const secs = () => `${((Date.now() - t0) / 1000).toFixed(1)} s`;
let server;
let tenant;
let stopping = false;

async function stopAll(code) {
  if (stopping) return;
  stopping = true;
  say('stopping…');
  await server?.stop().catch(() => {});
  await tenant?.stop().catch(() => {});
  say('stopped.');
  process.exit(code);
}
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => void stopAll(0));

function run(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) { console.error(`[start] \`${cmd} ${args.join(' ')}\` failed (exit ${r.status})`); process.exit(1); }
}

function writeDemoWorkspace(baseUrl) {
  const ws = path.join(ROOT, '.cache', 'demo-workspace');
  rmSync(ws, { recursive: true, force: true });
  mkdirSync(ws, { recursive: true });
  const example = path.join(ROOT, 'examples', 'flosum-us.scim.yaml');
  const text = readFileSync(example, 'utf8')
    .replace(/^ {2}region: us\b.*$/m, `  baseUrl: ${baseUrl}   # the local demo tenant (npm start)`)
    .replace(/^ {2}tokenRef: .*$/m, '  tokenRef: flosum-demo        # run "SCIM: Set API Token" and paste the demo token')
    .replace(/^# SCIM provisioning for Flosum \(US region\).*$/m, '# Demo: Flosum-style SCIM tenant running locally (npm start).');
  if (!text.includes(baseUrl)) throw new Error(`examples/flosum-us.scim.yaml no longer has '  region: us' to point at the demo tenant`);
  writeFileSync(path.join(ws, 'flosum-demo.scim.yaml'), text);
  const broken = path.join(ROOT, 'examples', 'broken.scim.yaml');
  if (existsSync(broken)) copyFileSync(broken, path.join(ws, 'broken.scim.yaml'));
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
  if (process.env.SCIM_START_SKIP_BUILD !== '1') run('npm', ['run', '--silent', 'build']);
  provisionEditor();
  tenant = await startTenant({ users: 250 });
  const { baseUrl, token: tenantToken } = tenant;
  say(`demo SCIM tenant at ${baseUrl} (250 users) after ${secs()}`);
  const ws = writeDemoWorkspace(baseUrl);
  const install = extensionInstallOptions({ log: (s) => say(s) });
  server = await startCodeServer({ folder: ws, port: Number(process.env.PORT || 8080), quiet: true, ...install });
  server.exited.then((c) => { if (!stopping) { console.error(`[start] code-server exited (${c})`); void stopAll(1); } });
  const url = `${server.url}/?folder=${encodeURIComponent(ws)}`;
  console.log(`
  SCIM Provisioning demo is running (ready after ${secs()}; extension ${install.vsix ? 'installed from the VSIX' : 'copied from the build'}).

    Open VS Code:     ${url}
    Demo workspace:   ${ws}
    SCIM tenant:      ${baseUrl}
    Demo API token:   ${tenantToken}

  In the editor: run "SCIM: Set API Token" (F1) and paste the token above, then
  "SCIM: Test API Credentials" and open the "SCIM Provisioning" view for its users.
  broken.scim.yaml shows the diagnostics and quick fixes.

  Press Ctrl+C to stop.
`);
  if (check) {
    await checkWorkbench(url, ws);
    await stopAll(0);
  }
} catch (e) {
  console.error(`[start] ${e?.stack ?? e}`);
  await stopAll(1);
}
