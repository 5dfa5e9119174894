import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

/**
 * The policy is pure: its files import only each other, the colors, the ledger, the sentence
 * helper (a pure function) and the faces'
 * types (src/backend.ts; no mode, no platform, no backend's folder, no Node.js module), read from
 * each file's import declarations.
 */
const dir = join(import.meta.dirname, "../../src/policy");
const ALLOWED = /^(\.\/[a-z-]+\.js|\.\.\/colors\.js|\.\.\/ledger\.js|\.\.\/backend\.js|\.\.\/sentence\.js)$/;

describe("policy module", () => {
  it("imports nothing but itself, the colors, the ledger and the faces' types", () => {
    const files = readdirSync(dir).filter((f) => f.endsWith(".ts"));
    expect(files.length).toBeGreaterThan(5);
    const imports = files.flatMap((file) =>
      ts.preProcessFile(readFileSync(join(dir, file), "utf8"), true, true).importedFiles.map((i) => `${file}: ${i.fileName}`),
    );
    expect(imports.length).toBeGreaterThan(10);
    expect(imports.filter((line) => !ALLOWED.test(line.split(": ")[1] ?? ""))).toEqual([]);
  });
});
