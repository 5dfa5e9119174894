import type { InputDescriptor } from "./backends/descriptor.js";
import { BACKEND_KINDS, BACKENDS } from "./backends/registry.js";
import { MODES } from "./inputs.js";
import { listed } from "./listed.js";

/** Backends whose router only routes: prepare needs the user's deploy-command there. */
const routeOnly = BACKENDS.filter((backend) => !backend.capabilities.deploysWorkload).map((backend) => backend.kind);
const deploying = BACKENDS.filter((backend) => backend.capabilities.deploysWorkload).map((backend) => backend.kind);

/**
 * The inputs every backend shares, in the order of action.yml, --help and the generated docs; the
 * backends' own inputs follow them, from their descriptors. The texts of `backend` and
 * `deploy-command` are written from the registry, so a new backend is named there without an edit.
 */
export const COMMON_INPUTS: readonly InputDescriptor[] = [
  {
    name: "mode",
    description: `Pipeline stage: ${MODES.slice(0, -1).join(", ")}, or ${MODES.at(-1)} (read-only).`,
    required: true,
    options: MODES,
    gitlab: "absent",
  },
  {
    name: "backend",
    description: `Where production traffic is switched: ${listed(BACKEND_KINDS)}.`,
    required: true,
    options: BACKEND_KINDS,
    gitlab: { description: "Where production traffic is switched." },
  },
  {
    name: "version",
    description:
      "The release being deployed (an image tag: letters, digits, _ . -). Required by prepare; test checks it; promote records it.",
    gitlab: {
      description: "The release being deployed (an image tag). Defaults to the commit's short SHA.",
      default: "$CI_COMMIT_SHORT_SHA",
    },
  },
  {
    name: "live-version",
    description:
      "prepare, on a router bluegreen has no record of yet (adopting a live router): the version production runs now, recorded for the live color so status, summaries and rollback's version check know it. Refused when the record already names another version.",
    modes: ["prepare"],
    gitlab: {
      description: "prepare, when adopting a live router: the version production runs now, recorded for the live color.",
      pattern: "^([A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?$",
    },
  },
  {
    name: "dry-run",
    safety: true,
    description: "true: read the state, print the exact plan, change nothing.",
    default: "false",
    type: "boolean",
    gitlab: { description: "true: every job reads the state and prints the exact plan, and changes nothing." },
  },
  {
    name: "verbose",
    description:
      "true: the log also shows internals (states before and after, locks, temporary files, API paths and request bodies, every bake round); also on with the runner's debug logging.",
    default: "false",
    type: "boolean",
  },
  { name: "timeout", description: "Seconds any wait may take.", default: "300", type: "number" },
  {
    name: "deploy-command",
    description: `prepare: command that installs version on the target color, run without a shell; gets BLUEGREEN_COLOR, BLUEGREEN_VERSION, BLUEGREEN_SERVERS (${routeOnly.join(", ")}) or BLUEGREEN_DEPLOYMENT and BLUEGREEN_NAMESPACE (${deploying.join(", ")}: Helm, Kustomize, kubectl; the rollout is waited for after). Required on ${listed(routeOnly, "and")}; "none" there means the version is installed already and prepare deploys nothing.`,
    modes: ["prepare"],
    gitlab: { description: `prepare (${routeOnly.join(", ")}): command that installs version on the idle color.` },
  },
  {
    name: "test-url",
    safety: true,
    description: "Base URL of the preview entry (the idle color).",
    modes: ["test"],
    gitlab: { pattern: "^(https?://\\S+)?$" },
  },
  {
    name: "health-path",
    safety: true,
    description:
      "Path that must answer 2xx: through test-url and verify-url, and on each server itself where the router's health view lags a restart (readiness after a deploy).",
    default: "/health",
    modes: ["test"],
    gitlab: { pattern: "^/\\S*$" },
  },
  {
    name: "version-path",
    safety: true,
    description: "Optional path whose body must contain version.",
    modes: ["test"],
    gitlab: { pattern: "^(/\\S*)?$" },
  },
  {
    name: "test-requests",
    safety: true,
    description: "Requests of the light load run by test mode.",
    default: "100",
    type: "number",
    modes: ["test"],
    gitlab: { description: "Requests of the light load run by test." },
  },
  {
    name: "test-concurrency",
    safety: true,
    description: "Concurrent requests of that load.",
    default: "10",
    type: "number",
    modes: ["test"],
  },
  {
    name: "max-p95-ms",
    safety: true,
    description: "Highest p95 latency (ms) test mode accepts.",
    default: "500",
    type: "number",
    modes: ["test"],
    gitlab: { description: "Highest p95 latency (ms) test accepts." },
  },
  {
    name: "max-error-rate",
    safety: true,
    description: "Highest share of failed requests (0 to 1) test mode accepts.",
    default: "0",
    type: "number",
    modes: ["test"],
    gitlab: { description: "Highest share of failed requests (0 to 1) test accepts." },
  },
  {
    name: "test-command",
    safety: true,
    description: "Optional extra test command, run without a shell; gets BLUEGREEN_TEST_URL, BLUEGREEN_COLOR, BLUEGREEN_VERSION.",
    modes: ["test"],
    gitlab: { description: "Optional extra test command, run without a shell." },
  },
  {
    name: "verify-url",
    safety: true,
    description: "Production URL checked after promote and rollback (health, and version when version-path is set).",
    modes: ["promote", "rollback"],
    gitlab: {
      description: "Production URL checked after promote and rollback; also the GitLab environment's URL.",
      pattern: "^(https?://\\S+)?$",
    },
  },
  {
    name: "auto-rollback",
    safety: true,
    description: "true: when the check after promote fails, traffic goes back and the step fails.",
    default: "true",
    type: "boolean",
    modes: ["promote", "rollback"],
    gitlab: { description: "true: when the check after promote fails, traffic goes back and the job fails." },
  },
  {
    name: "require-test",
    safety: true,
    description: "true: promote refuses a color with no passed test recorded by test mode.",
    default: "false",
    type: "boolean",
    modes: ["promote", "rollback"],
    gitlab: {
      description: "promote refuses a color with no passed test recorded (the promote job re-tests just before switching).",
      default: "true",
    },
  },
  {
    name: "max-test-age",
    safety: true,
    description: "Seconds a passed test stays valid for promote (0: no limit).",
    default: "0",
    type: "number",
    modes: ["promote", "rollback"],
  },
  {
    name: "github-token",
    description:
      "promote, rollback: a token with deployments:write (e.g. github.token); records a GitHub Deployment and its statuses for environment. Empty: no records.",
    secret: true,
    modes: ["promote", "rollback"],
    gitlab: "absent",
  },
  {
    name: "environment",
    safety: true,
    description: "Name of the deployment environment the records go to.",
    default: "production",
    modes: ["promote", "rollback"],
    gitlab: {
      description:
        "GitLab environment of promote and rollback; names the jobs (bluegreen-<environment>-prepare...) and the resource group.",
      pattern: "^[A-Za-z0-9_-]+(/[A-Za-z0-9_-]+)*$",
    },
  },
  {
    name: "production-environment",
    safety: true,
    description:
      "true: the GitHub Deployments are marked production_environment (default: true when environment is production or prod, else false).",
    modes: ["promote", "rollback"],
    gitlab: "absent",
  },
  {
    name: "ref",
    description:
      "prepare: the commit that built version, recorded on the router with it so that promote and rollback records name it (7 to 64 hex digits; default: GITHUB_SHA or CI_COMMIT_SHA).",
    modes: ["prepare"],
    gitlab: {
      description: "prepare: the commit that built version, kept on the router (default: the pipeline's CI_COMMIT_SHA).",
      pattern: "^([0-9a-fA-F]{7,64})?$",
    },
  },
  {
    name: "bake-time",
    safety: true,
    description:
      "promote, rollback: seconds production keeps being checked after the switch (verify-url and analysis); a failed check during a promote's window rolls back when auto-rollback is true. 0: the single check.",
    default: "0",
    type: "number",
    modes: ["promote", "rollback"],
    gitlab: { description: "Seconds production keeps being checked after promote and rollback (0: one check)." },
  },
  {
    name: "bake-interval",
    safety: true,
    description: "Seconds between two checks of the bake window.",
    default: "5",
    type: "number",
    modes: ["promote", "rollback"],
  },
  {
    name: "prometheus-url",
    safety: true,
    description: "Prometheus base URL for analysis (https://user:password@host/ for basic auth; the password is masked and never printed).",
    modes: ["test", "promote", "rollback"],
    gitlab: {
      description: "Prometheus base URL for analysis (its token is the masked variable INPUT_PROMETHEUS_TOKEN).",
      pattern: "^(https?://\\S+)?$",
    },
  },
  {
    name: "prometheus-token",
    description: "Bearer token for prometheus-url. Masked.",
    secret: true,
    modes: ["test", "promote", "rollback"],
    gitlab: "variable",
  },
  {
    name: "analysis",
    safety: true,
    description:
      "Metric checks, one per line, NAME: PROMQL <op> NUMBER (op <, <=, >, >=); {{color}} and {{version}} are replaced. Run by test mode on the preview color and at every bake check on production.",
    modes: ["test", "promote", "rollback"],
    gitlab: { description: "Metric checks, one per line: NAME: PROMQL <op> NUMBER ({{color}}, {{version}} replaced)." },
  },
  {
    name: "analysis-allow-empty",
    safety: true,
    description: "true: an analysis query that returns no data passes; false: it fails.",
    default: "false",
    type: "boolean",
    modes: ["test", "promote", "rollback"],
    gitlab: { description: "true: a query that returns no data passes." },
  },
  {
    name: "notify",
    description:
      "promote, rollback: webhook URLs (separated by commas, spaces or newlines) that get one message when production was promoted, rolled back, rolled back automatically, or a switch failed (default: the BLUEGREEN_NOTIFY variable). Pass it from a secret: masked, never printed.",
    secret: true,
    env: ["BLUEGREEN_NOTIFY"],
    modes: ["promote", "rollback"],
    gitlab: "variable",
  },
  {
    name: "notify-format",
    description:
      "The message notify sends: json (bluegreen's schema, docs/notify.schema.json), slack (an incoming webhook) or teams (a Workflows webhook: an Adaptive Card).",
    default: "json",
    options: ["json", "slack", "teams"],
    modes: ["promote", "rollback"],
    gitlab: { description: "The message notify sends: json, slack (incoming webhook) or teams (Workflows webhook)." },
  },
];
