import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ReleaseNotesError, releaseNotes } from "../../scripts/release-notes.ts";
import { ROOT } from "../support/action.js";

const CHANGELOG = `# Changelog

Intro text that belongs to no release.

## [Unreleased]

- Work in progress.

## [1.2.0] - 2026-12-01

### Added

- Feature one.
- Feature two (see [docs](docs/x.md)).

## [1.1.0] - Unreleased

- Not released yet.

## 1.0.1 - 2026-11-30

- A plain heading without brackets.

## [1.0.0] - 2026-11-24

### Fixed

- Last section, before the link references.

[1.2.0]: https://github.com/OWNER/bluegreen/releases/tag/v1.2.0
[1.0.0]: https://github.com/OWNER/bluegreen/releases/tag/v1.0.0
`;

describe("release notes from CHANGELOG.md", () => {
  it("returns one version's section without its heading, up to the next section", () => {
    expect(releaseNotes(CHANGELOG, "1.2.0")).toBe("### Added\n\n- Feature one.\n- Feature two (see [docs](docs/x.md)).\n");
    expect(releaseNotes(CHANGELOG, "v1.2.0")).toBe(releaseNotes(CHANGELOG, "1.2.0"));
    expect(releaseNotes(CHANGELOG, "1.0.1")).toBe("- A plain heading without brackets.\n");
  });

  it("leaves the link references out of the last section", () => {
    expect(releaseNotes(CHANGELOG, "1.0.0")).toBe("### Fixed\n\n- Last section, before the link references.\n");
  });

  it("does not match a version that only starts the same way", () => {
    expect(() => releaseNotes(CHANGELOG, "1.2")).toThrow(ReleaseNotesError);
    expect(() => releaseNotes(CHANGELOG.replace("## [1.2.0]", "## [1.2.0-rc.1]"), "1.2.0")).toThrow(/has no section for 1\.2\.0/);
  });

  it("refuses a missing, undated or empty section with one sentence", () => {
    expect(() => releaseNotes(CHANGELOG, "9.9.9")).toThrow(
      'CHANGELOG.md has no section for 9.9.9: add "## [9.9.9] - YYYY-MM-DD" with its changes.',
    );
    expect(() => releaseNotes(CHANGELOG, "1.1.0")).toThrow(
      `CHANGELOG.md's section for 1.1.0 is not dated (it says "Unreleased"): write "## [1.1.0] - YYYY-MM-DD" before tagging.`,
    );
    expect(() => releaseNotes("## [2.0.0]\n\n- x\n", "2.0.0")).toThrow(/is not dated \(no date\)/);
    expect(() => releaseNotes("## [2.0.0] - 2026-01-01\n\n## [1.0.0] - 2025-01-01\n- x\n", "2.0.0")).toThrow(
      "CHANGELOG.md's section for 2.0.0 is empty: list the release's changes under it.",
    );
  });

  it("runs as a script: notes on stdout, exit 0; a refusal on stderr, exit 1", () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), "bluegreen-notes-")), "CHANGELOG.md");
    writeFileSync(file, CHANGELOG);
    const script = path.join(ROOT, "scripts/release-notes.ts");
    const ok = spawnSync(process.execPath, [script, "v1.2.0", file], { encoding: "utf8" });
    expect({ status: ok.status, stdout: ok.stdout, stderr: ok.stderr }).toEqual({
      status: 0,
      stdout: releaseNotes(CHANGELOG, "1.2.0"),
      stderr: "",
    });
    const refused = spawnSync(process.execPath, [script, "v1.1.0", file], { encoding: "utf8" });
    expect(refused.status).toBe(1);
    expect(refused.stdout).toBe("");
    expect(refused.stderr).toMatch(/^release-notes: .*section for 1\.1\.0 is not dated/);
  });

  it("the repository's CHANGELOG.md has a section for package.json's version", () => {
    const { version } = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { version: string };
    const changelog = readFileSync(path.join(ROOT, "CHANGELOG.md"), "utf8");
    // Dated or still "Unreleased" (dated when the release is cut); either way it has content.
    const dated = changelog.replace(
      new RegExp(`^## \\[${version.replace(/\./g, "\\.")}\\] - Unreleased$`, "m"),
      `## [${version}] - 2000-01-01`,
    );
    expect(releaseNotes(dated, version)).toMatch(/\n### (Added|Changed|Fixed|Removed|Security|Deprecated)\n/);
  });
});
