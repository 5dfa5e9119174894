// deploy-command for the Kubernetes tests, standing in for `helm upgrade` or `kubectl apply -k`:
// records what bluegreen passed in its environment to the file named by the first argument, then
// changes the Deployment BLUEGREEN_DEPLOYMENT the way a chart would (a strategic merge patch under
// field manager "helm"), against the fake API server named by FAKE_API (token in the file FAKE_TOKEN_FILE, CA FAKE_CA).
import { readFileSync, writeFileSync } from "node:fs";
import https from "node:https";

const [file] = process.argv.slice(2);
const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => key.startsWith("BLUEGREEN_") || key.startsWith("INPUT_")));
writeFileSync(file, JSON.stringify(env));
const { BLUEGREEN_DEPLOYMENT, BLUEGREEN_NAMESPACE, BLUEGREEN_VERSION, FAKE_API, FAKE_TOKEN_FILE, FAKE_CA } = process.env;
const FAKE_TOKEN = readFileSync(FAKE_TOKEN_FILE, "utf8").trim();
const body = JSON.stringify({
  spec: { template: { spec: { containers: [{ name: "web", env: [{ name: "RELEASE", value: BLUEGREEN_VERSION }] }] } } },
});
const url = new URL(`/apis/apps/v1/namespaces/${BLUEGREEN_NAMESPACE}/deployments/${BLUEGREEN_DEPLOYMENT}?fieldManager=helm`, FAKE_API);
const status = await new Promise((resolve, reject) => {
  const request = https.request(
    url,
    {
      method: "PATCH",
      ca: readFileSync(FAKE_CA, "utf8"),
      headers: { authorization: `Bearer ${FAKE_TOKEN}`, "content-type": "application/strategic-merge-patch+json" },
    },
    (response) => {
      response.resume();
      response.on("end", () => resolve(response.statusCode));
    },
  );
  request.on("error", reject);
  request.end(body);
});
if (status !== 200) {
  console.error(`PATCH ${url.pathname} answered ${status}`);
  process.exit(1);
}
