import * as exec from "@actions/exec";
import { BACKENDS } from "../backends/registry.js";
import { BluegreenError } from "../errors.js";
import { sentenceOf } from "../sentence.js";
import { log } from "./log.js";
import { logToStderr } from "./log-stream.js";
import { redact } from "./secrets.js";

/**
 * Credentials the backends' clients are given through the environment (each descriptor names its
 * own, e.g. OVH's tool names). They are bluegreen's to use, not the user command's: a deploy script
 * that needs the same API access gets its own.
 */
const CREDENTIAL_VARIABLES = new Set(BACKENDS.flatMap((backend) => backend.credentialEnv.map((name) => name.toUpperCase())));

/**
 * The environment a user command gets: the runner's, without the INPUT_* variables (they may hold
 * secrets), the OVH credential variables, and any variable whose value holds a registered secret
 * (redact() changes it). Returns the names withheld, never their values.
 */
export function commandEnvironment(source: NodeJS.ProcessEnv): { env: Record<string, string>; withheld: string[] } {
  const env: Record<string, string> = {};
  const withheld: string[] = [];
  for (const [key, value] of Object.entries(source)) {
    if (value === undefined || key.startsWith("INPUT_")) continue;
    if (CREDENTIAL_VARIABLES.has(key.toUpperCase()) || redact(value) !== value) {
      withheld.push(key);
      continue;
    }
    env[key] = value;
  }
  return { env, withheld };
}

/**
 * Runs a user command WITHOUT a shell: @actions/exec splits the line into arguments (double quotes
 * group), so `version` or other inputs never reach a shell parser. Inputs are passed in the
 * environment, without bluegreen's secrets (see commandEnvironment).
 */
export async function runUserCommand(input: string, commandLine: string, extraEnv: Record<string, string>): Promise<void> {
  const { env, withheld } = commandEnvironment(process.env);
  Object.assign(env, extraEnv);
  // A detail: the runner's own [command] line below names the command already.
  log.detail(`Running ${input}: ${commandLine}`);
  if (withheld.length > 0) log.info(`Not passed to ${input} (credentials bluegreen keeps to itself): ${withheld.sort().join(", ")}.`);
  let code: number;
  try {
    // The command's output is log: on stderr too when stdout is a script's (--output json/env).
    code = await exec.exec(commandLine, [], { env, ignoreReturnCode: true, ...(logToStderr() ? { outStream: process.stderr } : {}) });
  } catch (error) {
    // @actions/exec's own messages end with a full stop: one sentence, one stop.
    throw new BluegreenError(`${input} could not start: ${sentenceOf(error)}`);
  }
  if (code !== 0) throw new BluegreenError(`${input} exited with code ${code}.`);
}
