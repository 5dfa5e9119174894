import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Ajv } from "ajv";
import { FAILSAFE_SCHEMA, load, loadAll } from "js-yaml";
import { describe, expect, it } from "vitest";
import { parseArgs } from "../src/cli.js";
import { INPUTS } from "../src/input-names.js";
import { MODES } from "../src/mode-names.js";
import { dotenv, type StepOutputs } from "../src/platform/outputs.js";
import { ROOT } from "./support/action.js";
import { type GroovyNode, parseGroovyBlocks, walk } from "./support/groovy-blocks.ts";

/**
 * docs/examples/azure-pipelines/ and docs/examples/jenkins/: read by real parsers where one exists
 * (YAML, and Azure's own JSON schema of pipelines), the Jenkinsfiles by their block structure against
 * the declarative grammar; every bluegreen command line they hold goes through the CLI's own argument
 * parser, every variable name they hand to bluegreen is one it reads, every output one it writes.
 */
const AZURE = path.join(ROOT, "docs/examples/azure-pipelines");
const JENKINS = path.join(ROOT, "docs/examples/jenkins");
const read = (file: string) => readFileSync(file, "utf8");
const PACKAGE = JSON.parse(read(path.join(ROOT, "package.json"))) as { name: string; version: string };

// What bluegreen reads and writes, from its own sources.
const INPUT_VARIABLES = new Set(INPUTS.map((input) => `INPUT_${input.name.toUpperCase().replace(/-/g, "_")}`));
const FALLBACK_VARIABLES = new Set(INPUTS.flatMap((input) => input.descriptor.env ?? []));
const SECRET_VARIABLES = new Set(
  INPUTS.filter((input) => input.secret).flatMap((input) => [
    `INPUT_${input.name.toUpperCase().replace(/-/g, "_")}`,
    ...(input.descriptor.env ?? []),
  ]),
);
const ACTION_OUTPUTS = Object.keys((load(read(path.join(ROOT, "action.yml"))) as { outputs: Record<string, unknown> }).outputs);
const OUTPUT_NAMES = ACTION_OUTPUTS.map((name) => name.toUpperCase().replace(/-/g, "_"));
/** BLUEGREEN_* variables the code reads (env.BLUEGREEN_DOTENV...), found in src/ rather than listed here. */
function readBluegreenVariables(dir = path.join(ROOT, "src")): Set<string> {
  const found = new Set<string>();
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) for (const name of readBluegreenVariables(file)) found.add(name);
    else if (entry.name.endsWith(".ts"))
      for (const [, name] of read(file).matchAll(/env\.(BLUEGREEN_[A-Z0-9_]+)/g)) found.add(name as string);
  }
  return found;
}
const BLUEGREEN_READ = readBluegreenVariables();
/** The project's own names for its pipelines' plumbing (BLUEGREEN_CLI: the command that starts bluegreen), as the GitLab component defines them. */
const [, componentJobs] = loadAll(read(path.join(ROOT, "templates/blue-green.yml"))) as [unknown, Record<string, { variables?: object }>];
const PIPELINE_NAMES = Object.keys(componentJobs[".bluegreen-$[[ inputs.environment ]]"]?.variables ?? {}).filter((name) =>
  name.startsWith("BLUEGREEN_"),
);

/** The shell words after `$BLUEGREEN_CLI` on each line of a script that runs it, `"$VAR"` given a placeholder value. */
function cliCommands(script: string): string[][] {
  const commands: string[][] = [];
  for (const line of script.replace(/\\\n\s*/g, " ").split("\n")) {
    const at = line.indexOf("$BLUEGREEN_CLI ");
    if (at < 0) continue;
    const words: string[] = [];
    let rest = line.slice(at + "$BLUEGREEN_CLI ".length).trimStart();
    for (; rest; rest = rest.trimStart()) {
      if (/^(\|\||&&|;|\|)/.test(rest)) break;
      const match = /^("[^"]*"|'[^']*'|\S+)/.exec(rest) as RegExpExecArray;
      const word = match[1] as string;
      words.push(
        word
          .replace(/^"(.*)"$/, "$1")
          .replace(/^'(.*)'$/, "$1")
          .replace(/\$([A-Z_]+)/g, "<$1>"),
      );
      rest = rest.slice(word.length);
    }
    commands.push(words);
  }
  return commands;
}

