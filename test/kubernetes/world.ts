import { afterAll, beforeAll } from "vitest";
import { type FakeCluster, startFakeCluster } from "./fake-api.js";

/** A fake cluster holding one blue-green app (blue live, v1; green v0), and the inputs that reach it. */
export interface ClusterWorld {
  cluster: FakeCluster;
  inputs: Record<string, string>;
  /** The app's production URL through the fake ingress. */
  production: string;
}

/** Starts the world before the file's tests and stops it after; read its fields inside tests. */
export function useFakeCluster(app: string, backend: "k8s-service" | "openshift-route" | "k8s-gateway"): ClusterWorld {
  const world = {} as ClusterWorld;
  beforeAll(async () => {
    world.cluster = await startFakeCluster();
    world.cluster.addApp({ app, images: { blue: `registry.test/${app}:v1`, green: `registry.test/${app}:v0` }, live: "blue", backend });
    await world.cluster.settle();
    world.inputs = { backend, kubeconfig: world.cluster.kubeconfig(), app, image: `registry.test/${app}`, timeout: "20" };
    const entry = { "k8s-service": "svc", "openshift-route": "route", "k8s-gateway": "httproute" }[backend];
    world.production = `${world.cluster.ingressUrl}/${entry}/default/${app}`;
  });
  afterAll(async () => {
    await world.cluster?.close();
  });
  return world;
}
