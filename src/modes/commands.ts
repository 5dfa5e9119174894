import * as exec from "@actions/exec";
import { BluegreenError } from "../errors.js";
import { log } from "../platform/log.js";

/**
 * Runs a user command WITHOUT a shell: @actions/exec splits the line into arguments (double quotes
 * group), so `version` or other inputs never reach a shell parser. Inputs are passed in the
 * environment. The runner's INPUT_* variables are removed: they may hold secrets.
 */
export async function runUserCommand(input: string, commandLine: string, extraEnv: Record<string, string>): Promise<void> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !key.startsWith("INPUT_")) env[key] = value;
  }
  Object.assign(env, extraEnv);
  log.info(`Running ${input}: ${commandLine}`);
  let code: number;
  try {
    code = await exec.exec(commandLine, [], { env, ignoreReturnCode: true });
  } catch (error) {
    throw new BluegreenError(`${input} could not start: ${error instanceof Error ? error.message : String(error)}.`);
  }
  if (code !== 0) throw new BluegreenError(`${input} exited with code ${code}.`);
}
