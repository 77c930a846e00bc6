import { BlockList, isIP } from 'node:net';

/**
 * Addresses a connection test never connects to on its own: loopback, link-local (cloud metadata
 * services included), private, unique-local, CGNAT, unspecified, multicast and reserved ranges.
 */
const FORBIDDEN = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  FORBIDDEN.addSubnet(network, prefix, 'ipv4');
}
FORBIDDEN.addAddress('::', 'ipv6');
FORBIDDEN.addAddress('::1', 'ipv6');
for (const [network, prefix] of [
  ['fe80::', 10],
  ['fc00::', 7],
  ['ff00::', 8],
] as const) {
  FORBIDDEN.addSubnet(network, prefix, 'ipv6');
}

/** An IPv4 address carried inside an IPv6 one (`::ffff:127.0.0.1`, NAT64 `64:ff9b::7f00:1`), else the address as given. */
export function unwrapAddress(address: string): { address: string; family: 'ipv4' | 'ipv6' } {
  if (isIP(address) === 4) return { address, family: 'ipv4' };
  const lower = address.toLowerCase();
  const dotted = /^(?:::ffff:|64:ff9b::)(\d{1,3}(?:\.\d{1,3}){3})$/.exec(lower);
  if (dotted) return { address: dotted[1], family: 'ipv4' };
  const hex = /^(?:::ffff:|64:ff9b::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  if (hex) {
    const high = parseInt(hex[1], 16);
    const low = parseInt(hex[2], 16);
    return { address: [high >> 8, high & 255, low >> 8, low & 255].join('.'), family: 'ipv4' };
  }
  return { address: lower, family: 'ipv6' };
}

/** True for an address a test may not reach unless allowed. */
export function isForbiddenAddress(address: string): boolean {
  const unwrapped = unwrapAddress(address);
  return FORBIDDEN.check(unwrapped.address, unwrapped.family);
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
    const unwrapped = unwrapAddress(address);
    return this.networks.check(unwrapped.address, unwrapped.family);
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
