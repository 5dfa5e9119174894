import { describe, expect, it } from "vitest";
import { staleFiles, targets } from "../scripts/generate.ts";

// Like check-dist for dist/: every file generated from the backend descriptors and the common
// inputs must be what the generator writes today, so a descriptor edit cannot leave the public
// contract (action.yml, the GitLab template, the docs' tables) behind.
describe("files generated from the backend descriptors", () => {
  it("cover action.yml, both GitLab templates, README, the pipelines page, every backend's docs page and the CI examples' release pins", () => {
    const files = targets().map((target) => target.file);
    for (const file of [
      "action.yml",
      "templates/blue-green.yml",
      "templates/gitlab-ci.yml",
      "README.md",
      "docs/pipelines.md",
      "docs/haproxy.md",
      "docs/ovh.md",
      "docs/examples/azure-pipelines/azure-pipelines.yml",
      "docs/examples/jenkins/Jenkinsfile",
    ]) {
      expect(files).toContain(file);
    }
  });

  it("are fresh (run `npm run generate` after changing a descriptor)", () => {
    expect(staleFiles().map((stale) => stale.file)).toEqual([]);
  });
});
