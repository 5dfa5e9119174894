import { afterEach, describe, expect, it } from "vitest";
import { type ClusterTiming, type FakeCluster, startFakeCluster } from "../test/kubernetes/fake-api.js";
import { fmt, spread, table, timeAction } from "./measure.js";
import { report } from "./report.js";

const CYCLES = Number(process.env.BENCH_CYCLES ?? 20);
/** The fake cluster's delays, as short as they go without turning its controller loops into busy loops. */
const TIMING = { readyAfterMs: 0, controllerTickMs: 10, endpointsTickMs: 10 } satisfies ClusterTiming;

const BACKENDS = {
  "k8s-service": {
    model: `EndpointSlices follow a Service's selector within ${TIMING.endpointsTickMs} ms in the model`,
    promote: "confirmed promote (patch the selector, endpoints follow), process exit",
    live: (cluster: FakeCluster): string => cluster.get("services", "default", "shop").spec.selector.environment,
    /** The action lists the EndpointSlices until they follow; when the first list is too early, it sleeps 100 ms. */
    poll: { what: "runs that listed the endpoints again (the action's poll waits 100 ms)", path: "/endpointslices?" },
  },
  "openshift-route": {
    model: "a Route write takes effect at once in the model",
    promote: "confirmed promote (patch the Route and the preview Route), process exit",
    live: (cluster: FakeCluster): string => cluster.get("routes", "default", "shop").spec.to.name.replace("shop-", ""),
    poll: undefined,
  },
} as const;

describe.each(Object.keys(BACKENDS) as (keyof typeof BACKENDS)[])("%s backend against the fake API server", (backend) => {
  let cluster: FakeCluster | undefined;
  afterEach(async () => {
    await cluster?.close();
  });

  it("start-up, promote and rollback from process start", async () => {
    const { model, promote: promoteRow, live, poll } = BACKENDS[backend];
    cluster = await startFakeCluster(TIMING);
    cluster.addApp({ app: "shop", images: { blue: "registry.test/shop:v1", green: "registry.test/shop:v0" }, live: "blue", backend });
    await cluster.settle();
    const common = { backend, kubeconfig: cluster.kubeconfig(), app: "shop", image: "registry.test/shop", timeout: "20" };
    let firstRequestAt = 0;
    cluster.onRequest = () => {
      firstRequestAt ||= performance.now();
    };
    const startup: number[] = [];
    const promote: number[] = [];
    const rollback: number[] = [];
    const rss: number[] = [];
    let polledAgain = 0;
    for (let i = 0; i < CYCLES; i++) {
      const version = `v${2 + i}`;
      const prepared = await timeAction({ ...common, mode: "prepare", version }); // not timed
      expect(prepared.code, prepared.stdout).toBe(0);
      for (const mode of ["promote", "rollback"] as const) {
        let t0 = 0;
        firstRequestAt = 0;
        const before = cluster.requests.length;
        const result = await timeAction({ ...common, mode, ...(mode === "promote" ? { version } : {}) }, (t) => {
          t0 = t;
        });
        expect(result.code, result.stdout).toBe(0);
        expect(result.stdout).toMatch(mode === "promote" ? /Production switched/ : /rolled back/);
        expect(live(cluster)).toBe(mode === "promote" ? "green" : "blue");
        (mode === "promote" ? promote : rollback).push(result.totalMs);
        startup.push(firstRequestAt - t0);
        rss.push(result.rssMb);
        if (poll && cluster.requests.slice(before).filter((r) => r.path.includes(poll.path)).length > 1) polledAgain++;
      }
    }
    report(
      table(
        `${backend} backend, local fake API server (${model}): process start to ... (ms, median (min–max))`,
        ["measure", "ms"],
        [
          ["first API request (start-up)", fmt(spread(startup))],
          [promoteRow, fmt(spread(promote))],
          ["confirmed rollback, process exit", fmt(spread(rollback))],
          ["peak RSS of the action process (MB)", fmt(spread(rss), 1)],
          ...(poll ? [[poll.what, `${polledAgain} of ${promote.length + rollback.length}`]] : []),
        ],
      ),
    );
  });
});
