// The local demo (--backend dns: scripts/demo-dns.ts): a real HAProxy on 127.0.0.1 with a blue and a green app, walked through
// prepare -> test -> promote -> rollback by the bundled CLI (the same code the action runs).
// `npm run demo -- --with-prometheus` adds a real Prometheus (Debian's package) scraping both apps:
// test mode and a 6 s bake window after promote then check the error rate through it.
import { spawn, spawnSync } from "node:child_process";
import path from "node:path";
import { startApp } from "../test/support/apps.ts";
import { startHaproxy } from "../test/support/haproxy.ts";
import { startLoad } from "../test/support/load.ts";
import { type Prometheus, startPrometheus } from "../test/support/prometheus.ts";

// `npm run demo -- --backend dns` walks the same steps on DNS (a real BIND); HAProxy stays the default.
const backendFlag = process.argv.indexOf("--backend");
if (backendFlag > 0 && process.argv[backendFlag + 1] === "dns") {
  await import("./demo-dns.ts");
  process.exit();
}

const root = path.resolve(import.meta.dirname, "..");
const bundle = path.join(root, "dist/index.js");
const deploy = `node ${path.join(root, "scripts/deploy-demo-app.mjs")}`;

/** A step's title: one line of at most 120 characters (long flags cut), bold on a terminal only. */
function title(text: string): void {
  const line = `== ${text.length > 117 ? `${text.slice(0, 116)}…` : text}`;
  console.log(process.stdout.isTTY && process.env.NO_COLOR === undefined ? `\x1b[1m${line}\x1b[0m` : line);
}

async function production(port: number): Promise<string> {
  const response = await fetch(`http://127.0.0.1:${port}/`);
  return (await response.text()).trim();
}

const blue = await startApp("blue", "v1");
const green = await startApp("green", "v1");
const haproxy = await startHaproxy({ blue: [blue.address], green: [green.address] });
const flags = ["--backend", "haproxy", "--haproxy-socket", haproxy.socket, "--haproxy-map", haproxy.mapFile, "--timeout", "30"];
let failed = false;
const withPrometheus = process.argv.includes("--with-prometheus");
let prometheus: Prometheus | undefined;
let analysis: string[] = [];
let background: ReturnType<typeof startLoad>[] = [];
// Asynchronous on purpose: the demo apps live in this process and must keep answering meanwhile.
const step = async (mode: string, ...extra: string[]) => {
  title(`bluegreen ${mode} ${extra.join(" ")}`.trim());
  const child = spawn(process.execPath, [bundle, mode, ...flags, ...extra], {
    stdio: "inherit",
    env: { ...process.env, GITHUB_ACTIONS: "" },
  });
  const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
  if (code !== 0) failed = true;
};

try {
  title(`Setup: HAProxy production http://127.0.0.1:${haproxy.wwwPort}, preview http://127.0.0.1:${haproxy.previewPort}`);
  console.log(`blue app ${blue.address} (v1), green app ${green.address} (v1); production answers: ${await production(haproxy.wwwPort)}`);

  if (withPrometheus) {
    if (spawnSync("prometheus", ["--version"], { stdio: "ignore" }).status !== 0) {
      throw new Error("--with-prometheus needs the prometheus server: run scripts/setup.sh (Debian's prometheus package).");
    }
    title("Prometheus");
    prometheus = await startPrometheus([blue.address, green.address]);
    console.log(`Prometheus ${prometheus.url} scrapes both apps every second (their /metrics, from prom-client).`);
    // Traffic on production and preview, as a real service has: the analysis divides by it.
    background = [startLoad(`http://127.0.0.1:${haproxy.wwwPort}/`, 2), startLoad(`http://127.0.0.1:${haproxy.previewPort}/`, 1)];
    analysis = [
      "--prometheus-url",
      prometheus.url,
      "--analysis",
      'error-rate: (sum(rate(http_requests_total{color="{{color}}",code=~"5.."}[5s])) or vector(0)) / sum(rate(http_requests_total{color="{{color}}"}[5s])) < 0.01',
    ];
  }
  await step("prepare", "--version", "v2", "--deploy-command", deploy);
  if (prometheus) {
    console.log("waiting until Prometheus has scraped the preview's traffic on v2...");
    await prometheus.waitForSeries('rate(http_requests_total{color="green",version="v2"}[5s]) > 0');
  }
  await step(
    "test",
    "--version",
    "v2",
    "--test-url",
    `http://127.0.0.1:${haproxy.previewPort}`,
    "--version-path",
    "/version",
    "--test-requests",
    "500",
    "--test-concurrency",
    "10",
    ...analysis,
  );
  await step(
    "promote",
    "--version",
    "v2",
    "--require-test",
    "true",
    "--verify-url",
    `http://127.0.0.1:${haproxy.wwwPort}`,
    "--version-path",
    "/version",
    ...(withPrometheus ? [...analysis, "--bake-time", "6", "--bake-interval", "2"] : []),
  );
  console.log(`production answers: ${await production(haproxy.wwwPort)}`);
  await step("promote", "--version", "v2");
  await step("rollback", "--verify-url", `http://127.0.0.1:${haproxy.wwwPort}`);
  console.log(`production answers: ${await production(haproxy.wwwPort)}`);
  await step("rollback");
  await step("status");
  title(failed ? "Demo finished with a failed step" : "Demo finished: every step did what it said");
} finally {
  for (const load of background) await load.stop();
  await prometheus?.stop();
  await haproxy.stop();
  await blue.close();
  await green.close();
}
process.exitCode = failed ? 1 : 0;
