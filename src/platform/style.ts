/**
 * Colours for the human log: green ✓, red ✗, a bold result. Only on a terminal (stdout is a TTY),
 * never when NO_COLOR is set to any value (no-color.org), never with --output json (a script reads
 * stdout then), and never in CI logs, where escape codes reach files and notifications.
 */
let colours = false;

/** Decided once per run, by the door that knows the terminal (the CLI). */
export function setColours(on: boolean): void {
  colours = on;
}

export function coloursWanted(stdoutIsTty: boolean, env: NodeJS.ProcessEnv, jsonOutput: boolean): boolean {
  return stdoutIsTty && env.NO_COLOR === undefined && !jsonOutput;
}

const paint = (code: string) => (text: string) => (colours ? `\x1b[${code}m${text}\x1b[0m` : text);

export const style = {
  ok: paint("32"),
  bad: paint("31"),
  bold: paint("1"),
};
