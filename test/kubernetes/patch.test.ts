import { describe, expect, it } from "vitest";
import { mergePatch, strategicMergePatch } from "./patch.js";

// The fake API server is only as good as its patches: check them against the documented semantics.
describe("the fake API server's patches", () => {
  const deployment = {
    metadata: { annotations: { a: "1", b: "2" } },
    spec: {
      replicas: 2,
      template: {
        spec: {
          containers: [
            { name: "web", image: "x:1" },
            { name: "proxy", image: "envoy:1" },
          ],
        },
      },
    },
  };

  it("merge patch (RFC 7386): objects merge, null removes, lists replace", () => {
    expect(mergePatch(deployment, { metadata: { annotations: { a: null, c: "3" } }, spec: { replicas: 1 } })).toEqual({
      metadata: { annotations: { b: "2", c: "3" } },
      spec: { replicas: 1, template: deployment.spec.template },
    });
    expect(mergePatch(deployment, { spec: { template: { spec: { containers: [{ name: "web", image: "x:2" }] } } } })).toMatchObject({
      spec: { template: { spec: { containers: [{ name: "web", image: "x:2" }] } } },
    });
  });

  it("strategic merge patch: containers merge by name, $patch: delete removes one", () => {
    expect(
      strategicMergePatch(deployment, { spec: { template: { spec: { containers: [{ name: "web", image: "x:2" }] } } } }),
    ).toMatchObject({
      spec: {
        template: {
          spec: {
            containers: [
              { name: "web", image: "x:2" },
              { name: "proxy", image: "envoy:1" },
            ],
          },
        },
      },
    });
    expect(
      strategicMergePatch(deployment, { spec: { template: { spec: { containers: [{ name: "proxy", $patch: "delete" }] } } } }),
    ).toMatchObject({
      spec: { template: { spec: { containers: [{ name: "web", image: "x:1" }] } } },
    });
  });
});