/** The CLI's own parser: an unknown flag, a missing value or an unknown mode throws its usage error. */
function parsedModes(commands: string[][]): string[] {
  return commands.map((argv) => {
    const parsed = parseArgs(argv);
    if (parsed.kind !== "run") throw new Error(`not a run: ${argv.join(" ")}`);
    return parsed.values.get("mode") as string;
  });
}

/**
 * Variable names a file hands to bluegreen or reads from it that bluegreen does not know: INPUT_*
 * must be an input, BLUEGREEN_* one bluegreen reads or writes, or the project's own BLUEGREEN_CLI.
 */
function unknownVariables(text: string): string[] {
  const unknown: string[] = [];
  for (const [name] of text.matchAll(/\b(?:INPUT|BLUEGREEN)_[A-Z0-9_]+\b/g)) {
    const known = name.startsWith("INPUT_")
      ? INPUT_VARIABLES.has(name)
      : BLUEGREEN_READ.has(name) || OUTPUT_NAMES.includes(name.slice("BLUEGREEN_".length)) || PIPELINE_NAMES.includes(name);
    if (!known) unknown.push(name);
  }
  return [...new Set(unknown)];
}

// ---------------------------------------------------------------- Azure Pipelines

interface AzureStep {
  bash?: string;
  name?: string;
  task?: string;
  condition?: string;
  env?: Record<string, string>;
}
interface AzureJob {
  job?: string;
  deployment?: string;
  environment?: string;
  variables?: Record<string, string>;
  steps?: AzureStep[];
  strategy?: { runOnce: { deploy: { steps: AzureStep[] } } };
}
interface AzureStage {
  stage: string;
  dependsOn?: string | string[];
  lockBehavior?: string;
  jobs: AzureJob[];
}
interface AzurePipeline {
  trigger?: unknown;
  pr?: unknown;
  variables: ({ group: string } | { name: string; value: string })[];
  stages: AzureStage[];
}

const azureFiles = ["azure-pipelines.yml", "azure-pipelines-rollback.yml"];
const azure = (file: string) => load(read(path.join(AZURE, file))) as AzurePipeline;
const stepsOf = (job: AzureJob) => job.steps ?? job.strategy?.runOnce.deploy.steps ?? [];
const jobName = (job: AzureJob) => (job.job ?? job.deployment) as string;
const ownAzureVariables = (pipeline: AzurePipeline) =>
  pipeline.variables
    .flatMap((v) => ("name" in v ? [v.name] : []))
    .concat(pipeline.stages.flatMap((s) => s.jobs.flatMap((j) => Object.keys(j.variables ?? {}))));

