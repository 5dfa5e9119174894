import type { ApplyOptions, PlanLine, RouteChange, RouterState } from "../../backend.js";

/** The part that differs between k8s-service and openshift-route: how production is routed. */
export interface TrafficRouter {
  read(): Promise<RouterState>;
  describe(change: RouteChange, state: RouterState, options?: ApplyOptions): PlanLine[];
  apply(change: RouteChange, state: RouterState, options?: ApplyOptions): Promise<void>;
}
