import { isIP } from 'node:net';

/** What Fastify's trustProxy gets from TRUST_PROXY: nobody, a hop count, or the proxies' addresses and networks. */
export type TrustedProxies = false | number | string[];

// proxy-addr's names for fixed private ranges: never the whole internet
const NAMED_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);
const EXAMPLE = 'Zet TRUST_PROXY op de adressen van uw load balancer, gescheiden door komma\'s (bijvoorbeeld TRUST_PROXY=10.0.0.5,10.0.1.0/24), of op het aantal proxy\'s vóór de server (bijvoorbeeld TRUST_PROXY=1). Zonder load balancer: laat TRUST_PROXY leeg.';

/**
 * Reads TRUST_PROXY: empty or `false` trusts nobody; a whole number is the count of proxies in front;
 * otherwise a comma-separated list of IP addresses and CIDR networks. `true` (and a /0 network) would
 * trust everyone, so any client could choose its own address for the rate limit with X-Forwarded-For:
 * refused with a Dutch message that says what to set instead.
 */
export function parseTrustProxy(value: string | undefined): TrustedProxies {
  const text = (value ?? '').trim();
  if (text === '' || text.toLowerCase() === 'false') return false;
  if (/^(true|yes|on|all|\*)$/i.test(text)) {
    throw new Error(`TRUST_PROXY=${text} vertrouwt iedereen: dan kiest elke bezoeker zijn eigen adres met X-Forwarded-For en werkt de limiet per adres niet. ${EXAMPLE}`);
  }
  if (/^\d+$/.test(text)) {
    const hops = Number(text);
    if (hops > 10) throw new Error(`TRUST_PROXY=${text} is geen aannemelijk aantal proxy's (hoogstens 10). ${EXAMPLE}`);
    return hops === 0 ? false : hops;
  }
  const entries = text.split(',').map((entry) => entry.trim()).filter((entry) => entry !== '');
  for (const entry of entries) {
    if (NAMED_RANGES.has(entry) || isIP(entry) !== 0) continue;
    const [address, prefix, ...rest] = entry.split('/');
    const version = isIP(address ?? '');
    const bits = /^\d{1,3}$/.test(prefix ?? '') ? Number(prefix) : Number.NaN;
    if (rest.length > 0 || version === 0 || !(bits <= (version === 4 ? 32 : 128))) {
      throw new Error(`TRUST_PROXY bevat "${entry}": dat is geen IP-adres of netwerk (zoals 10.0.0.5 of 10.0.1.0/24). ${EXAMPLE}`);
    }
    if (bits === 0) throw new Error(`TRUST_PROXY bevat "${entry}": dat netwerk is het hele internet, dus iedereen. ${EXAMPLE}`);
  }
  return entries;
}

/** The value for Fastify's trustProxy option (its types lack the hop count its runtime has: the n nearest hops). */
export function fastifyTrustProxy(trusted: TrustedProxies): false | string[] | ((address: string, hop: number) => boolean) {
  return typeof trusted === 'number' ? (_address, hop) => hop < trusted : trusted;
}
