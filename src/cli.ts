import { InputError } from "./errors.js";
import { type InputReader, MODES } from "./inputs.js";
import { run } from "./main.js";

/** Minimal CLI for now; issue 5 makes it complete. Flags are named like the inputs. */
export async function runCli(argv: string[]): Promise<number> {
  const values = new Map<string, string>();
  const [mode, ...rest] = argv;
  if (mode && !mode.startsWith("--")) values.set("mode", mode);
  for (let i = mode?.startsWith("--") ? 0 : 1; i < argv.length; i++) {
    const arg = argv[i] as string;
    const match = /^--([a-z0-9-]+)(?:=(.*))?$/.exec(arg);
    if (!match) throw new InputError(arg, `is not a flag; usage: bluegreen <${MODES.join("|")}> --backend <name> [--input value ...]`);
    values.set(match[1] as string, match[2] ?? (argv[++i] as string) ?? "");
  }
  void rest;
  const read: InputReader = (name) => values.get(name) ?? process.env[`INPUT_${name.toUpperCase()}`] ?? "";
  return run(read);
}