describe("the Azure Pipelines examples", () => {
  const schema = JSON.parse(read(path.join(ROOT, "test/fixtures/azure-pipelines/service-schema.json")));
  const validate = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false }).compile(schema);

  it.each(azureFiles)("%s is valid against Azure Pipelines' own schema (service-schema.json)", (file) => {
    // Azure reads every YAML scalar as a string (the schema's booleans are "true"/"false" patterns), as the failsafe schema does.
    const pipeline = load(read(path.join(AZURE, file)), { schema: FAILSAFE_SCHEMA }) as AzurePipeline;
    expect(validate(pipeline), JSON.stringify(validate.errors?.slice(0, 5))).toBe(true);
    // The schema does reject what Azure would: a misspelt stage keyword and an unknown task.
    const misspelt = structuredClone(pipeline) as unknown as { stages: Record<string, unknown>[] };
    (misspelt.stages[0] as Record<string, unknown>).lockBehaviour = "sequential";
    expect(validate(misspelt)).toBe(false);
    const unknownTask = structuredClone(pipeline);
    stepsOf(unknownTask.stages.at(-1)?.jobs[0] as AzureJob).unshift({ task: "NoSuchTask@9" });
    expect(validate(unknownTask)).toBe(false);
  });

  it("release: prepare, test, then promote as a deployment job on production in its own stage, lock in order", () => {
    const pipeline = azure("azure-pipelines.yml");
    expect(pipeline.stages.map((s) => s.stage).slice(0, 3)).toEqual(["prepare", "test", "promote"]);
    const promote = pipeline.stages.find((s) => s.stage === "promote") as AzureStage;
    expect(promote.jobs).toHaveLength(1);
    expect(promote.jobs[0]).toMatchObject({ deployment: "promote", environment: "production" });
    expect(promote.lockBehavior).toBe("sequential");
    // prepare and test never touch the protected environment: no deployment job there.
    for (const stage of pipeline.stages.filter((s) => s.stage === "prepare" || s.stage === "test"))
      for (const job of stage.jobs) expect(job.environment, stage.stage).toBeUndefined();
    expect(pipeline.trigger).toMatchObject({ batch: true, branches: { include: ["main"] } });
    expect(pipeline.pr).toBe("none");
  });

  it("rollback: its own pipeline, by hand only, a deployment job on the same environment", () => {
    const pipeline = azure("azure-pipelines-rollback.yml");
    expect(pipeline.trigger).toBe("none");
    expect(pipeline.pr).toBe("none");
    expect(pipeline.stages).toHaveLength(1);
    expect(pipeline.stages[0]?.jobs[0]).toMatchObject({ deployment: "rollback", environment: "production" });
    expect(pipeline.stages[0]?.lockBehavior).toBe("sequential");
  });

  it.each(azureFiles)("%s runs only CLI commands the CLI accepts, pinned to this release", (file) => {
    const pipeline = azure(file);
    const release = pipeline.variables.find((v) => "name" in v && v.name === "BLUEGREEN_CLI") as { value: string };
    expect(release.value).toBe(`npx --yes ${PACKAGE.name}@${PACKAGE.version}`);
    const scripts = pipeline.stages.flatMap((s) => s.jobs.flatMap((j) => stepsOf(j).map((step) => step.bash ?? "")));
    const modes = parsedModes(scripts.flatMap(cliCommands));
    for (const mode of modes) expect(MODES).toContain(mode);
    expect(modes).toEqual(file === "azure-pipelines.yml" ? ["prepare", "test", "test", "promote", "rollback"] : ["rollback"]);
  });

  it.each(azureFiles)(
    "%s maps secrets into a step's env explicitly, never into a script, and names only variables bluegreen knows",
    (file) => {
      const pipeline = azure(file);
      const own = ownAzureVariables(pipeline);
      expect(unknownVariables(read(path.join(AZURE, file)))).toEqual([]);
      let mapped = 0;
      for (const stage of pipeline.stages) {
        for (const job of stage.jobs) {
          for (const step of stepsOf(job)) {
            // Scripts use environment variables only: a $(macro) would paste a value into the script text.
            expect(step.bash ?? "", `${stage.stage}/${jobName(job)}`).not.toMatch(/\$\(/);
            for (const [key, value] of Object.entries(step.env ?? {})) {
              const macro = /^\$\(([A-Za-z_.]+)\)$/.exec(value)?.[1];
              // A value from the variable group (not defined in the file): a credential, mapped to one of bluegreen's secret inputs.
              if (macro && !own.includes(macro) && !macro.includes(".")) {
                expect(SECRET_VARIABLES, `${key}: $(${macro})`).toContain(key);
                mapped++;
              }
            }
          }
        }
      }
      expect(mapped).toBeGreaterThanOrEqual(file === "azure-pipelines.yml" ? 4 : 1);
    },
  );

  it("reads outputs that exist, by the syntax of their job kind: outputs['<job>.<step>.<var>'] for a deployment job", () => {
    const pipeline = azure("azure-pipelines.yml");
    const text = read(path.join(AZURE, "azure-pipelines.yml"));
    const references = [...text.matchAll(/stageDependencies\.([a-z]+)\.([a-z]+)\.outputs\['([^']+)'\]/g)];
    expect(references.length).toBeGreaterThanOrEqual(5);
    for (const [reference, stageName, name, key] of references) {
      const stage = pipeline.stages.find((s) => s.stage === stageName) as AzureStage;
      const job = stage?.jobs.find((j) => jobName(j) === name) as AzureJob;
      expect(job, reference).toBeDefined();
      const parts = (key as string).split(".");
      if (job.deployment) expect(parts.shift(), reference).toBe(name);
      expect(parts, reference).toHaveLength(2);
      const [step, variable] = parts;
      expect(
        stepsOf(job).map((s) => s.name),
        reference,
      ).toContain(step);
      expect(
        OUTPUT_NAMES.filter((n) => n !== "PLAN"),
        reference,
      ).toContain(variable);
      // The stage reading it depends on the stage that writes it.
      const reader = pipeline.stages.find((s) => JSON.stringify(s).includes(reference)) as AzureStage;
      expect([reader.dependsOn].flat(), reference).toContain(stageName);
    }
    for (const [reference, step, variable] of text.matchAll(/variables\['([a-z]+)\.([A-Z_]+)'\]/g)) {
      expect(["bluegreen"], reference).toContain(step);
      expect(OUTPUT_NAMES, reference).toContain(variable);
    }
  });

  it("turns bluegreen's dotenv outputs into ##vso output variables with the examples' own line", () => {
    const lines = azureFiles.flatMap((file) =>
      [...read(path.join(AZURE, file)).matchAll(/^\s*(if \[ -f "\$BLUEGREEN_DOTENV" \]; then sed .*)$/gm)].map((m) => m[1] as string),
    );
    // One conversion, the same in every step of both pipelines.
    expect(lines).toHaveLength(4);
    expect(new Set(lines).size).toBe(1);
    const line = lines[0] as string;
    const dir = mkdtempSync(path.join(tmpdir(), "bluegreen-azure-"));
    const outputs: StepOutputs = {
      "active-color": "green",
      "previous-color": "blue",
      "target-color": "green",
      version: "0a1b2c3d",
      changed: "true",
      plan: "patch Service shop selector environment=green (was blue)\nscale shop-blue to 1",
      durable: "true",
      ref: "0a1b2c3d4e5f60718293a4b5c6d7e8f901234567",
      "environment-url": "https://shop.example.com/100%25",
      "deployment-id": "",
      "propagation-ms": "",
    };
    // The file as bluegreen writes it (src/platform/outputs.ts), converted by the example's line.
    writeFileSync(path.join(dir, "bluegreen.env"), dotenv(outputs));
    const printed = execFileSync("bash", ["-c", line], {
      env: { PATH: process.env.PATH, BLUEGREEN_DOTENV: path.join(dir, "bluegreen.env") },
    })
      .toString()
      .trim()
      .split("\n");
    expect(printed).toContain("##vso[task.setvariable variable=ACTIVE_COLOR;isOutput=true]green");
    expect(printed).toContain("##vso[task.setvariable variable=TARGET_COLOR;isOutput=true]green");
    expect(printed).toContain("##vso[task.setvariable variable=VERSION;isOutput=true]0a1b2c3d");
    expect(printed).toContain("##vso[task.setvariable variable=DEPLOYMENT_ID;isOutput=true]");
    // A % in a value is escaped the way Azure's task library escapes message data (%AZP25), so the agent reads it back as %.
    expect(printed).toContain("##vso[task.setvariable variable=ENVIRONMENT_URL;isOutput=true]https://shop.example.com/100%AZP2525");
    // Every output but the plan (free text, in the log and the summary), one line each, nothing else.
    expect(printed).toHaveLength(ACTION_OUTPUTS.length - 1);
    expect(printed.join("\n")).not.toContain("PLAN");
  });
});

