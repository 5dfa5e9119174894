// The local demo: a real HAProxy on 127.0.0.1 with a blue and a green app, walked through
// prepare -> test -> promote -> rollback by the bundled CLI (the same code the action runs).
import { spawn } from "node:child_process";
import path from "node:path";
import { startApp } from "../test/support/apps.ts";
import { startHaproxy } from "../test/support/haproxy.ts";

const root = path.resolve(import.meta.dirname, "..");
const bundle = path.join(root, "dist/index.js");
const deploy = `node ${path.join(root, "scripts/deploy-demo-app.mjs")}`;

function title(text: string): void {
  console.log(`\n\x1b[1m== ${text}\x1b[0m`);
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
  title("Setup");
  console.log(
    `HAProxy ${haproxy.configFile}: production http://127.0.0.1:${haproxy.wwwPort}, preview http://127.0.0.1:${haproxy.previewPort}`,
  );
  console.log(`blue app ${blue.address} (v1), green app ${green.address} (v1); map ${haproxy.mapFile}`);
  console.log(`production answers: ${await production(haproxy.wwwPort)}`);

  await step("prepare", "--version", "v2", "--deploy-command", deploy);
  console.log(`preview answers:    ${await production(haproxy.previewPort)}`);
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
  );
  console.log(`production answers: ${await production(haproxy.wwwPort)}`);
  await step("promote", "--version", "v2");
  await step("rollback", "--verify-url", `http://127.0.0.1:${haproxy.wwwPort}`);
  console.log(`production answers: ${await production(haproxy.wwwPort)}`);
  await step("rollback");
  title(failed ? "Demo finished with a failed step" : "Demo finished: every step did what it said");
} finally {
  await haproxy.stop();
  await blue.close();
  await green.close();
}
process.exitCode = failed ? 1 : 0;
