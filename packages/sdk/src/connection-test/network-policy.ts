import { BlockList, isIP } from 'node:net';

/**
 * IPv4 addresses a connection test never connects to on its own (the IANA special-purpose registry
 * less its globally reachable entries): "this network", private, CGNAT, loopback, link-local (cloud
 * metadata services included), IETF protocol assignments, documentation, the deprecated 6to4 relay
 * anycast, benchmarking, multicast, reserved and broadcast.
 */
const FORBIDDEN_IPV4 = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  FORBIDDEN_IPV4.addSubnet(network, prefix, 'ipv4');
}

/**
 * IPv6 is reachable only in global unicast (2000::/3), once the forms that carry an IPv4 address
 * are unwrapped (see unwrapAddress). Outside it lies everything a test must not reach, listed or
 * not: unspecified, loopback, IPv4-compatible ::/96, discard-only 100::/64, NAT64 local-use
 * 64:ff9b:1::/48, unique-local fc00::/7, link-local fe80::/10, site-local fec0::/10, multicast.
 */
const GLOBAL_UNICAST_IPV6 = new BlockList();
GLOBAL_UNICAST_IPV6.addSubnet('2000::', 3, 'ipv6');

/** Special-purpose blocks inside 2000::/3: IETF protocol assignments (Teredo 2001::/32 included) and documentation. */
const FORBIDDEN_IPV6 = new BlockList();
for (const [network, prefix] of [
  ['2001::', 23],
  ['2001:db8::', 32],
  ['3fff::', 20],
] as const) {
  FORBIDDEN_IPV6.addSubnet(network, prefix, 'ipv6');
}

const ipv4Of = (high: number, low: number) => [high >> 8, high & 255, low >> 8, low & 255].join('.');
const ipv6Of = (groups: readonly number[]) => groups.map((group) => group.toString(16)).join(':');

/** The eight 16-bit groups of an IPv6 address (zone index dropped), or undefined for anything else. */
function groupsOf(address: string): number[] | undefined {
  const text = address.replace(/%.*$/, '');
  if (isIP(text) !== 6) return undefined;
  // A dotted IPv4 tail (`::ffff:127.0.0.1`) is two groups.
  const hex = text.replace(/(\d+)\.(\d+)\.(\d+)\.(\d+)$/, (_match, a: string, b: string, c: string, d: string) =>
    ipv6Of([(Number(a) << 8) | Number(b), (Number(c) << 8) | Number(d)]),
  );
  const [head, tail] = hex.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const zeros = tail === undefined ? [] : Array<string>(8 - left.length - right.length).fill('0');
  return [...left, ...zeros, ...right].map((group) => parseInt(group, 16));
}

/**
 * The IPv4 address an IPv6 one carries, else the IPv6 address written in full: IPv4-mapped `::ffff:a.b.c.d`,
 * NAT64 `64:ff9b::a.b.c.d` and 6to4 `2002:aabb:ccdd::` reach that IPv4 host, so it is what is judged.
 * (IPv4-compatible `::a.b.c.d` is deprecated and Teredo obfuscates its address: both are refused whole.)
 */
export function unwrapAddress(address: string): { address: string; family: 'ipv4' | 'ipv6' } {
  if (isIP(address) === 4) return { address, family: 'ipv4' };
  const groups = groupsOf(address);
  if (!groups) return { address: address.toLowerCase(), family: 'ipv6' };
  const prefix96 = ipv6Of(groups.slice(0, 6));
  if (prefix96 === '0:0:0:0:0:ffff' || prefix96 === '64:ff9b:0:0:0:0') return { address: ipv4Of(groups[6], groups[7]), family: 'ipv4' };
  if (groups[0] === 0x2002) return { address: ipv4Of(groups[1], groups[2]), family: 'ipv4' };
  return { address: ipv6Of(groups), family: 'ipv6' };
}

/** True for an address a test may not reach unless allowed (anything that is not an IP address included). */
export function isForbiddenAddress(address: string): boolean {
  const unwrapped = unwrapAddress(address);
  if (unwrapped.family === 'ipv4') return FORBIDDEN_IPV4.check(unwrapped.address, 'ipv4');
  return !GLOBAL_UNICAST_IPV6.check(unwrapped.address, 'ipv6') || FORBIDDEN_IPV6.check(unwrapped.address, 'ipv6');
}

/** A problem in SWITCHBOARD_PLATFORM_URLS or SWITCHBOARD_TEST_ALLOW_HOSTS; the message names the variable. */
export class NetworkSettingError extends Error {}

