import { describe, expect, it } from "vitest";
import { decodeLedger, encodeLedger, type Ledger } from "../../src/ledger.js";

describe("ledger", () => {
  it("round-trips every field without spaces", () => {
    const ledger: Ledger = {
      live: "green",
      previous: "blue",
      versions: { blue: "v1.2.3", green: "2026-11-23_rc.1" },
      pending: "blue",
      lastAction: "promote",
      at: "2026-11-23T12:00:00.000Z",
      run: "github:org/repo/12345",
      tested: { color: "blue", version: "v1.2.3", fingerprint: "blue[b1=127.0.0.1:80]", at: "2026-11-23T11:59:00.000Z" },
      bake: { state: "cancelled", until: "2026-11-23T12:10:00.000Z" },
    };
    const text = encodeLedger(ledger);
    expect(text).not.toMatch(/[\s;]/);
    expect(decodeLedger(text)).toEqual(ledger);
  });

  it("drops what it does not recognise instead of trusting it", () => {
    expect(decodeLedger("live=purple&previous=blue&action=explode&pending=")).toEqual({ previous: "blue", versions: {} });
    expect(decodeLedger(undefined)).toEqual({ versions: {} });
    expect(decodeLedger("new")).toEqual({ versions: {} });
    expect(decodeLedger("bake=maybe&bakeUntil=x")).toEqual({ versions: {} });
  });
});
