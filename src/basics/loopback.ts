/**
 * The one loopback rule: which hosts are this machine. Plain http:// is allowed to them only (the
 * Neon API key travels in a header), and the GitHub client goes to them without a proxy.
 * Loopback is `localhost`, any address of 127.0.0.0/8 and `::1` (`[::1]` in a URL), in any case.
 */
const IPV4_LOOPBACK = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** `hostname` as `URL#hostname` gives it (IPv6 in brackets) or bare. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  if (host === 'localhost' || host === '[::1]' || host === '::1') return true;
  const v4 = IPV4_LOOPBACK.exec(host);
  return v4?.slice(1).every((octet) => Number(octet) <= 255) === true;
}

/** What the rule accepts, for messages. */
export const LOOPBACK_HOSTS_TEXT = 'localhost, 127.0.0.0/8 or [::1]';

/** Whether a URL may carry a secret (the Neon API key in a header): https anywhere, plain http only to this machine. */
export function isSecureOrLoopback(url: URL): boolean {
  return url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname));
}
