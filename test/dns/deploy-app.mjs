// deploy-command of the DNS tests: "installs" BLUEGREEN_VERSION on every address of the color that
// bluegreen resolved (BLUEGREEN_SERVERS, address:port on 127/8), as a real deploy script would over ssh.
const servers = (process.env.BLUEGREEN_SERVERS ?? "").split(",").filter(Boolean);
const version = process.env.BLUEGREEN_VERSION;
if (!version || servers.length === 0) {
  console.error("deploy-app: BLUEGREEN_VERSION and BLUEGREEN_SERVERS are required");
  process.exit(2);
}
for (const server of servers) {
  if (!/^127\.\d+\.\d+\.\d+:\d+$/.test(server)) {
    console.error(`deploy-app: refusing ${server}: the tests only talk to 127/8`);
    process.exit(2);
  }
  const response = await fetch(`http://${server}/__deploy?version=${encodeURIComponent(version)}`, { method: "POST" });
  if (!response.ok) process.exit(1);
  console.log(`deploy-app: ${version} installed on ${server}`);
}
