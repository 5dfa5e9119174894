// Preloaded with NODE_OPTIONS=--import: this process's Date.now runs BLUEGREEN_TEST_CLOCK_SKEW_MS ahead,
// as on a runner whose clock is wrong by that much (the lease compares epoch times of two machines).
const skew = Number(process.env.BLUEGREEN_TEST_CLOCK_SKEW_MS ?? "0");
const realNow = Date.now;
Date.now = () => realNow() + skew;
