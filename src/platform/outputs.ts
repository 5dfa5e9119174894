import { appendFileSync } from "node:fs";
import { detectPlatform } from "./detect.js";
import { platformIo } from "./io.js";
import { redact } from "./secrets.js";

export interface StepOutputs {
  "active-color": string;
  "previous-color": string;
  "target-color": string;
  version: string;
  changed: string;
  plan: string;
  /** "true" when the routing survives a reload of the router, "false" when it does not (haproxy-persist: runtime). */
  durable: string;
  /** The commit that built the target color's version ("" when unknown). */
  ref: string;
  /** verify-url without credentials, for a workflow's `environment.url`. */
  "environment-url": string;
  /** The GitHub Deployment this step recorded ("" when none). */
  "deployment-id": string;
  /** dns, ovh-dns: ms from the change until every authoritative server served it ("" when nothing was written). */
  "propagation-ms": string;
}

/**
 * GitHub: step outputs. GitLab: a dotenv report (KEY=value lines, no multi-line values) at
 * BLUEGREEN_DOTENV or ./bluegreen.env, which later jobs receive through `artifacts: reports: dotenv`.
 */
export function writeOutputs(outputs: StepOutputs, env: NodeJS.ProcessEnv = process.env): void {
  // Without GITHUB_OUTPUT, core.setOutput falls back to printing `::set-output`: only call it on GitHub.
  if (env.GITHUB_OUTPUT) {
    for (const [name, value] of Object.entries(outputs)) platformIo().setOutput(name, redact(value));
  }
  if (detectPlatform(env) === "gitlab" || env.BLUEGREEN_DOTENV) {
    const file = env.BLUEGREEN_DOTENV || "bluegreen.env";
    appendFileSync(file, dotenv(outputs));
  }
}

export function dotenv(outputs: StepOutputs): string {
  return Object.entries(outputs)
    .map(([name, value]) => {
      const key = `BLUEGREEN_${name.toUpperCase().replace(/-/g, "_")}`;
      // Dotenv values are single lines: the plan's lines are joined with " | ".
      const line = redact(value).replace(/\r?\n/g, " | ");
      return `${key}=${line}\n`;
    })
    .join("");
}
