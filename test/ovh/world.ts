import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { type ActionRun, ROOT, runAction } from "../support/action.js";
import { type App, startApp } from "../support/apps.js";
import { type FakeOvhApi, type FakeSetup, startFakeOvh } from "./fake-api.js";

/** Credentials of the fake API; the tests prove none of the secret ones is ever printed. */
export const CREDENTIALS = {
  appKey: "bgAppKey7Hq2",
  appSecret: "bgAppSecret-9fK2mQ7xW4zL1pR8",
  consumerKey: "bgConsumerKey-3vN6tY0sB5eJ2uA7",
  clientId: "bg-client-id-42",
  clientSecret: "bgClientSecret-8dG4hJ1kM6nP0qS3",
};
export const SECRETS = [CREDENTIALS.appSecret, CREDENTIALS.consumerKey, CREDENTIALS.clientSecret];

export const SERVICE = "loadbalancer-bluegreen-test";
/** Production frontends 1 (port 80) and 2 (port 443); preview frontends 3 (8080) and 4 (8443). */
export const FRONTENDS = { www80: 1, www443: 2, preview80: 3, preview443: 4 };
export const FARMS = { blue: [11, 12], green: [21, 22] };
export const DEPLOY = path.join(ROOT, "test/ovh/record-deploy.mjs");

/** One Load Balancer with two ports, four app servers (one per farm) and the fake API in front. */
export interface World {
  fake: FakeOvhApi;
  apps: { blue80: App; blue443: App; green80: App; green443: App };
  /** Inputs every run shares: the fake endpoint, the service, frontends and farms. */
  inputs: Record<string, string>;
  /** Environment for the action: trusts the fake's certificate. */
  env: Record<string, string>;
  /** Every run's output, for the no-secret check. */
  runs: ActionRun[];
  run(inputs: Record<string, string>, env?: Record<string, string>): Promise<ActionRun>;
  dir: string;
  close(): Promise<void>;
}

export async function startWorld(overrides: Partial<FakeSetup> = {}): Promise<World> {
  const apps = {
    blue80: await startApp("blue", "v1"),
    blue443: await startApp("blue", "v1"),
    green80: await startApp("green", "v0"),
    green443: await startApp("green", "v0"),
  };
  const server = (serverId: number, app: App) => ({ serverId, address: "127.0.0.1", port: app.port });
  const fake = await startFakeOvh({
    service: SERVICE,
    ...CREDENTIALS,
    // The API's clock is two minutes ahead: signatures only pass if the client learnt it from /auth/time.
    clockSkewSeconds: 120,
    frontends: [
      { frontendId: FRONTENDS.www80, port: "80", defaultFarmId: 11, displayName: "www" },
      { frontendId: FRONTENDS.www443, port: "443", defaultFarmId: 12, displayName: "www-tls" },
      { frontendId: FRONTENDS.preview80, port: "8080", defaultFarmId: null, displayName: "preview" },
      { frontendId: FRONTENDS.preview443, port: "8443", defaultFarmId: null },
    ],
    farms: [
      { farmId: 11, port: 80, servers: [server(101, apps.blue80)] },
      { farmId: 12, port: 443, servers: [server(102, apps.blue443)] },
      { farmId: 21, port: 80, servers: [server(201, apps.green80)] },
      { farmId: 22, port: 443, servers: [server(202, apps.green443)] },
    ],
    ...overrides,
  });
  const world: World = {
    fake,
    apps,
    dir: mkdtempSync(path.join(tmpdir(), "bluegreen-ovh-test-")),
    inputs: {
      backend: "ipLoadbalancing",
      "ovh-endpoint": fake.url,
      "ovh-service": SERVICE,
      "ovh-frontends": `${FRONTENDS.www80},${FRONTENDS.www443}`,
      "ovh-preview-frontends": `${FRONTENDS.preview80},${FRONTENDS.preview443}`,
      "ovh-blue-farms": FARMS.blue.join(","),
      "ovh-green-farms": FARMS.green.join(","),
      // The test apps are started with their versions: prepare has nothing to install.
      "deploy-command": "none",
      timeout: "20",
    },
    env: { NODE_EXTRA_CA_CERTS: fake.caFile },
    runs: [],
    async run(inputs, env = {}) {
      const result = await runAction({ ...world.inputs, ...inputs }, { ...world.env, ...env });
      world.runs.push(result);
      return result;
    },
    async close() {
      await fake.stop();
      await Promise.all(Object.values(apps).map((app) => app.close()));
    },
  };
  return world;
}

/** The three API keys as inputs. */
export const KEY_INPUTS = {
  "ovh-application-key": CREDENTIALS.appKey,
  "ovh-application-secret": CREDENTIALS.appSecret,
  "ovh-consumer-key": CREDENTIALS.consumerKey,
};

/** The same keys through the environment variables OVH's tools use. */
export const KEY_ENV = {
  OVH_APPLICATION_KEY: CREDENTIALS.appKey,
  OVH_APPLICATION_SECRET: CREDENTIALS.appSecret,
  OVH_CONSUMER_KEY: CREDENTIALS.consumerKey,
};

export async function body(url: string, pathname: string): Promise<string> {
  const response = await fetch(`${url}${pathname}`);
  return (await response.text()).trim();
}

/**
 * Everything a run shows: stdout, stderr, the job summary and the outputs. `::add-mask::` lines are
 * left out: they are the runner's masking commands, which the runner consumes and never displays.
 */
export function visibleText(run: ActionRun): string {
  const stdout = run.stdout
    .split("\n")
    .filter((line) => !line.startsWith("::add-mask::"))
    .join("\n");
  return [stdout, run.stderr, run.summary, JSON.stringify(run.outputs)].join("\n");
}
