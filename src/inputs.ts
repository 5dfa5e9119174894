import type { AnalysisSettings } from "./analysis/analyze.js";
import { parseAnalysis } from "./analysis/parse.js";
import { parsePrometheusTarget } from "./analysis/prometheus.js";
import { BACKEND_KINDS, BACKENDS, type BackendKind, descriptorOf } from "./backends/registry.js";
import { shellOperatorProblem } from "./command-line.js";
import { InputError } from "./errors.js";
import { type InputReader, optional, printable } from "./input-text.js";
import { bool, list, number, oneOf, url } from "./input-values.js";
import { COMMIT_PATTERN } from "./ledger.js";
import { MODES, type Mode } from "./mode-names.js";
import { safeUrl } from "./urls.js";

export { bool, list, number, objectName, oneOf, required, url } from "./input-values.js";
export { MODES, type Mode } from "./mode-names.js";
// The primitives live in input-text.ts, which imports nothing, so that the analysis parsers can use
// them without importing this module back (no cycle); re-exported for every other reader of inputs.
export { type InputReader, optional, printable };

export interface SmokeConfig {
  testUrl?: URL;
  healthPath: string;
  versionPath?: string;
  requests: number;
  concurrency: number;
  maxP95Ms: number;
  maxErrorRate: number;
  testCommand?: string;
}

export interface Config {
  mode: Mode;
  backend: BackendKind;
  version?: string;
  /** live-version: what production runs, recorded for the live color when the ledger has none (adopting a router). */
  liveVersion?: string;
  dryRun: boolean;
  /** The log also shows internals (locks, API calls, states before and after). */
  verbose: boolean;
  timeoutSeconds: number;
  /** The user's deploy command; undefined with `deploy-command: none` or on a backend that deploys itself. */
  deployCommand?: string;
  /** `deploy-command: none`: the user says the version is on the idle color already; prepare deploys nothing. */
  deployedAlready: boolean;
  smoke: SmokeConfig;
  verifyUrl?: URL;
  autoRollback: boolean;
  /** Longest a passed test stays valid for promote, in seconds (0: no limit). */
  maxTestAgeSeconds: number;
  /** Promote refuses a target with no passed test recorded when true. */
  requireTest: boolean;
  /** openshift-route, k8s-gateway: percentages of traffic on the new color during promote, ending at 100. */
  steps?: number[];
  stepWaitSeconds: number;
  githubToken?: string;
  environment?: string;
  /** Seconds production keeps being checked after a promote or rollback (0: the single check). */
  bakeSeconds: number;
  /** Seconds between two checks of the bake window. */
  bakeIntervalSeconds: number;
  /** Metric checks against Prometheus (test mode and the bake window); undefined when none. */
  analysis?: AnalysisSettings;
  /** Kubernetes: seconds after a promote before the old color is scaled down (0 with no scale-down-replicas). */
  scaleDownDelaySeconds: number;
  /** The commit that built version: the `ref` input, else the CI's commit (GITHUB_SHA, CI_COMMIT_SHA). */
  ref?: string;
  /** GitHub Deployments' production_environment flag for environment. */
  productionEnvironment: boolean;
}

/** A container image tag: what every router here can hold, and nothing a shell would expand. */
const VERSION_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;

