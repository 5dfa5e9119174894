// The CI examples that run bluegreen through npx pin the package to the release they ship in
// (docs/examples/azure-pipelines/, docs/examples/jenkins/): `npm run generate` writes package.json's
// version into every `@bluegreen-deploy/bluegreen@<version>` of those files, so a release cannot ship
// examples that run an older one (test/ci-examples.test.ts checks the pin too).
import { readdirSync } from "node:fs";
import path from "node:path";
import { releasePackage } from "./gitlab-template.ts";

export const PINNED_EXAMPLE_DIRS = ["docs/examples/azure-pipelines", "docs/examples/jenkins"];

/** The example files that pin the CLI, relative to the repository. */
export function pinnedExamples(root: string): string[] {
  return PINNED_EXAMPLE_DIRS.flatMap((dir) =>
    readdirSync(path.join(root, dir))
      .sort()
      .map((file) => `${dir}/${file}`),
  );
}

/** `current` with every pin of the package at this release. */
export function renderPins(current: string, release = releasePackage()): string {
  const escaped = release.name.replace(/[/@.-]/g, (c) => `\\${c}`);
  return current.replace(new RegExp(`(${escaped}@)\\d+\\.\\d+\\.\\d+(?:-[0-9A-Za-z.-]+)?`, "g"), `$1${release.version}`);
}
