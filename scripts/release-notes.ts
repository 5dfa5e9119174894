// Prints the release notes of one version: its section of CHANGELOG.md (Keep a Changelog style),
// without the heading. The release workflow passes them to `gh release create --notes-file`.
//   node scripts/release-notes.ts 1.2.3 [CHANGELOG.md] > notes.md
// Refuses, with one sentence and exit code 1, a version that has no section, an undated section
// ("Unreleased": the date is written when releasing) or an empty one: a release never goes out with
// notes that are missing or belong to another version.
import { readFileSync } from "node:fs";

export class ReleaseNotesError extends Error {}

const HEADING = /^## +\[?([^\]\s]+)\]?(?:\s+-\s+(.*?))?\s*$/;
const LINK_REFERENCE = /^\[[^\]]+\]:\s+\S+/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function releaseNotes(changelog: string, requested: string, file = "CHANGELOG.md"): string {
  const version = requested.replace(/^v/, "");
  const lines = changelog.split(/\r?\n/);
  const start = lines.findIndex((line) => HEADING.exec(line)?.[1] === version);
  if (start < 0) throw new ReleaseNotesError(`${file} has no section for ${version}: add "## [${version}] - YYYY-MM-DD" with its changes.`);
  const date = HEADING.exec(lines[start] as string)?.[2]?.trim() ?? "";
  if (!DATE.test(date)) {
    throw new ReleaseNotesError(
      `${file}'s section for ${version} is not dated (${date ? `it says "${date}"` : "no date"}): write "## [${version}] - YYYY-MM-DD" before tagging.`,
    );
  }
  const end = lines.findIndex((line, i) => i > start && line.startsWith("## "));
  const body = lines
    .slice(start + 1, end < 0 ? undefined : end)
    .filter((line) => !LINK_REFERENCE.test(line))
    .join("\n")
    .trim();
  if (body === "") throw new ReleaseNotesError(`${file}'s section for ${version} is empty: list the release's changes under it.`);
  return `${body}\n`;
}

if (import.meta.main) {
  const [version, file = "CHANGELOG.md"] = process.argv.slice(2);
  if (!version) {
    console.error("usage: node scripts/release-notes.ts <version> [CHANGELOG.md]");
    process.exit(2);
  }
  try {
    process.stdout.write(releaseNotes(readFileSync(file, "utf8"), version, file));
  } catch (error) {
    if (!(error instanceof ReleaseNotesError)) throw error;
    console.error(`release-notes: ${error.message}`);
    process.exit(1);
  }
}
