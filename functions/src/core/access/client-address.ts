/**
 * What the transport says about where a request comes from. Only facts the transport itself
 * vouches for are here: a header a client can set (X-Forwarded-For, Forwarded, X-Real-IP) is
 * never one of them.
 */
export type Transport =
  /** API Gateway (HTTP API) in front of Lambda, with CloudFront in front of it. */
  | { kind: 'lambda'; sourceIp?: string; viewerAddress?: string }
  /** A socket of the Node server (`datarun start`). */
  | { kind: 'socket'; remoteAddress?: string }
  /** No transport: the app called in-process. */
  | { kind: 'none' };

/**
 * The client's address. On AWS, API Gateway's `sourceIp` is the CloudFront edge that
 * forwarded the request, so the viewer's address comes from `CloudFront-Viewer-Address`
 * (`ip:port`), which CloudFront sets itself; without it, `sourceIp`. Locally, the socket's
 * peer, with IPv4-mapped IPv6 written as IPv4. `unknown` when nothing tells.
 */
export function clientAddress(transport: Transport): string {
  switch (transport.kind) {
    case 'lambda': {
      const viewer = transport.viewerAddress && withoutPort(transport.viewerAddress.trim());
      return normalize(viewer || transport.sourceIp) ?? 'unknown';
    }
    case 'socket':
      return normalize(transport.remoteAddress) ?? 'unknown';
    case 'none':
      return 'unknown';
  }
}

/**
 * `198.51.100.10:46532` → `198.51.100.10`; `2001:db8::1:46532` → `2001:db8::1`. CloudFront
 * always appends the port, after the last colon, and does not bracket IPv6.
 */
function withoutPort(address: string): string {
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(address);
  if (bracketed) return bracketed[1]!;
  const cut = address.lastIndexOf(':');
  return cut === -1 ? address : address.slice(0, cut);
}

function normalize(address: string | undefined): string | undefined {
  const value = address?.trim().toLowerCase();
  if (!value) return undefined;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(value);
  return mapped ? mapped[1] : value;
}

/**
 * The address a per-address limit counts: IPv4 as it is, IPv6 as its /64 network, because one
 * subscriber usually holds a whole /64 and could otherwise take a new address per request.
 */
export function rateAddress(address: string): string {
  if (!address.includes(':')) return address;
  const groups = expandIpv6(address);
  return groups ? `${groups.slice(0, 4).join(':')}::/64` : address;
}

/** The eight 16-bit groups of an IPv6 address, without leading zeros; undefined if it is not one. */
function expandIpv6(address: string): string[] | undefined {
  const zone = address.indexOf('%');
  let text = zone === -1 ? address : address.slice(0, zone);
  const tail = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (tail) {
    const [a, b, c, d] = tail.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, tail.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const part = (half: string | undefined) => (half ? half.split(':') : []);
  const head = part(halves[0]);
  const rest = part(halves[1]);
  const missing = 8 - head.length - rest.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const groups = [...head, ...Array<string>(Math.max(missing, 0)).fill('0'), ...rest];
  if (!groups.every((g) => /^[0-9a-f]{1,4}$/i.test(g))) return undefined;
  return groups.map((g) => parseInt(g, 16).toString(16));
}
