// @ovhcloud/node-ovh 3.x ships no types. Only what bluegreen calls is declared here.
declare module "@ovhcloud/node-ovh" {
  interface OvhClientParams {
    endpoint?: string;
    host?: string;
    port?: number;
    basePath?: string;
    tokenURL?: string;
    appKey?: string;
    appSecret?: string;
    consumerKey?: string;
    clientID?: string;
    clientSecret?: string;
    /** Socket timeout in ms; the request is aborted after it. */
    timeout?: number;
  }
  interface OvhClient {
    /** Rejects with { error, message }: error is the HTTP status, an errno, an Error or a text. */
    requestPromised(method: string, path: string, params?: Record<string, unknown>): PromiseLike<unknown>;
  }
  function createOvhClient(params: OvhClientParams): OvhClient;
  export = createOvhClient;
}