export function parseConfig(read: InputReader, env: NodeJS.ProcessEnv = process.env): Config {
  const mode = oneOf(read, "mode", MODES);
  const backend = oneOf(read, "backend", BACKEND_KINDS);
  const version = optional(read("version"));
  if (version !== undefined && !VERSION_PATTERN.test(version)) {
    throw new InputError(
      "version",
      `"${printable(version)}" is not a valid version: use 1 to 128 letters, digits, "_", "." or "-" (as an image tag), not starting with "." or "-".`,
    );
  }
  const liveVersion = optional(read("live-version"));
  if (liveVersion !== undefined && !VERSION_PATTERN.test(liveVersion)) {
    throw new InputError(
      "live-version",
      `"${printable(liveVersion)}" is not a valid version: use 1 to 128 letters, digits, "_", "." or "-" (as an image tag), not starting with "." or "-".`,
    );
  }
  if (mode === "prepare" && version === undefined) {
    throw new InputError("version", "is required when mode is prepare (the release to put on the idle color).");
  }
  const testUrl = url(read, "test-url");
  const verifyUrl = url(read, "verify-url");
  const healthPath = path(read, "health-path", "/health");
  for (const [name, base] of [
    ["test-url", testUrl],
    ["verify-url", verifyUrl],
  ] as const) {
    if (base) refuseHealthPathInBase(name, base, healthPath);
  }
  const deploy = deployCommand(read, mode, backend);
  return {
    mode,
    backend,
    version,
    liveVersion,
    dryRun: bool(read, "dry-run", false),
    verbose: bool(read, "verbose", false),
    timeoutSeconds: number(read, "timeout", 300, { min: 1, max: 86_400 }),
    deployCommand: deploy.command,
    deployedAlready: deploy.deployedAlready,
    smoke: {
      testUrl,
      healthPath,
      versionPath: optional(read("version-path")) === undefined ? undefined : path(read, "version-path", "/"),
      requests: number(read, "test-requests", 100, { min: 0, max: 1_000_000, integer: true }),
      concurrency: number(read, "test-concurrency", 10, { min: 1, max: 1_000, integer: true }),
      maxP95Ms: number(read, "max-p95-ms", 500, { min: 0, max: 600_000 }),
      maxErrorRate: number(read, "max-error-rate", 0, { min: 0, max: 1 }),
      testCommand: userCommand(read, "test-command"),
    },
    verifyUrl,
    autoRollback: bool(read, "auto-rollback", true),
    maxTestAgeSeconds: number(read, "max-test-age", 0, { min: 0, max: 31_536_000 }),
    requireTest: bool(read, "require-test", false),
    steps: trafficSteps(read, backend),
    stepWaitSeconds: number(read, "step-wait", 30, { min: 0, max: 3_600 }),
    githubToken: optional(read("github-token")),
    environment: optional(read("environment")),
    bakeSeconds: number(read, "bake-time", 0, { min: 0, max: 86_400 }),
    bakeIntervalSeconds: number(read, "bake-interval", 5, { min: 1, max: 3_600 }),
    analysis: analysisSettings(read),
    scaleDownDelaySeconds: scaleDownDelay(read),
    ref: commitRef(read, env),
    productionEnvironment: bool(read, "production-environment", isProductionName(optional(read("environment")) ?? "production")),
  };
}

/**
 * test-url and verify-url are base URLs: health-path (and version-path) are appended to them. A base
 * that already ends with health-path would be checked at ".../health/health" and fail every time.
 */
function refuseHealthPathInBase(name: string, base: URL, healthPath: string): void {
  const trimmed = healthPath.replace(/\/+$/, "");
  const basePath = base.pathname.replace(/\/+$/, "");
  if (trimmed === "" || !basePath.endsWith(trimmed)) return;
  const suggested = new URL(base.href);
  suggested.pathname = `${basePath.slice(0, basePath.length - trimmed.length)}/`;
  throw new InputError(
    name,
    `"${safeUrl(base)}" already ends with health-path "${healthPath}", which bluegreen appends itself (it would request ${safeUrl(base).replace(/\/+$/, "")}${healthPath}); allowed: the base URL, e.g. "${safeUrl(suggested)}".`,
  );
}

/**
 * On a backend whose router only routes (its descriptor says it deploys no workload), a prepare with
 * no deploy-command would record a version as deployed that nobody deployed; it takes an explicit
 * `none` ("I deployed it already") to do that on purpose.
 */
function deployCommand(read: InputReader, mode: Mode, backend: BackendKind): { command?: string; deployedAlready: boolean } {
  const value = userCommand(read, "deploy-command");
  if (value === "none") return { deployedAlready: true };
  if (value === undefined && mode === "prepare" && !descriptorOf(backend)?.capabilities.deploysWorkload) {
    throw new InputError(
      "deploy-command",
      `is required when mode is prepare on backend ${backend}: the command that installs the version on the idle color, or "none" if it is installed already.`,
    );
  }
  return { command: value, deployedAlready: false };
}

