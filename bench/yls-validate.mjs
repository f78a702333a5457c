// The peer of `scim-provisioning validate FILE` for the CLI benchmark: a fresh Node process that loads
// yaml-language-server, configures it with the project's schema and runs doValidation on one file,
// printing `file:line:col: message` per diagnostic (exit 1 when there is any). What a CI step built on
// yaml-language-server would do.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { getLanguageService } from 'yaml-language-server';
import { TextDocument } from 'vscode-languageserver-textdocument';

const file = process.argv[2];
const schema = JSON.parse(readFileSync(new URL('../schemas/provisioning-config.schema.json', import.meta.url), 'utf8'));
const uri = 'file:///bench/provisioning-config.schema.json';
const ls = getLanguageService({
  schemaRequestService: async (u) => { if (u === uri) return JSON.stringify(schema); throw new Error(`no schema ${u}`); },
  workspaceContext: { resolveRelativePath: (rel, res) => new URL(rel, res).toString() },
});
ls.configure({ validate: true, completion: false, hover: false, format: false, schemas: [{ uri, fileMatch: ['*.scim.yaml'], schema }] });
// (yaml-language-server matches `fileMatch` against the whole URI: a file under a dot-folder is not matched.)
const doc = TextDocument.create(pathToFileURL(resolve(file)).href, 'yaml', 1, readFileSync(file, 'utf8'));
const diagnostics = await ls.doValidation(doc, false);
for (const d of diagnostics) process.stdout.write(`${file}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${d.message}\n`);
process.exitCode = diagnostics.length ? 1 : 0;
