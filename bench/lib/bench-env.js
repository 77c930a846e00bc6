/**
 * Switchboard settings that would get in a benchmark's way, given to every Switchboard the bench
 * starts: no rate limiting (the load generator is one address sending thousands of requests a
 * second) and room for the large stores (MAX_CONNECTORS). Unknown to a build that lacks them.
 */
export const BENCH_ENV = { RATE_LIMIT_PER_KEY: '0', RATE_LIMIT_PER_ADDRESS: '0', MAX_CONNECTORS: '10000000' };
