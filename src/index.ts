#!/usr/bin/env node
import { run } from "./main.js";

// One bundle serves both doors: the GitHub runner starts it with no arguments and INPUT_*
// variables; people and other CI systems start it as `bluegreen <mode> --flags`.
if (process.argv.length > 2) {
  const { runCli } = await import("./cli.js");
  process.exitCode = await runCli(process.argv.slice(2));
} else {
  process.exitCode = await run();
}
