// A bundle next to the running one (dist/idp-entra.js beside dist/extension.js), required at run time.
// The path is a value, so esbuild leaves that bundle out of the one that asks for it.
export function requireSibling(file: string): unknown {
  const path = `./${file}`;
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a runtime load of a sibling bundle, on purpose
  return require(path);
}
