/**
 * User commands (deploy-command, test-command) run without a shell: @actions/exec splits the line into
 * arguments at spaces, and only double quotes group. `./deploy.sh && echo done` then runs deploy.sh
 * with the three arguments `&&`, `echo`, `done`, and succeeds without running `echo`: shell operators
 * written as whole arguments are a mistake caught before anything runs. Inside an argument they stay
 * allowed (a Helm `--set a=b;c`, a jsonpath `{.items[?(@.x>1)]}`), and so does a quoted one (`"|"`).
 */

/** One argument as @actions/exec passes it, and whether any of it was inside double quotes. */
export interface CommandWord {
  text: string;
  quoted: boolean;
}

/**
 * The arguments of a command line exactly as @actions/exec's argStringToArray makes them (its
 * toolrunner is not exported): spaces split outside double quotes, a backslash escapes only `"` and
 * `\` inside them, and quotes are removed. test/command-line.test.ts compares both on real commands.
 */
export function commandWords(line: string): CommandWord[] {
  const words: CommandWord[] = [];
  let text = "";
  let quoted = false;
  let inQuotes = false;
  let escaped = false;
  let started = false;
  const append = (c: string) => {
    if (escaped && c !== '"') text += "\\";
    text += c;
    escaped = false;
    started = true;
  };
  for (const c of line) {
    if (c === '"') {
      if (escaped) append(c);
      else {
        inQuotes = !inQuotes;
        quoted = true;
      }
      continue;
    }
    if (c === "\\" && escaped) {
      append(c);
      continue;
    }
    if (c === "\\" && inQuotes) {
      escaped = true;
      continue;
    }
    if (c === " " && !inQuotes) {
      if (text.length > 0) words.push({ text, quoted });
      text = "";
      quoted = false;
      started = false;
      continue;
    }
    append(c);
  }
  if (started && text.length > 0) words.push({ text: text.trim(), quoted });
  return words;
}

/** What a shell would read as an operator when written alone: lists, pipes, redirections, background. */
const OPERATORS = new Set(["&&", "||", "|", "|&", ";", ";;", "&", ">", ">>", "<", "<<", "2>", "2>>", "&>", "2>&1", ">&2", "1>&2"]);

/**
 * The shell operators `line` holds as whole unquoted arguments, with the sentence that says how to
 * write it; undefined when there are none. The fix names the shell, quoted the way @actions/exec
 * groups (double quotes: single quotes do not group there, `bash -c 'a && b'` would split at spaces).
 */
export function shellOperatorProblem(line: string): string | undefined {
  const operators = commandWords(line)
    .filter((word) => !word.quoted && OPERATORS.has(word.text))
    .map((word) => word.text);
  if (operators.length === 0) return undefined;
  const distinct = [...new Set(operators)];
  const shown = distinct.map((op) => `"${op}"`).join(", ");
  const one = distinct.length === 1;
  // Escaped for the example: its own quotes and backslashes, and any control character shown, not sent to a terminal.
  const inner = line
    .trim()
    .replace(/\\/g, "\\\\")
    .replace(/"/g, '\\"')
    .replace(/[\u0000-\u001f\u007f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`);
  return `holds the shell operator${one ? "" : "s"} ${shown} as ${one ? "a whole argument" : "whole arguments"}, but commands run without a shell, so the program would get ${one ? "it as an argument" : "them as arguments"}; nothing was changed: name the shell, e.g. bash -c "${inner}", or put the steps in a script.`;
}
