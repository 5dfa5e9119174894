/**
 * The action's inputs, as the CLI knows them. action.yml is not bundled, so this list is its copy
 * for the command line (flags, --help); test/input-names.test.ts fails when the two differ, so a new
 * input in action.yml must be added here too, with the same name, description and default.
 */
export interface InputSpec {
  name: string;
  description: string;
  default?: string;
  required?: true;
  /** A true/false input: the CLI accepts the bare flag (`--dry-run`) for true. */
  boolean?: true;
  /** Holds a credential: the CLI help says to pass it through the environment, not argv. */
  secret?: true;
}

export const INPUTS: readonly InputSpec[] = [
  { name: "mode", description: "Pipeline stage: prepare, test, promote or rollback.", required: true },
  {
    name: "backend",
    description: "Where production traffic is switched: ipLoadbalancing, k8s-service, openshift-route or haproxy.",
    required: true,
  },
  {
    name: "version",
    description:
      "The release being deployed (an image tag: letters, digits, _ . -). Required by prepare; test checks it; promote records it.",
  },
  { name: "dry-run", description: "true: read the state, print the exact plan, change nothing.", default: "false", boolean: true },
  { name: "timeout", description: "Seconds any wait may take.", default: "300" },
  {
    name: "deploy-command",
    description:
      "prepare (haproxy, ipLoadbalancing): command that installs version on the target color, run without a shell; gets BLUEGREEN_COLOR, BLUEGREEN_VERSION, BLUEGREEN_SERVERS.",
  },
  { name: "test-url", description: "Base URL of the preview entry (the idle color)." },
  { name: "health-path", description: "Path that must answer 2xx.", default: "/health" },
  { name: "version-path", description: "Optional path whose body must contain version." },
  { name: "test-requests", description: "Requests of the light load run by test mode.", default: "100" },
  { name: "test-concurrency", description: "Concurrent requests of that load.", default: "10" },
  { name: "max-p95-ms", description: "Highest p95 latency (ms) test mode accepts.", default: "500" },
  { name: "max-error-rate", description: "Highest share of failed requests (0 to 1) test mode accepts.", default: "0" },
  {
    name: "test-command",
    description: "Optional extra test command, run without a shell; gets BLUEGREEN_TEST_URL, BLUEGREEN_COLOR, BLUEGREEN_VERSION.",
  },
  {
    name: "verify-url",
    description: "Production URL checked after promote and rollback (health, and version when version-path is set).",
  },
  {
    name: "auto-rollback",
    description: "true: when the check after promote fails, traffic goes back and the step fails.",
    default: "true",
    boolean: true,
  },
  {
    name: "require-test",
    description: "true: promote refuses a color with no passed test recorded by test mode.",
    default: "false",
    boolean: true,
  },
  { name: "max-test-age", description: "Seconds a passed test stays valid for promote (0: no limit).", default: "0" },
  {
    name: "github-token",
    description:
      "promote, rollback: a token with deployments:write (e.g. github.token); records a GitHub Deployment and its statuses for environment. Empty: no records.",
    secret: true,
  },
  { name: "environment", description: "Name of the deployment environment the records go to.", default: "production" },
  {
    name: "production-environment",
    description:
      "true: the GitHub Deployments are marked production_environment (default: true when environment is production or prod, else false).",
  },
  {
    name: "ref",
    description:
      "prepare: the commit that built version, recorded on the router with it so that promote and rollback records name it (7 to 64 hex digits; default: GITHUB_SHA or CI_COMMIT_SHA).",
  },
  { name: "haproxy-socket", description: "haproxy: Runtime API socket (unix path or host:port), level admin." },
  { name: "haproxy-map", description: "haproxy: the map path as HAProxy knows it, holding the active and preview entries." },
  {
    name: "haproxy-map-file",
    description: "haproxy: where this runner can write that map file (default: haproxy-map), so a reload keeps the switch.",
  },
  { name: "blue-backend", description: "haproxy: the blue backend's name.", default: "blue" },
  { name: "green-backend", description: "haproxy: the green backend's name.", default: "green" },
  {
    name: "kubeconfig",
    description:
      "k8s-service, openshift-route: kubeconfig content (YAML, or base64 of it); pass it from a secret, it is masked. Default: KUBECONFIG, ~/.kube/config, then the in-cluster service account.",
    secret: true,
  },
  { name: "context", description: "k8s-service, openshift-route: kubeconfig context to use (default: the current one)." },
  {
    name: "namespace",
    description: "k8s-service, openshift-route: namespace of the Deployments, Services and Routes.",
    default: "default",
  },
  {
    name: "app",
    description:
      "k8s-service, openshift-route: base name; Deployments and Services <app>-blue and <app>-green, pods labelled app=<app> and <color-label>=blue|green.",
  },
  { name: "service", description: "k8s-service: the production Service whose selector holds <color-label>: <live color> (default: app)." },
  { name: "route", description: "openshift-route: the production Route, whose spec.to is <app>-blue or <app>-green (default: app)." },
  {
    name: "preview-route",
    description: "openshift-route: the preview Route pointed at the idle color (default: <app>-preview; optional, may not exist).",
  },
  { name: "color-label", description: "k8s-service, openshift-route: the label whose value names the color.", default: "environment" },
  {
    name: "image",
    description:
      "k8s-service, openshift-route: image repository without tag (e.g. ghcr.io/acme/shop); prepare sets <image>:<version>. Required by prepare.",
  },
  {
    name: "container",
    description: "k8s-service, openshift-route: the container prepare updates (default: the only one; required when pods have several).",
  },
  {
    name: "traffic-steps",
    description:
      "openshift-route: promote in weight steps, percentages on the new color ending at 100 (e.g. 10,50,100); verify-url is checked at each step and any failure returns all traffic to the old color.",
  },
  { name: "step-wait", description: "openshift-route: seconds to wait at each traffic step before checking.", default: "30" },
  {
    name: "scale-down-replicas",
    description:
      "k8s-service, openshift-route: after a successful promote, scale the old color to this many replicas (kept for rollback; the next prepare restores the count). Empty: leave it.",
  },
  {
    name: "ovh-endpoint",
    description: "ipLoadbalancing: ovh-eu, ovh-ca, ovh-us, or an https://host[:port]/1.0 URL (a private gateway).",
    default: "ovh-eu",
  },
  { name: "ovh-application-key", description: "ipLoadbalancing: API application key (default: the OVH_APPLICATION_KEY variable)." },
  {
    name: "ovh-application-secret",
    description: "ipLoadbalancing: API application secret (default: OVH_APPLICATION_SECRET). Pass it from a secret; it is masked.",
    secret: true,
  },
  {
    name: "ovh-consumer-key",
    description: "ipLoadbalancing: API consumer key granting the IPLB calls (default: OVH_CONSUMER_KEY). Masked.",
    secret: true,
  },
  { name: "ovh-client-id", description: "ipLoadbalancing: OAuth2 service-account client id, instead of the three keys above." },
  {
    name: "ovh-client-secret",
    description: "ipLoadbalancing: OAuth2 service-account client secret, with ovh-client-id. Masked.",
    secret: true,
  },
  { name: "ovh-service", description: "ipLoadbalancing: the Load Balancer's serviceName (loadbalancer-...)." },
  {
    name: "ovh-frontends",
    description:
      "ipLoadbalancing: production frontend ids, comma-separated, one per port (80 and 443 need two). The first one's displayName also holds bluegreen's record.",
  },
  { name: "ovh-preview-frontends", description: "ipLoadbalancing: preview frontend ids, in the same order as ovh-frontends (or none)." },
  { name: "ovh-blue-farms", description: "ipLoadbalancing: the blue farm ids, one per production frontend, in the same order." },
  { name: "ovh-green-farms", description: "ipLoadbalancing: the green farm ids, one per production frontend, in the same order." },
  { name: "ovh-protocol", description: "ipLoadbalancing: protocol of those frontends and farms: http, tcp or udp.", default: "http" },
];

export function findInput(name: string): InputSpec | undefined {
  return INPUTS.find((input) => input.name === name);
}
