// A deploy-command for the demo apps (and the tests): "installs" BLUEGREEN_VERSION on every server
// of the target color listed in BLUEGREEN_SERVERS by asking the demo app to switch version.
// A real pipeline would run its own deploy script here (ansible, rsync, ssh, docker pull...).
const servers = (process.env.BLUEGREEN_SERVERS ?? "").split(",").filter(Boolean);
const version = process.env.BLUEGREEN_VERSION;
const color = process.env.BLUEGREEN_COLOR;
if (!version || servers.length === 0) {
  console.error("deploy-demo-app: BLUEGREEN_VERSION and BLUEGREEN_SERVERS are required");
  process.exit(2);
}
for (const server of servers) {
  if (!/^127\.0\.0\.1:\d+$/.test(server)) {
    console.error(`deploy-demo-app: refusing ${server}: the demo only talks to 127.0.0.1`);
    process.exit(2);
  }
  const response = await fetch(`http://${server}/__deploy?version=${encodeURIComponent(version)}`, { method: "POST" });
  if (!response.ok) {
    console.error(`deploy-demo-app: ${server} answered ${response.status}`);
    process.exit(1);
  }
  console.log(`deploy-demo-app: ${version} installed on ${color} server ${server}`);
}
