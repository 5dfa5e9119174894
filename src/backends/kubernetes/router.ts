import type { PlanLine, RouteChange, RouterState, StepCheck } from "../../backend.js";

export interface ApplyOptions {
  /**
   * Gradual shift (openshift-route, k8s-gateway): percentages of traffic on the new color, e.g. [10, 50, 100].
   * After each step but the last, onStep runs; if it throws, the router returns all traffic
   * to the old color and rethrows.
   */
  steps?: number[];
  onStep?: StepCheck;
}

/** The part that differs between k8s-service, openshift-route and k8s-gateway: how production is routed. */
export interface TrafficRouter {
  read(): Promise<RouterState>;
  describe(change: RouteChange, state: RouterState, options?: ApplyOptions): PlanLine[];
  apply(change: RouteChange, state: RouterState, options?: ApplyOptions): Promise<void>;
}
