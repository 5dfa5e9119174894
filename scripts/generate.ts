// Writes every file generated from the backend descriptors and the common inputs (src/backends/*/
// descriptor*.ts, src/common-inputs.ts): action.yml's inputs, the GitLab component's inputs and
// their hand-over to the CLI, the docs' input tables, the package's description. Hand-written
// prose around them stays hand-written; test/generated.test.ts fails when a file is stale.
//   npm run generate            rewrite the files
//   npm run generate -- --check exit 1 naming the stale files
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { renderAction, titles } from "./generate/action-yml.ts";
import { backendPages, renderBackendPage, renderPipelines, renderReadme } from "./generate/docs.ts";
import { renderClassicTemplate, renderTemplate } from "./generate/gitlab-template.ts";
import { pinnedExamples, renderPins } from "./generate/release-pins.ts";

export const ROOT = path.resolve(import.meta.dirname, "..");

export interface Target {
  file: string;
  render: (current: string) => string;
}

function renderPackage(current: string): string {
  const pkg = JSON.parse(current) as { description: string };
  pkg.description = `Blue-green deployments end to end: ${titles("and")}.`;
  return `${JSON.stringify(pkg, null, 2)}\n`;
}

export function targets(): Target[] {
  return [
    { file: "action.yml", render: renderAction },
    { file: "templates/blue-green.yml", render: renderTemplate },
    // Generated whole from the component as the descriptors render it now (its second dialect).
    {
      file: "templates/gitlab-ci.yml",
      render: () => renderClassicTemplate(renderTemplate(readFileSync(path.join(ROOT, "templates/blue-green.yml"), "utf8"))),
    },
    { file: "README.md", render: renderReadme },
    { file: "docs/pipelines.md", render: renderPipelines },
    ...backendPages().map((page) => ({ file: page, render: (current: string) => renderBackendPage(page, current) })),
    { file: "package.json", render: renderPackage },
    ...pinnedExamples(ROOT).map((file) => ({ file, render: (current: string) => renderPins(current) })),
  ];
}

/** The files whose content differs from what the descriptors say, with their fresh content. */
export function staleFiles(root = ROOT): { file: string; fresh: string }[] {
  const stale: { file: string; fresh: string }[] = [];
  for (const target of targets()) {
    // A wholly generated file may not exist yet: it is then stale.
    const file = path.join(root, target.file);
    const current = existsSync(file) ? readFileSync(file, "utf8") : "";
    const fresh = target.render(current);
    if (fresh !== current) stale.push({ file: target.file, fresh });
  }
  return stale;
}

if (import.meta.main) {
  const stale = staleFiles();
  if (process.argv.includes("--check")) {
    if (stale.length > 0) {
      console.error(`Stale generated files: ${stale.map((s) => s.file).join(", ")}. Run "npm run generate".`);
      process.exit(1);
    }
    console.log("Generated files match the backend descriptors.");
  } else {
    for (const { file, fresh } of stale) writeFileSync(path.join(ROOT, file), fresh);
    console.log(stale.length ? `Rewrote ${stale.map((s) => s.file).join(", ")}.` : "Generated files were up to date.");
  }
}
