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
  { name: "mode", description: "Pipeline stage: prepare, test, promote, rollback, or status (read-only).", required: true },
  {
    name: "backend",
    description: "Where production traffic is switched: ipLoadbalancing, k8s-service, openshift-route, k8s-gateway or haproxy.",
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
      'prepare: command that installs version on the target color, run without a shell; gets BLUEGREEN_COLOR, BLUEGREEN_VERSION, BLUEGREEN_SERVERS (haproxy, ipLoadbalancing) or BLUEGREEN_DEPLOYMENT and BLUEGREEN_NAMESPACE (Kubernetes backends: Helm, Kustomize, kubectl; the rollout is waited for after). Required on haproxy and ipLoadbalancing; "none" there means the version is installed already and prepare deploys nothing.',
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
    name: "haproxy-persist",
    description:
      "haproxy: file (every change is also written to the map file; refused when this runner cannot write it) or runtime (accept changes that live only in HAProxy's memory, undone by a reload).",
    default: "file",
  },
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
  {
    name: "route",
    description:
      "openshift-route: the production Route, whose spec.to is <app>-blue or <app>-green; k8s-gateway: the production HTTPRoute, whose backendRefs weights send traffic to them (default: app).",
  },
  {
    name: "preview-route",
    description:
      "openshift-route, k8s-gateway: the preview Route or HTTPRoute pointed at the idle color (default: <app>-preview; optional, may not exist; k8s-gateway ignores it when preview-header is set).",
  },
  { name: "color-label", description: "k8s-service, openshift-route: the label whose value names the color.", default: "environment" },
  {
    name: "image",
    description:
      "Kubernetes backends: image repository without tag (e.g. ghcr.io/acme/shop); prepare sets <image>:<version>, after rendering manifests or running deploy-command when those are set. Required by prepare unless one of them is.",
  },
  {
    name: "container",
    description: "k8s-service, openshift-route: the container prepare updates (default: the only one; required when pods have several).",
  },
  {
    name: "traffic-steps",
    description:
      "openshift-route, k8s-gateway: promote in weight steps, percentages on the new color ending at 100 (e.g. 10,50,100); verify-url is checked at each step and any failure returns all traffic to the old color.",
  },
  { name: "step-wait", description: "openshift-route, k8s-gateway: seconds to wait at each traffic step before checking.", default: "30" },
  {
    name: "scale-down-replicas",
    description:
      "k8s-service, openshift-route: after a successful promote, scale the old color to this many replicas (kept for rollback; the next prepare restores the count). Empty: leave it.",
  },
  {
    name: "manifests",
    description:
      "Kubernetes backends, prepare: paths or globs of YAML (one per line): a Deployment named <app> and the ConfigMaps/Secrets it uses, written for one color; rendered for the idle color (names -<color>, color label, references rewritten) and applied with server-side apply (field manager bluegreen).",
  },
  {
    name: "force-conflicts",
    description:
      "Kubernetes backends, manifests: true takes over fields another field manager owns (server-side apply force); false reports the conflicting fields and changes nothing.",
    default: "false",
    boolean: true,
  },
  {
    name: "preview-header",
    description:
      'k8s-gateway: the preview is a rule of the production HTTPRoute matching this header, e.g. "x-bluegreen: preview" (created if missing). Empty: the preview-route HTTPRoute, if it exists.',
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
  {
    name: "bake-time",
    description:
      "promote, rollback: seconds production keeps being checked after the switch (verify-url and analysis); a failed check during a promote's window rolls back when auto-rollback is true. 0: the single check.",
    default: "0",
  },
  { name: "bake-interval", description: "Seconds between two checks of the bake window.", default: "5" },
  {
    name: "prometheus-url",
    description: "Prometheus base URL for analysis (https://user:password@host/ for basic auth; the password is masked and never printed).",
  },
  { name: "prometheus-token", description: "Bearer token for prometheus-url. Masked.", secret: true },
  {
    name: "analysis",
    description:
      "Metric checks, one per line, NAME: PROMQL <op> NUMBER (op <, <=, >, >=); {{color}} and {{version}} are replaced. Run by test mode on the preview color and at every bake check on production.",
  },
  {
    name: "analysis-allow-empty",
    description: "true: an analysis query that returns no data passes; false: it fails.",
    default: "false",
    boolean: true,
  },
  {
    name: "scale-down-delay",
    description:
      "k8s-service, openshift-route: seconds after promote before the old color is scaled to scale-down-replicas, and only if production is still on the new color (30 when scale-down-replicas is set).",
    default: "30",
  },
];

export function findInput(name: string): InputSpec | undefined {
  return INPUTS.find((input) => input.name === name);
}
