/**
 * The block structure of a Jenkinsfile, enough to check the declarative grammar: Groovy's comments
 * and strings (single, double and triple quoted, with escapes) are read as Groovy reads them, so a
 * brace or a `//` inside a string never counts; every `name(args) { ... }` becomes a node with its
 * children, every other statement a leaf with its first word as name. No npm package parses Groovy
 * (the Jenkins parser is Java), hence this reader of the subset declarative pipelines are made of.
 */
export interface GroovyNode {
  name: string;
  /** The raw text between the parentheses after the name ("'Prepare'", "resource: 'x'"), or "". */
  args: string;
  /** Statements inside `{ ... }`; undefined for a statement without a block. */
  children?: GroovyNode[];
  /** Every string literal in the statement (its own, not its children's), unquoted. */
  strings: string[];
  /** The statement's text, for messages. */
  text: string;
}

type Token = { kind: "word" | "string" | "punct" | "newline"; value: string };

export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i] as string;
    if (source.startsWith("//", i)) {
      while (i < source.length && source[i] !== "\n") i++;
    } else if (source.startsWith("/*", i)) {
      const end = source.indexOf("*/", i + 2);
      if (end < 0) throw new Error("unterminated /* comment");
      i = end + 2;
    } else if (c === "'" || c === '"') {
      const quote = source.startsWith(c.repeat(3), i) ? c.repeat(3) : c;
      let j = i + quote.length;
      let value = "";
      while (!source.startsWith(quote, j)) {
        if (j >= source.length) throw new Error(`unterminated string at ${source.slice(i, i + 40)}`);
        if (source[j] === "\\") {
          value += source.slice(j, j + 2);
          j += 2;
        } else {
          if (quote.length === 1 && source[j] === "\n") throw new Error(`newline in a string at ${source.slice(i, i + 40)}`);
          value += source[j];
          j++;
        }
      }
      tokens.push({ kind: "string", value });
      i = j + quote.length;
    } else if (c === "\n") {
      tokens.push({ kind: "newline", value: "\n" });
      i++;
    } else if (/\s/.test(c)) {
      i++;
    } else if (/[A-Za-z_$]/.test(c)) {
      let j = i;
      while (j < source.length && /[A-Za-z0-9_$.]/.test(source[j] as string)) j++;
      tokens.push({ kind: "word", value: source.slice(i, j) });
      i = j;
    } else {
      tokens.push({ kind: "punct", value: c });
      i++;
    }
  }
  return tokens;
}

const render = (tokens: Token[]) => tokens.map((t) => (t.kind === "string" ? JSON.stringify(t.value) : t.value)).join(" ");

/** The statements of a Jenkinsfile, nested by braces. */
export function parseGroovyBlocks(source: string): GroovyNode[] {
  const tokens = tokenize(source);
  let at = 0;
  function block(): GroovyNode[] {
    const nodes: GroovyNode[] = [];
    while (at < tokens.length) {
      const token = tokens[at] as Token;
      if (token.kind === "newline" || (token.kind === "punct" && token.value === ";")) {
        at++;
        continue;
      }
      if (token.kind === "punct" && token.value === "}") return nodes;
      nodes.push(statement());
    }
    return nodes;
  }
  function statement(): GroovyNode {
    const start = at;
    const first = tokens[at] as Token;
    const name = first.kind === "word" ? first.value : "";
    let args = "";
    const own: Token[] = [];
    let depth = 0;
    // The statement runs to the end of its line (outside parentheses and brackets) or to its block.
    while (at < tokens.length) {
      const token = tokens[at] as Token;
      if (token.kind === "punct" && (token.value === "(" || token.value === "[")) depth++;
      if (token.kind === "punct" && (token.value === ")" || token.value === "]")) depth--;
      if (depth === 0 && token.kind === "punct" && token.value === "{") break;
      if (depth === 0 && (token.kind === "newline" || (token.kind === "punct" && (token.value === "}" || token.value === ";")))) break;
      own.push(token);
      at++;
    }
    if (own[1]?.kind === "punct" && own[1].value === "(") {
      let d = 0;
      let end = 1;
      for (; end < own.length; end++) {
        const t = own[end] as Token;
        if (t.kind === "punct" && t.value === "(") d++;
        if (t.kind === "punct" && t.value === ")" && --d === 0) break;
      }
      args = render(own.slice(2, end));
    }
    const node: GroovyNode = {
      name,
      args,
      strings: own.filter((t) => t.kind === "string").map((t) => t.value),
      text: render(tokens.slice(start, at)),
    };
    const next = tokens[at];
    if (next?.kind === "punct" && next.value === "{") {
      at++;
      node.children = block();
      const close = tokens[at];
      if (!(close?.kind === "punct" && close.value === "}")) throw new Error(`unbalanced braces after ${node.text}`);
      at++;
    }
    return node;
  }
  const nodes = block();
  if (at < tokens.length) throw new Error(`unexpected } at token ${at}`);
  return nodes;
}

/** Every node under `nodes`, depth first, with the chain of its ancestors. */
export function* walk(nodes: GroovyNode[], ancestors: GroovyNode[] = []): Generator<{ node: GroovyNode; ancestors: GroovyNode[] }> {
  for (const node of nodes) {
    yield { node, ancestors };
    if (node.children) yield* walk(node.children, [...ancestors, node]);
  }
}