// ---------------------------------------------------------------- Jenkins

/** The declarative pipeline grammar (jenkins.io/doc/book/pipeline/syntax): what each section may hold. */
const PIPELINE_SECTIONS = ["agent", "environment", "options", "parameters", "triggers", "tools", "stages", "post", "libraries"];
const STAGE_SECTIONS = [
  "agent",
  "environment",
  "options",
  "input",
  "when",
  "tools",
  "steps",
  "stages",
  "parallel",
  "matrix",
  "post",
  "failFast",
];
const STAGE_OPTIONS = ["lock", "timeout", "retry", "skipDefaultCheckout", "timestamps", "quietPeriod"];
const PIPELINE_OPTIONS = [
  ...STAGE_OPTIONS,
  "buildDiscarder",
  "disableConcurrentBuilds",
  "disableResume",
  "durabilityHint",
  "preserveStashes",
  "checkoutToSubdirectory",
  "newContainerPerStage",
  "overrideIndexTriggers",
  "parallelsAlwaysFailFast",
  "skipStagesAfterUnstable",
];
const POST_CONDITIONS = [
  "always",
  "changed",
  "fixed",
  "regression",
  "aborted",
  "failure",
  "success",
  "unstable",
  "unsuccessful",
  "cleanup",
];
const PARAMETER_TYPES = ["string", "text", "booleanParam", "choice", "password"];

