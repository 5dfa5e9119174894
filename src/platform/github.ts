import * as core from "@actions/core";
import type { PlatformIo } from "./platform-io.js";

/**
 * On a GitHub runner: @actions/core, the runner's own protocol (workflow commands, the
 * GITHUB_OUTPUT/GITHUB_STEP_SUMMARY/GITHUB_STATE files). Imported only by choose.ts, dynamically,
 * so that runs elsewhere never load it (nor the undici it bundles).
 */
export const githubIo: PlatformIo = {
  info: (text) => core.info(text),
  warn: (text) => core.warning(text),
  error: (text) => core.error(text),
  // `::debug::`, which the runner shows only when step debug logging is on.
  debug: (text) => core.debug(text),
  fail: (text) => core.setFailed(text),
  // `::add-mask::`: the runner hides the value in everything the job prints, ours and the commands'.
  mask: (secret) => core.setSecret(secret),
  setOutput: (name, value) => core.setOutput(name, value),
  appendSummary: async (markdown) => {
    await core.summary.addRaw(markdown, true).write();
  },
  saveState: (name, value) => core.saveState(name, value),
  getInput: (name) => core.getInput(name),
};