/**
 * Where a connection test may connect. Public addresses always; a forbidden one only when the URL's
 * origin is one the operator named (SWITCHBOARD_PLATFORM_URLS: that exact scheme, host and port),
 * its host is in SWITCHBOARD_TEST_ALLOW_HOSTS, or the address is in a CIDR listed there.
 */
export class NetworkPolicy {
  private constructor(
    private readonly origins: ReadonlySet<string>,
    private readonly hosts: ReadonlySet<string>,
    private readonly networks: BlockList,
  ) {}

  /** `allowHosts`: SWITCHBOARD_TEST_ALLOW_HOSTS, comma-separated host names, addresses and CIDRs. */
  static create(options: { allowedOrigins?: Iterable<string>; allowHosts?: string } = {}): NetworkPolicy {
    const hosts = new Set<string>();
    const networks = new BlockList();
    for (const entry of (options.allowHosts ?? '')
      .split(',')
      .map((s) => s.trim().toLowerCase())
      .filter(Boolean)) {
      const cidr = /^([^/]+)\/(\d{1,3})$/.exec(entry);
      const address = (cidr ? cidr[1] : entry).replace(/^\[(.*)\]$/, '$1');
      const family = isIP(address);
      if (cidr) {
        const prefix = Number(cidr[2]);
        if (family === 0 || prefix > (family === 4 ? 32 : 128)) {
          throw new NetworkSettingError(`SWITCHBOARD_TEST_ALLOW_HOSTS: "${entry}" is not a CIDR such as 10.0.0.0/8 or fd00::/8`);
        }
        networks.addSubnet(address, prefix, family === 4 ? 'ipv4' : 'ipv6');
      } else if (family !== 0) {
        const unwrapped = unwrapAddress(address);
        networks.addAddress(unwrapped.address, unwrapped.family);
      } else if (/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*\.?$/.test(entry)) {
        hosts.add(entry.replace(/\.$/, ''));
      } else {
        throw new NetworkSettingError(`SWITCHBOARD_TEST_ALLOW_HOSTS: "${entry}" is not a host name, an address or a CIDR`);
      }
    }
    const origins = new Set([...(options.allowedOrigins ?? [])].map((origin) => new URL(origin).origin));
    return new NetworkPolicy(origins, hosts, networks);
  }

  /** The operator named this origin or host: whatever it resolves to may be reached. */
  trusts(url: URL): boolean {
    return this.origins.has(url.origin) || this.hosts.has(hostOf(url));
  }

  /** May a test connect to this resolved address of an untrusted URL? */
  allowsAddress(address: string): boolean {
    if (!isForbiddenAddress(address)) return true;
    // Listed as written (a NAT64 prefix) or as the IPv4 host it carries (10.0.0.0/8 for ::ffff:10.0.0.1).
    const unwrapped = unwrapAddress(address);
    const written = groupsOf(address);
    return this.networks.check(unwrapped.address, unwrapped.family) || (written !== undefined && this.networks.check(ipv6Of(written), 'ipv6'));
  }
}

/** The URL's host name without IPv6 brackets or a trailing dot. */
export function hostOf(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '');
}

/**
 * SWITCHBOARD_PLATFORM_URLS: `telegram=http://127.0.0.1:8081,discord=https://discord.internal`.
 * Each value is a bare http(s) origin; the key a connector type (checked against the plugins by the host).
 */
export function parsePlatformUrls(raw: string | undefined): Map<string, string> {
  const origins = new Map<string, string>();
  for (const entry of (raw ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const eq = entry.indexOf('=');
    const key = eq > 0 ? entry.slice(0, eq).trim().toLowerCase() : '';
    const value = eq > 0 ? entry.slice(eq + 1).trim() : '';
    let url: URL | undefined;
    try {
      url = new URL(value);
    } catch {
      url = undefined;
    }
    if (
      !/^[a-z][a-z0-9_]*$/.test(key) ||
      !url ||
      !/^https?:$/.test(url.protocol) ||
      url.username ||
      url.password ||
      (url.pathname !== '/' && url.pathname !== '') ||
      url.search ||
      url.hash
    ) {
      throw new NetworkSettingError(
        `SWITCHBOARD_PLATFORM_URLS: "${entry.replace(/\/\/[^@/]*@/, '//****@')}" must be <connector type>=<http(s) origin>, such as telegram=http://127.0.0.1:8081 (no path, no credentials)`,
      );
    }
    if (origins.has(key)) throw new NetworkSettingError(`SWITCHBOARD_PLATFORM_URLS names "${key}" twice`);
    origins.set(key, url.origin);
  }
  return origins;
}
