/**
 * Connection outputs from the URIs Neon gave: host and password are parsed from them, `ssl-mode`
 * and `prisma` adjust the query string. Pure, so every rule is tested without a server.
 */
import type { ConnectionSettings } from '../inputs/commands.js';

export interface ConnectionOutputs {
  'db-url': string;
  'db-url-pooled': string;
  'db-host': string;
  'db-host-pooled': string;
  password: string;
}

export function adjustUri(
  uri: string,
  settings: Pick<ConnectionSettings, 'sslMode' | 'prisma'>,
  pooled: boolean,
): string {
  const url = new URL(uri);
  const ssl = settings.sslMode;
  if (ssl !== undefined) {
    if (ssl === 'omit') url.searchParams.delete('sslmode');
    else url.searchParams.set('sslmode', ssl);
    if (ssl === 'disable' || ssl === 'omit') url.searchParams.delete('channel_binding');
  }
  if (settings.prisma) {
    url.searchParams.set('connect_timeout', '30');
    if (pooled) {
      url.searchParams.set('pool_timeout', '30');
      url.searchParams.set('pgbouncer', 'true');
    }
  }
  return url.toString();
}

/** The host as a client dials it: `host` or, where the URI carries one, `host:port`. */
export function hostOf(uri: string): string {
  const url = new URL(uri);
  return url.port ? `${url.hostname}:${url.port}` : url.hostname;
}

export function passwordOf(uri: string): string {
  return decodeURIComponent(new URL(uri).password);
}

export function connectionOutputs(
  uris: { direct: string; pooled: string },
  settings: Pick<ConnectionSettings, 'sslMode' | 'prisma'>,
): ConnectionOutputs {
  return {
    'db-url': adjustUri(uris.direct, settings, false),
    'db-url-pooled': adjustUri(uris.pooled, settings, true),
    'db-host': hostOf(uris.direct),
    'db-host-pooled': hostOf(uris.pooled),
    password: passwordOf(uris.direct),
  };
}

/** Neon's pooler host: the endpoint id in the first label gains `-pooler`. */
export function poolerHost(host: string, endpointId: string): string {
  return host.includes(endpointId) ? host.replace(endpointId, `${endpointId}-pooler`) : host;
}
