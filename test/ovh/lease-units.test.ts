import { describe, expect, it } from "vitest";
import { decodeLease, encodeLease, leaseTimings } from "../../src/backends/ovh/lease.js";
import { RoundTrips } from "../../src/backends/ovh/round-trips.js";
import { joinServiceName, splitServiceName } from "../../src/backends/ovh/service-cell.js";
import { AppliedView, describeTraffic } from "../../src/backends/ovh/traffic.js";

describe("the lease's timings follow the measured round trip", () => {
  it("keeps the floors on a fast API, and grows with a slow one (at 3 s a renewal is a read and a PUT: 6 s)", () => {
    expect(leaseTimings(20)).toMatchObject({ settleMs: 1_500, renewEveryMs: 5_000, ttlSeconds: 13, pollMs: 1_000 });
    expect(leaseTimings(1_500)).toMatchObject({ claimMs: 3_000, settleMs: 6_000, renewalMs: 3_000, renewEveryMs: 6_000, ttlSeconds: 17 });
    expect(leaseTimings(3_000)).toMatchObject({ claimMs: 6_000, settleMs: 12_000, renewalMs: 6_000, renewEveryMs: 12_000, ttlSeconds: 32 });
    // A claim that took as long as the round trips say is never doubted: the settle is twice a claim.
    for (const rtt of [0, 100, 750, 1_500, 3_000]) expect(leaseTimings(rtt).settleMs).toBeGreaterThanOrEqual(leaseTimings(rtt).claimMs);
  });

  it("estimates from the recent round trips: the slowest for the lease, the median for the work", () => {
    const trips = new RoundTrips();
    expect([trips.slowestMs(), trips.typicalMs()]).toEqual([0, 0]);
    for (const ms of [100, 120, 90, 2_000, 110]) trips.record(ms);
    expect([trips.slowestMs(), trips.typicalMs(), trips.sampleSize()]).toEqual([2_000, 110, 5]);
    for (let i = 0; i < 8; i++) trips.record(50);
    expect([trips.slowestMs(), trips.typicalMs(), trips.sampleSize(), trips.count]).toEqual([50, 50, 8, 13]);
  });
});

describe("the lease text in the service's displayName", () => {
  it("keeps the user's name, and reads back owner, expiry, machine and process", () => {
    const record = { owner: "0123456789ab", until: 1_767_225_600, host: "a1b2c3d4e5f6", pid: 4242 };
    for (const userName of ["my lb", "", "lb [prod]"]) {
      const name = joinServiceName(userName, encodeLease(record));
      expect(splitServiceName(name)).toEqual({ userName, leaseText: encodeLease(record) });
      expect(decodeLease(splitServiceName(name).leaseText)).toEqual(record);
    }
    expect(joinServiceName("my lb", "")).toBe("my lb");
    // A lease written before the machine was recorded still reads; a malformed one holds nothing.
    expect(decodeLease("owner=0123456789ab&until=1767225600")).toEqual({ owner: "0123456789ab", until: 1_767_225_600 });
    expect(decodeLease("owner=&until=5")).toBeUndefined();
    expect(decodeLease("owner=x&until=soon")).toBeUndefined();
    expect(decodeLease("")).toBeUndefined();
  });
});

describe("where production is, when the configuration is not (surely) what runs", () => {
  const frontends = [
    { frontendId: 1, port: "80" },
    { frontendId: 2, port: "443" },
  ];

  it("says nothing more than the color when nothing waits and no refresh runs", () => {
    expect(describeTraffic({ frontends, configured: ["blue", "blue"], pending: 0, active: [], view: new AppliedView() })).toBeUndefined();
  });

  it("knows what runs from a moment when nothing waited, and from the tasks this run started", () => {
    const view = new AppliedView();
    view.nothingWaits(["blue", "blue"]);
    view.started(5002, ["green", "green"]);
    // Staged, refreshed by a task still running.
    expect(describeTraffic({ frontends, configured: ["green", "green"], pending: 4, active: [{ id: 5002 }], view })).toBe(
      "Production is on blue; refresh task 5002, still running, moves it to green when it ends.",
    );
    // Put back, and refreshed again: both tasks still run; the last one deploys blue.
    view.started(5003, ["blue", "blue"]);
    expect(describeTraffic({ frontends, configured: ["blue", "blue"], pending: 8, active: [{ id: 5003 }, { id: 5002 }], view })).toBe(
      "Production is on blue; refresh tasks 5002 and 5003, still running, keep it there.",
    );
    // Both ended in error: nothing was applied; the configuration is blue again.
    view.ended({ id: 5002, status: "error" });
    view.ended({ id: 5003, status: "error" });
    expect(describeTraffic({ frontends, configured: ["blue", "blue"], pending: 8, active: [], view })).toBe(
      "Production is on blue; the changes waiting for a refresh do not move it.",
    );
    // Staged on green with no refresh at all (a cancelled run).
    expect(describeTraffic({ frontends, configured: ["green", "blue"], pending: 1, active: [], view })).toBe(
      "Production is on blue; its configuration sends it to a split (port 80 to green, port 443 to blue), which no refresh has applied: run promote or rollback to settle it.",
    );
  });

  it("says a refresh that does not move anything keeps production where it is", () => {
    expect(describeTraffic({ frontends, configured: ["green", "green"], pending: 0, active: [{ id: 7 }], view: new AppliedView() })).toBe(
      "Production is on green; refresh task 7, still running, keeps it there (no change waits for a refresh).",
    );
  });

  it("says plainly when it cannot be known, and why", () => {
    expect(describeTraffic({ frontends, configured: ["green", "green"], pending: 2, active: [{ id: 7 }], view: new AppliedView() })).toBe(
      "Where production is cannot be known: 2 change(s) wait for a refresh and refresh task 7 is still running, and OVH does not say which changes the Load Balancer already runs; its configuration sends production to green. Run promote or rollback to settle it.",
    );
    expect(describeTraffic({ frontends, configured: ["blue", "blue"], active: [], view: new AppliedView() })).toMatch(
      /^Where production is cannot be known: the consumer key may not read \/pendingChanges, /,
    );
    // Another's task runs after this run's: what it applies is not this run's to say.
    const view = new AppliedView();
    view.nothingWaits(["blue", "blue"]);
    expect(describeTraffic({ frontends, configured: ["green", "green"], pending: 3, active: [{ id: 9 }], view })).toBe(
      "Production is on blue; refresh task 9, still running, was not started by this run, so what it applies cannot be known (its configuration sends it to green).",
    );
  });
});
