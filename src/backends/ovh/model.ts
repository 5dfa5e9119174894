/**
 * The few IPLB API objects bluegreen reads, as OVH's schema (ipLoadbalancing.json) names them.
 * Only the fields used here; the API returns more.
 */

/** ipLoadbalancing.frontendHttp.FrontendHttp (the TCP and UDP frontends have the same fields used here). */
export interface Frontend {
  frontendId: number;
  /** "80", "443", "80,443" or "8000-8010": a string in the API. */
  port: string;
  defaultFarmId?: number | null;
  displayName?: string | null;
  disabled?: boolean;
  zone?: string;
}

/** ipLoadbalancing.ServerState: one entry per Load Balancer instance that checks the server. */
export interface ServerState {
  instanceId?: number;
  status?: string;
  checkStatus?: string;
  checkCode?: string;
}

/** ipLoadbalancing.backendHttpCustomerServer.BackendHTTPServer (UDP servers have no serverState or probe). */
export interface FarmServer {
  serverId: number;
  address: string;
  port?: number | null;
  /** "active" or "inactive" (ipLoadbalancing.BackendCustomerServerStatusEnum). */
  status: string;
  probe?: boolean;
  /** The Load Balancer speaks TLS to the server (HTTP farms). */
  ssl?: boolean;
  displayName?: string | null;
  serverState?: ServerState[];
}

/** ipLoadbalancing.backendHttp.BackendHttp (farm). */
export interface Farm {
  farmId: number;
  port?: number | null;
  displayName?: string | null;
}

export const TASK_STATUSES = ["todo", "doing", "done", "error", "cancelled", "blocked"] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

/** ipLoadbalancing.Task.Task */
export interface Task {
  id: number;
  action: string;
  status: TaskStatus;
  progress?: number;
  creationDate?: string;
  doneDate?: string | null;
}

/** ipLoadbalancing.PendingChanges: configuration changes not yet applied by a refresh, per zone. */
export interface PendingChanges {
  number: number;
  zone: string;
}

/** ipLoadbalancing.Ip: the Load Balancer service itself (only the fields used here). */
export interface IplbService {
  serviceName: string;
  /** "for you" in OVH's words; bluegreen keeps its lock (lease) here, after your own name. */
  displayName?: string | null;
  /** ok, suspended, quarantined... (ipLoadbalancing.IpStateEnum). */
  state?: string;
}
