import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeLedger, encodeLedger } from "../../src/ledger.js";
import { type ActionRun, runAction } from "../support/action.js";
import { type FakeCluster, type K8sObject, startFakeCluster } from "./fake-api.js";

type Backend = "k8s-service" | "openshift-route";
type Mode = "promote" | "rollback";

interface Scenario {
  backend: Backend;
  mode: Mode;
  steps?: string;
}

/**
 * Crash consistency: `kill -9` of the bundled action at every API request of a promote or a
 * rollback (the request reached the API server, which handles it; the run never sees the answer),
 * then a re-run of the same mode. The re-run must finish the job and say so truthfully: production
 * on one color (the one the mode targets), the record on the router agreeing, the preview Route on
 * the other color, and the re-run's outputs naming what the router shows.
 */
describe("Kubernetes and OpenShift runs killed at every API request, then run again", () => {
  let cluster: FakeCluster;
  let apps = 0;

  beforeAll(async () => {
    cluster = await startFakeCluster();
  });
  afterAll(async () => {
    await cluster?.close();
  });

  /** A fresh app in the state the mode starts from: v2 prepared on green (promote), or promoted to green (rollback). */
  async function freshApp(scenario: Scenario): Promise<{ app: string; inputs: Record<string, string> }> {
    const app = `crash${++apps}`;
    const live = scenario.mode === "promote" ? "blue" : "green";
    const ledger =
      scenario.mode === "promote"
        ? { versions: { blue: "v1", green: "v2" }, pending: "green" as const, live: "blue" as const }
        : {
            versions: { blue: "v1", green: "v2" },
            live: "green" as const,
            previous: "blue" as const,
            lastAction: "promote" as const,
            at: "2026-01-01T00:00:00.000Z",
          };
    cluster.addApp({
      app,
      images: { blue: `registry.test/${app}:v1`, green: `registry.test/${app}:v2` },
      live,
      backend: scenario.backend,
      replicas: 1,
      annotations: { "bluegreen.io/ledger": encodeLedger(ledger) },
    });
    await cluster.settle();
    const production = `${cluster.ingressUrl}/${scenario.backend === "k8s-service" ? "svc" : "route"}/default/${app}`;
    const inputs: Record<string, string> = {
      backend: scenario.backend,
      kubeconfig: cluster.kubeconfig(),
      app,
      image: `registry.test/${app}`,
      mode: scenario.mode,
      timeout: "20",
      "verify-url": production,
      "version-path": "/version",
    };
    if (scenario.mode === "promote") inputs.version = "v2";
    if (scenario.steps) Object.assign(inputs, { "traffic-steps": scenario.steps, "step-wait": "0" });
    return { app, inputs };
  }

  /** Where the router sends production, and whether that is one color only. */
  function routing(backend: Backend, app: string): { color: string | undefined; whole: boolean; ledger: K8sObject; preview?: string } {
    if (backend === "k8s-service") {
      const service = cluster.get("services", "default", app);
      return {
        color: service.spec.selector.environment,
        whole: true,
        ledger: decodeLedger(service.metadata.annotations?.["bluegreen.io/ledger"]),
      };
    }
    const route = cluster.get("routes", "default", app);
    const split = (route.spec.alternateBackends ?? []).some((b: K8sObject) => (b.weight ?? 100) > 0);
    return {
      color: /-(blue|green)$/.exec(route.spec.to.name)?.[1],
      whole: !split && (route.spec.to.weight ?? 100) > 0,
      ledger: decodeLedger(route.metadata.annotations?.["bluegreen.io/ledger"]),
      preview: /-(blue|green)$/.exec(cluster.get("routes", "default", `${app}-preview`).spec.to.name)?.[1],
    };
  }

  function describeRun(run: ActionRun): string {
    const lines = run.stdout
      .split("\n")
      .filter((l) => l.startsWith("::error::") || l.startsWith("::warning::") || /outcome|Production/.test(l));
    return `exit ${run.code}; outputs ${JSON.stringify(run.outputs)}\n${lines.join("\n")}`;
  }

  async function checkEveryKill(scenario: Scenario): Promise<void> {
    // An uninterrupted run first, to count the API requests to kill at.
    const clean = await freshApp(scenario);
    const from = cluster.requests.length;
    const reference = await runAction(clean.inputs);
    expect(reference.code, describeRun(reference)).toBe(0);
    const requests = cluster.requests.slice(from);
    const total = requests.length;
    // A kill before the first write leaves the router as it was: one such point stands for all of them.
    const firstWrite = requests.findIndex((r) => r.method === "PATCH");
    expect(firstWrite).toBeGreaterThan(0);
    const points = [0, ...Array.from({ length: total - firstWrite }, (_, i) => firstWrite + i)];
    const target = scenario.mode === "promote" ? "green" : "blue";
    const other = target === "green" ? "blue" : "green";

    const problems: string[] = [];
    let kills = 0;
    for (const n of points) {
      const { app, inputs } = await freshApp(scenario);
      const start = cluster.requests.length;
      let killedAt = "";
      cluster.killWhen({
        match: (request, index) => {
          if (index - start !== n) return false;
          killedAt = `${request.method} ${request.path}`;
          return true;
        },
      });
      const killed = await runAction(inputs);
      cluster.clearFaults();
      if (killed.code !== 137 && killed.code !== -1) {
        // The number of polls varies from run to run: a run that ended before request n is done.
        if (killed.code === 0 && cluster.requests.length - start <= n) break;
        problems.push(`kill at request ${n}: the run was not killed (exit ${killed.code})`);
        continue;
      }
      kills++;
      await cluster.settle();
      const again = await runAction(inputs);
      await cluster.settle();
      const seen = routing(scenario.backend, app);
      const where = `kill at request ${n} (${killedAt}), then re-run: ${describeRun(again)}\nrouter: ${JSON.stringify(seen)}`;
      if (again.code !== 0) problems.push(`${where}\n  -> the re-run failed`);
      if (seen.color !== target || !seen.whole) problems.push(`${where}\n  -> production is not wholly on ${target}`);
      if (seen.ledger.live !== seen.color) problems.push(`${where}\n  -> the record says live ${seen.ledger.live}`);
      if (seen.ledger.pending !== undefined) problems.push(`${where}\n  -> the record still has ${seen.ledger.pending} pending`);
      if (again.outputs["active-color"] !== seen.color) problems.push(`${where}\n  -> active-color is not what the router shows`);
      if (seen.preview !== undefined && seen.preview !== other) problems.push(`${where}\n  -> the preview Route goes to ${seen.preview}`);
      const served = await (await fetch(`${inputs["verify-url"]}/version`)).text();
      if (served.trim() !== (target === "green" ? "v2" : "v1")) problems.push(`${where}\n  -> production serves ${served.trim()}`);
    }
    expect(problems, problems.join("\n\n")).toEqual([]);
    // Every write of the uninterrupted run was a kill point (the polls after it vary in number).
    expect(kills).toBeGreaterThan(requests.filter((r) => r.method === "PATCH").length);
  }

  it("k8s-service promote", async () => {
    await checkEveryKill({ backend: "k8s-service", mode: "promote" });
  }, 300_000);

  it("k8s-service rollback", async () => {
    await checkEveryKill({ backend: "k8s-service", mode: "rollback" });
  }, 300_000);

  it("openshift-route promote with traffic-steps", async () => {
    await checkEveryKill({ backend: "openshift-route", mode: "promote", steps: "10,50,100" });
  }, 300_000);

  it("openshift-route rollback", async () => {
    await checkEveryKill({ backend: "openshift-route", mode: "rollback" });
  }, 300_000);
});
