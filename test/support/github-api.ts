import http from "node:http";
import type { AddressInfo } from "node:net";

export const TOKEN = "ghs_FakeTokenForTheLocalApi0123456789";
/** Commits of the repository the fake API serves; a deployment of any other ref is refused, as GitHub does. */
export const SHA = {
  a: "aaaaaaaaaa0123456789abcdef0123456789abcd",
  b: "bbbbbbbbbb0123456789abcdef0123456789abcd",
  c: "cccccccccc0123456789abcdef0123456789abcd",
};
const STATES = ["error", "failure", "inactive", "in_progress", "queued", "pending", "success"];

export interface Received {
  method: string;
  path: string;
  authorization: string | undefined;
  body: Record<string, unknown>;
}

export interface Status {
  id: number;
  state: string;
  description?: string;
  environment_url?: string;
  log_url?: string;
}

export interface Deployment {
  id: number;
  sha: string;
  ref: string;
  task: string;
  environment: string;
  payload: Record<string, unknown>;
  production_environment: boolean;
  statuses: Status[];
}

/**
 * The GitHub REST endpoints bluegreen uses, on 127.0.0.1, answering the way GitHub documents them:
 * create a deployment (422 "No ref found for" a ref the repository does not have), create a status
 * (422 for a state outside GitHub's list), list an environment's deployments and a deployment's
 * statuses (newest first, `per_page` honoured), 401 for another token.
 */
export async function startGithubApi(options: { failCreate?: boolean } = {}) {
  const received: Received[] = [];
  const deployments: Deployment[] = [];
  /** One-shot faults: the next status POST with this state answers 502. */
  const failNextStatus = new Set<string>();
  let nextId = 100;
  let nextStatusId = 1;
  const server = http.createServer((req, res) => {
    let raw = "";
    req.on("data", (chunk: Buffer) => {
      raw += chunk.toString();
    });
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://api");
      const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
      received.push({ method: req.method ?? "", path: url.pathname, authorization: req.headers.authorization, body });
      const reply = (status: number, data: unknown) => {
        res.writeHead(status, { "content-type": "application/json" });
        res.end(JSON.stringify(data));
      };
      if (req.headers.authorization !== `token ${TOKEN}`) return reply(401, { message: "Bad credentials", status: "401" });
      const perPage = Number(url.searchParams.get("per_page") ?? 30);
      const statuses = /^\/repos\/acme\/shop\/deployments\/(\d+)\/statuses$/.exec(url.pathname);
      if (req.method === "POST" && url.pathname === "/repos/acme/shop/deployments") {
        if (options.failCreate) return reply(500, { message: "Server Error" });
        const ref = String(body.ref ?? "");
        const sha = Object.values(SHA).find((commit) => commit === ref);
        if (!sha) return reply(422, { message: `No ref found for: ${ref}`, status: "422" });
        const environment = String(body.environment ?? "production");
        const deployment: Deployment = {
          id: nextId++,
          sha,
          ref,
          task: String(body.task ?? "deploy"),
          environment,
          payload: (body.payload as Record<string, unknown>) ?? {},
          // GitHub's default: true for "production", false otherwise.
          production_environment: (body.production_environment as boolean | undefined) ?? environment === "production",
          statuses: [],
        };
        deployments.push(deployment);
        const { statuses: _, ...shown } = deployment;
        return reply(201, shown);
      }
      if (req.method === "GET" && url.pathname === "/repos/acme/shop/deployments") {
        const environment = url.searchParams.get("environment");
        const list = deployments.filter((d) => !environment || d.environment === environment).reverse();
        return reply(
          200,
          list.slice(0, perPage).map(({ statuses: _, ...shown }) => shown),
        );
      }
      const deployment = statuses ? deployments.find((d) => d.id === Number(statuses[1])) : undefined;
      if (statuses && !deployment) return reply(404, { message: "Not Found" });
      if (deployment && req.method === "POST") {
        const state = String(body.state);
        if (!STATES.includes(state)) {
          return reply(422, {
            message: "Validation Failed",
            errors: [{ resource: "DeploymentStatus", code: "custom", field: "state", message: "state is not included in the list" }],
          });
        }
        if (failNextStatus.delete(state)) return reply(502, { message: "Server Error" });
        const status: Status = { id: nextStatusId++, state, description: body.description as string | undefined };
        if (typeof body.environment_url === "string") status.environment_url = body.environment_url;
        if (typeof body.log_url === "string") status.log_url = body.log_url;
        deployment.statuses.push(status);
        return reply(201, status);
      }
      if (deployment && req.method === "GET") return reply(200, [...deployment.statuses].reverse().slice(0, perPage));
      reply(404, { message: "Not Found" });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    received,
    deployments,
    failNextStatus,
    /** A deployment made before bluegreen (by hand, or another tool), still active. */
    seed(environment: string): Deployment {
      const deployment: Deployment = {
        id: nextId++,
        sha: SHA.a,
        ref: SHA.a,
        task: "deploy",
        environment,
        payload: {},
        production_environment: false,
        statuses: [{ id: nextStatusId++, state: "success" }],
      };
      deployments.push(deployment);
      return deployment;
    },
    creates: () => received.filter((r) => r.method === "POST" && r.path === "/repos/acme/shop/deployments"),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export type GithubApi = Awaited<ReturnType<typeof startGithubApi>>;
