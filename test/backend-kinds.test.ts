import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { BACKEND_KINDS } from "../src/backends/registry.js";

const ROOT = path.resolve(import.meta.dirname, "..");
const SRC = path.join(ROOT, "src");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith(".ts") ? [full] : [];
  });
}

/** Every string literal (plain, or a template without substitutions) in a file that is exactly one of `names`. */
function literalsNamed(file: string, text: string, names: readonly string[]): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if ((ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) && names.includes(node.text)) {
      const { line } = source.getLineAndCharacterOfPosition(node.getStart());
      found.push(`${path.relative(ROOT, file)}:${line + 1} "${node.text}"`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

// A backend's facts live in its folder: code elsewhere asks its descriptor (capabilities, inputs,
// credentials, Node.js needs), never for a backend by name, so a new backend needs no edit there.
describe("backend kinds outside src/backends/", () => {
  it("are never written as literals: code asks the descriptors instead", () => {
    const outside = sourceFiles(SRC).filter((file) => !file.startsWith(path.join(SRC, "backends") + path.sep));
    expect(outside.length).toBeGreaterThan(20);
    const literals = outside.flatMap((file) => literalsNamed(file, readFileSync(file, "utf8"), BACKEND_KINDS));
    expect(literals).toEqual([]);
  });

  it("would be found, in any literal form, by the syntax-tree check itself", () => {
    const sample = [
      'if (kind === "haproxy") {}',
      "const list = [`k8s-gateway`];",
      'switch (x) { case "ipLoadbalancing": break; }',
      '// "openshift-route" in a comment is prose',
      'const text = "haproxy: the map";',
    ].join("\n");
    expect(literalsNamed(path.join(SRC, "sample.ts"), sample, BACKEND_KINDS).map((hit) => hit.replace(/^.*:(\d+) /, "$1 "))).toEqual([
      '1 "haproxy"',
      '2 "k8s-gateway"',
      '3 "ipLoadbalancing"',
    ]);
  });
});
