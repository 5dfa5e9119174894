import { describe, expect, it } from "vitest";
import { percentile } from "../../src/smoke/stats.js";

describe("percentile (nearest rank)", () => {
  it("matches hand-computed ranks", () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 95)).toBe(95);
    expect(percentile(values, 99)).toBe(99);
    expect(percentile(values, 100)).toBe(100);
    expect(percentile([7], 95)).toBe(7);
    expect(percentile([], 95)).toBe(0);
  });
});
