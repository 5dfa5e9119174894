/**
 * Where the human log goes: stdout by default; stderr when stdout carries something a script
 * reads (--output json: one JSON document; --output env: the name=value lines).
 */
let toStderr = false;

export function sendLogToStderr(on: boolean): void {
  toStderr = on;
}

export function logToStderr(): boolean {
  return toStderr;
}

export function writeLogLine(text: string): void {
  (toStderr ? process.stderr : process.stdout).write(`${text}\n`);
}

/** A GitHub workflow command on stderr (the runner reads commands there too), escaped as @actions/core does. */
export function stderrCommand(command: string, text: string): void {
  const data = text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
  process.stderr.write(`::${command}::${data}\n`);
}
