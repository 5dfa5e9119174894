import { describe, expect, it } from "vitest";
import { cyclesOf, importedSpecifiers, importGraph } from "../support/import-graph.js";

/** The layering of src/: no cycles, and backends never reach into the modes that call them. */
describe("the import graph of src/", () => {
  const graph = importGraph();

  it("is read from the syntax tree: static, type-only, export-from and dynamic imports all count", () => {
    const text = [
      'import { a } from "./a.js";',
      'import type { B } from "../b.js";',
      'export { c } from "./c.js";',
      'const d = await import("./d.js");',
      'let e: import("./e.js").E;',
      'import fs from "node:fs";',
      '// import { x } from "./commented.js";',
    ].join("\n");
    expect(importedSpecifiers("x.ts", text)).toEqual(["./a.js", "../b.js", "./c.js", "./d.js", "./e.js"]);
    expect(graph.get("main.ts")).toContain("backends/create.ts");
    expect(graph.size).toBeGreaterThan(50);
  });

  it("finds a cycle when there is one", () => {
    const looped = new Map([
      ["a.ts", ["b.ts"]],
      ["b.ts", ["c.ts"]],
      ["c.ts", ["a.ts"]],
      ["d.ts", ["a.ts"]],
    ]);
    expect(cyclesOf(looped)).toEqual([["a.ts", "b.ts", "c.ts", "a.ts"]]);
    expect(cyclesOf(new Map([["a.ts", ["b.ts"]]]))).toEqual([]);
  });

  it("has no import cycles", () => {
    expect(cyclesOf(graph).map((cycle) => cycle.join(" -> "))).toEqual([]);
  });

  it("keeps backends independent of the modes: nothing in src/backends/ imports from src/modes/", () => {
    const offending = [...graph]
      .filter(([file]) => file.startsWith("backends/"))
      .flatMap(([file, targets]) => targets.filter((target) => target.startsWith("modes/")).map((target) => `${file} -> ${target}`));
    expect(offending).toEqual([]);
  });
});