const jenkinsFiles = ["Jenkinsfile", "Jenkinsfile.rollback"];
const jenkins = (file: string) => parseGroovyBlocks(read(path.join(JENKINS, file)));
const child = (node: GroovyNode | undefined, name: string) => node?.children?.find((c) => c.name === name);
const stagesOf = (pipeline: GroovyNode) => child(pipeline, "stages")?.children ?? [];
const stageName = (stage: GroovyNode) => stage.args.replace(/^"(.*)"$/, "$1");
/** The shell scripts of a stage: every string literal of its steps that runs the CLI. */
const stageScripts = (stage: GroovyNode) => [...walk(child(stage, "steps")?.children ?? [])].flatMap(({ node }) => node.strings);

describe("the Jenkins examples", () => {
  it.each(jenkinsFiles)("%s follows the declarative grammar", (file) => {
    const nodes = jenkins(file);
    expect(nodes.map((n) => n.name)).toEqual(["pipeline"]);
    const pipeline = nodes[0] as GroovyNode;
    const wrong: string[] = [];
    const only = (where: string, list: GroovyNode[] | undefined, allowed: string[]) => {
      for (const node of list ?? []) if (!allowed.includes(node.name)) wrong.push(`${where}: ${node.text}`);
    };
    only("pipeline", pipeline.children, PIPELINE_SECTIONS);
    for (const required of ["agent", "stages"]) expect(child(pipeline, required), required).toBeDefined();
    only("options", child(pipeline, "options")?.children, PIPELINE_OPTIONS);
    only("parameters", child(pipeline, "parameters")?.children, PARAMETER_TYPES);
    only("post", child(pipeline, "post")?.children, POST_CONDITIONS);
    for (const node of child(pipeline, "environment")?.children ?? [])
      if (!/^[A-Z_][A-Z0-9_]* = "[^"]*"$/.test(node.text)) wrong.push(`environment: ${node.text}`);
    only("stages", stagesOf(pipeline), ["stage"]);
    for (const stage of stagesOf(pipeline)) {
      const name = stageName(stage);
      expect(stage.args, "stage('name')").toMatch(/^"[^"]+"$/);
      only(`stage ${name}`, stage.children, STAGE_SECTIONS);
      expect(
        stage.children?.filter((c) => ["steps", "stages", "parallel", "matrix"].includes(c.name)),
        name,
      ).toHaveLength(1);
      only(`stage ${name} options`, child(stage, "options")?.children, STAGE_OPTIONS);
      only(`stage ${name} post`, child(stage, "post")?.children, POST_CONDITIONS);
      const agent = child(stage, "agent");
      if (agent?.children)
        only(`stage ${name} agent`, agent.children, ["label", "any", "none", "node", "docker", "dockerfile", "kubernetes"]);
    }
    expect(wrong).toEqual([]);
  });

  it("release: one build at a time; the input waits without an agent and outside the lock; promote holds the lock", () => {
    const pipeline = jenkins("Jenkinsfile")[0] as GroovyNode;
    expect(child(child(pipeline, "options"), "disableConcurrentBuilds")).toBeDefined();
    expect(child(pipeline, "agent")?.text).toBe("agent none");
    const stages = stagesOf(pipeline);
    expect(stages.map(stageName)).toEqual(["Prepare", "Test", "Approve", "Promote"]);
    const approve = stages[2] as GroovyNode;
    const promote = stages[3] as GroovyNode;
    // The input step: only in the Approve stage, with no agent, no lock option, and not inside a lock step.
    const inputs = [...walk(pipeline.children ?? [])].filter(({ node }) => node.name === "input");
    expect(inputs).toHaveLength(1);
    for (const { ancestors } of inputs) {
      expect(ancestors).toContain(approve);
      expect(ancestors.map((a) => a.name)).not.toContain("lock");
    }
    expect(child(approve, "agent")?.text).toBe("agent none");
    expect(child(child(approve, "options"), "lock")).toBeUndefined();
    expect(child(approve, "input"), "a stage-level input directive would run inside the stage's options").toBeUndefined();
    expect(child(child(promote, "options"), "lock")?.args).toBe('resource : "bluegreen-shop-production"');
    // The stages that switch production are exactly the locked ones.
    for (const stage of stages) {
      const switches = parsedModes(stageScripts(stage).flatMap(cliCommands)).some((mode) => mode === "promote" || mode === "rollback");
      expect(Boolean(child(child(stage, "options"), "lock")), stageName(stage)).toBe(switches);
    }
  });

  it("rollback: its own job, one at a time, under the release's lock", () => {
    const pipeline = jenkins("Jenkinsfile.rollback")[0] as GroovyNode;
    expect(child(child(pipeline, "options"), "disableConcurrentBuilds")).toBeDefined();
    const [stage] = stagesOf(pipeline);
    expect(child(child(stage, "options"), "lock")?.args).toBe('resource : "bluegreen-shop-production"');
    expect(parsedModes(stageScripts(stage as GroovyNode).flatMap(cliCommands))).toEqual(["rollback"]);
    expect([...walk(pipeline.children ?? [])].filter(({ node }) => node.name === "input")).toEqual([]);
  });

  it.each(jenkinsFiles)("%s runs only CLI commands the CLI accepts, pinned to this release, with variables bluegreen knows", (file) => {
    const pipeline = jenkins(file)[0] as GroovyNode;
    const environment = child(pipeline, "environment")?.children ?? [];
    expect(environment.find((n) => n.name === "BLUEGREEN_CLI")?.strings).toEqual([`npx --yes ${PACKAGE.name}@${PACKAGE.version}`]);
    const scripts = [...walk(pipeline.children ?? [])].flatMap(({ node }) => node.strings);
    const modes = parsedModes(scripts.flatMap(cliCommands));
    expect(modes).toEqual(file === "Jenkinsfile" ? ["prepare", "test", "test", "promote", "rollback"] : ["rollback"]);
    expect(unknownVariables(read(path.join(JENKINS, file)))).toEqual([]);
    // Credentials are bound to a variable bluegreen reads (KUBECONFIG: a path, as kubectl reads it).
    const bound = [...walk(pipeline.children ?? [])]
      .filter(({ node }) => node.name === "withCredentials")
      .flatMap(({ node }) => [...node.args.matchAll(/variable : "([A-Z_]+)"/g)].map((m) => m[1] as string));
    expect(bound.length).toBeGreaterThan(0);
    for (const name of bound) expect([...FALLBACK_VARIABLES, ...INPUT_VARIABLES], name).toContain(name);
    // Outputs are read from the dotenv file under names bluegreen writes.
    for (const [, name] of read(path.join(JENKINS, file)).matchAll(/\^BLUEGREEN_([A-Z_]+)=/g)) expect(OUTPUT_NAMES).toContain(name);
  });

  it("the reader sees what Groovy sees: braces and // inside strings do not count", () => {
    const [node] = parseGroovyBlocks("pipeline {\n  stages { stage('a') { steps { sh 'echo \"}\" // not a comment' } } }\n}\n");
    const sh = [...walk(node?.children ?? [])].find(({ node: n }) => n.name === "sh")?.node;
    expect(sh?.strings).toEqual(['echo "}" // not a comment']);
    expect(() => parseGroovyBlocks("pipeline {\n stages {\n}\n")).toThrow();
  });
});
