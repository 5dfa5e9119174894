#!/usr/bin/env node
import { nodeVersionProblem, requestedBackend } from "./node-version.js";

// One bundle serves both doors: the GitHub runner starts it with no arguments and INPUT_*
// variables; people and other CI systems start it as `bluegreen <mode> --flags`.
// Everything else is imported dynamically, after the Node.js check: a backend's client that
// cannot load on this Node must never be loaded, so the user gets one sentence, not a stack trace.
const argv = process.argv.slice(2);
const onGithubRunner = process.env.GITHUB_ACTIONS === "true";

const problem = nodeVersionProblem(process.versions.node, requestedBackend(argv, process.env));
if (problem) {
  // `::error::` is the runner's failure annotation (the action, or the CLI in a `run:` step); elsewhere a
  // plain line, like the CLI's usage errors.
  if (onGithubRunner) process.stdout.write(`::error::${problem}\n`);
  else process.stderr.write(`bluegreen: ${problem}\n`);
  process.exitCode = 2;
} else if (argv.length > 0 || !onGithubRunner) {
  // Without arguments outside a GitHub runner, the CLI prints its usage (exit code 2).
  const { runCli } = await import("./cli.js");
  process.exitCode = await runCli(argv);
} else {
  const { run } = await import("./main.js");
  process.exitCode = await run();
}
