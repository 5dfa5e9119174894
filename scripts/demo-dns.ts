// The DNS demo (`npm run demo -- --backend dns`): a real BIND primary and secondary on 127.0.0.1 (high
// ports, a TSIG key, NOTIFY), blue's app on 127.0.0.2 and green's on 127.0.0.3, walked through
// prepare -> test -> promote -> rollback -> status by the bundled CLI (the same code the action runs).
import { spawn } from "node:child_process";
import path from "node:path";
import { freePort, startApp } from "../test/support/apps.ts";
import { startBind } from "../test/support/bind.ts";

const root = path.resolve(import.meta.dirname, "..");
const bundle = path.join(root, "dist/index.js");
const deploy = `node ${path.join(root, "test/dns/deploy-app.mjs")}`;

function title(text: string): void {
  console.log(`\n\x1b[1m== ${text}\x1b[0m`);
}

// TTL 1 s on the switched names, so that the rollback's target may be prepared again at once in a demo.
const bind = await startBind({
  records: "blue 60 IN A 127.0.0.2\ngreen 60 IN A 127.0.0.3\nwww 1 IN CNAME blue\npreview 1 IN CNAME green\n",
});
const port = await freePort();
const blue = await startApp("blue", "v1", port, "127.0.0.2");
const green = await startApp("green", "v1", port, "127.0.0.3");
const flags = [
  "--backend", "dns", "--dns-server", bind.primary.address, "--dns-zone", "example.test",
  "--dns-name", "www.example.test", "--dns-preview-name", "preview.example.test",
  "--dns-blue", "blue.example.test", "--dns-green", "green.example.test", "--dns-ttl", "1",
  "--dns-tsig-key-name", bind.keys.updater.name, "--dns-verify-servers", bind.secondary.address,
  "--dns-health-port", String(port), "--timeout", "30",
]; // biome-ignore format: flag/value pairs read best on few lines
let failed = false;

const production = async () => (await bind.dig(bind.primary, "www.example.test", "CNAME")).join(" ");
const step = async (mode: string, ...extra: string[]) => {
  title(`bluegreen ${mode} ${extra.join(" ")}`.trim());
  const child = spawn(process.execPath, [bundle, mode, ...flags, ...extra], {
    stdio: "inherit",
    // The secret goes through the environment, never argv.
    env: { ...process.env, GITHUB_ACTIONS: "", DNS_TSIG_SECRET: bind.keys.updater.secret },
  });
  const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
  if (code !== 0) failed = true;
};

try {
  title("Setup");
  console.log(
    `BIND primary ${bind.primary.address}, secondary ${bind.secondary.address}, zone example.test, key ${bind.keys.updater.name}`,
  );
  console.log(`blue app 127.0.0.2:${port} (v1), green app 127.0.0.3:${port} (v1)`);
  console.log(`www.example.test is a CNAME to: ${await production()}`);
  await step("prepare", "--version", "v2", "--deploy-command", deploy);
  await step("test", "--version", "v2", "--version-path", "/version", "--test-requests", "200");
  await step("promote", "--version", "v2", "--require-test", "true");
  console.log(`www.example.test is a CNAME to: ${await production()}`);
  await step("promote", "--version", "v2");
  await new Promise((r) => setTimeout(r, 1_100)); // the old TTL
  await step("rollback");
  console.log(`www.example.test is a CNAME to: ${await production()}`);
  await step("status");
  title(failed ? "Demo finished with a failed step" : "Demo finished: every step did what it said");
} finally {
  await blue.close();
  await green.close();
  await bind.stop();
}
process.exitCode = failed ? 1 : 0;
