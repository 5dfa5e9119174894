// deploy-command for the ipLoadbalancing tests: records what bluegreen passed in its environment
// (BLUEGREEN_SERVERS above all) to the file named by the first argument, then installs the version
// on those servers with the demo deploy script.
import { writeFileSync } from "node:fs";

const [file] = process.argv.slice(2);
const { BLUEGREEN_SERVERS, BLUEGREEN_COLOR, BLUEGREEN_VERSION, BLUEGREEN_BACKEND } = process.env;
writeFileSync(file, JSON.stringify({ BLUEGREEN_SERVERS, BLUEGREEN_COLOR, BLUEGREEN_VERSION, BLUEGREEN_BACKEND }));
await import("../../scripts/deploy-demo-app.mjs");