/** A command input, refused when it holds shell operators that would reach the program as arguments. */
function userCommand(read: InputReader, name: string): string | undefined {
  const value = optional(read(name));
  const problem = value === undefined ? undefined : shellOperatorProblem(value);
  if (problem) throw new InputError(name, problem);
  return value;
}

function analysisSettings(read: InputReader): AnalysisSettings | undefined {
  const prometheus = parsePrometheusTarget(read);
  const checks = parseAnalysis(read("analysis"));
  const allowEmpty = bool(read, "analysis-allow-empty", false);
  if (checks.length === 0) return undefined;
  if (!prometheus) throw new InputError("prometheus-url", "is required when analysis is set: the Prometheus the queries go to.");
  return { prometheus, checks, allowEmpty };
}

/** Argo Rollouts' default too: kube-proxy on every node follows EndpointSlices late, so old pods still get requests. */
const DEFAULT_SCALE_DOWN_DELAY = 30;

function scaleDownDelay(read: InputReader): number {
  // Checked on every backend (a typo should not wait for a Kubernetes run to show), used only where
  // scale-down-replicas is set; action.yml's default means it is always "given" on GitHub.
  const delay = number(read, "scale-down-delay", DEFAULT_SCALE_DOWN_DELAY, { min: 0, max: 3_600 });
  // Without scale-down-replicas nothing is scaled down, so there is nothing to wait for.
  return optional(read("scale-down-replicas")) === undefined ? 0 : delay;
}

/** The `ref` input, else the commit the CI run builds; undefined outside CI. */
function commitRef(read: InputReader, env: NodeJS.ProcessEnv): string | undefined {
  const value = optional(read("ref"));
  if (value === undefined) {
    const ci = (env.GITHUB_SHA || env.CI_COMMIT_SHA || "").trim().toLowerCase();
    return COMMIT_PATTERN.test(ci) ? ci : undefined;
  }
  if (!COMMIT_PATTERN.test(value.toLowerCase())) {
    throw new InputError("ref", `"${printable(value)}" is not a commit id; allowed: 7 to 64 hexadecimal digits (a commit SHA).`);
  }
  return value.toLowerCase();
}

/** GitHub's own default for production_environment, widened to the usual short name. */
export function isProductionName(environment: string): boolean {
  return /^(production|prod)$/i.test(environment);
}

function trafficSteps(read: InputReader, backend: BackendKind): number[] | undefined {
  const items = list(read, "traffic-steps");
  if (items.length === 0) return undefined;
  if (!descriptorOf(backend)?.capabilities.trafficSteps) {
    const stepping = BACKENDS.filter((candidate) => candidate.capabilities.trafficSteps).map((candidate) => candidate.kind);
    throw new InputError("traffic-steps", `is only allowed with backend ${stepping.join(" or ")}, not ${backend}.`);
  }
  const allowed = "whole percentages from 1 to 100, increasing, ending with 100 (e.g. 10,50,100)";
  const steps = items.map((item) => Number(item));
  const valid =
    items.every((item) => /^[0-9]+$/.test(item)) &&
    steps.every((step, i) => step >= 1 && step <= 100 && (i === 0 || step > (steps[i - 1] as number))) &&
    steps.at(-1) === 100;
  if (!valid) throw new InputError("traffic-steps", `"${printable(items.join(","))}" is not allowed; allowed: ${allowed}.`);
  return steps;
}

function path(read: InputReader, name: string, fallback: string): string {
  const value = optional(read(name)) ?? fallback;
  if (!value.startsWith("/") || /[\s\u0000-\u001f]/.test(value)) {
    throw new InputError(name, `"${printable(value)}" is not allowed; allowed: a URL path starting with "/", without spaces.`);
  }
  return value;
}
