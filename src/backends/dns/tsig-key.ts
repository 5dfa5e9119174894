import { InputError } from "../../errors.js";
import { absoluteName, nameProblem } from "./names.js";
import type { TsigAlgorithm, TsigKey } from "./tsig.js";

/** The inputs a TSIG key comes from, named as issue 17 names them; `secretSource` may be a masked input instead. */
export interface TsigInputs {
  keyName: string;
  algorithm: string;
  secret: string;
  /** Where the secret came from, for messages: "DNS_TSIG_SECRET" (default) or the masked input's name. */
  secretSource?: string;
}

const ALGORITHMS: readonly TsigAlgorithm[] = ["hmac-sha256", "hmac-sha512"];

/**
 * Checks the three TSIG inputs and builds the key. Each problem is one sentence naming its input;
 * the secret is never quoted, only described (its length), since it must not reach any log.
 */
export function parseTsigKey(inputs: TsigInputs): TsigKey {
  const secretSource = inputs.secretSource ?? "DNS_TSIG_SECRET";
  const keyName = inputs.keyName.trim();
  const problem = nameProblem(keyName);
  if (problem)
    throw new InputError(
      "dns-tsig-key-name",
      `"${keyName}" is not a key name: ${problem}; allowed: the key's name as the server knows it, e.g. bluegreen-update.`,
    );
  const algorithm = inputs.algorithm.trim().toLowerCase().replace(/\.$/, "");
  if (!(ALGORITHMS as readonly string[]).includes(algorithm))
    throw new InputError("dns-tsig-algorithm", `"${inputs.algorithm.trim()}" is not allowed; allowed: ${ALGORITHMS.join(" or ")}.`);
  const text = inputs.secret.replace(/\s+/g, "");
  if (text === "") throw new InputError(secretSource, "is empty; allowed: the key's secret in base64, as tsig-keygen writes it.");
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text) || text.length % 4 !== 0)
    throw new InputError(
      secretSource,
      `is not base64 (a ${text.length}-character value); allowed: the key's secret in base64, as tsig-keygen writes it.`,
    );
  return { name: absoluteName(keyName), algorithm: algorithm as TsigAlgorithm, secret: Buffer.from(text, "base64") };
}
