/**
 * Connection URIs always come from Neon: the create response's `connection_uris` when they are for
 * the asked role and database, else `GET /connection_uri` (pooled=false and pooled=true).
 */
import { InputError } from '../inputs/errors.js';
import { NeonApiError, type NeonClient, type NeonConnectionUri } from '../neon/index.js';

export interface Uris {
  direct: string;
  pooled: string;
}

export function urisFromCreate(
  fromCreate: readonly NeonConnectionUri[] | undefined,
  role: string,
  database: string,
): Uris | undefined {
  const match = fromCreate?.find(
    (c) => c.connection_parameters.role === role && c.connection_parameters.database === database,
  );
  if (!match?.connection_parameters.pooler_host) return undefined;
  const pooled = new URL(match.connection_uri);
  pooled.host = match.connection_parameters.pooler_host;
  return { direct: match.connection_uri, pooled: pooled.toString() };
}

export async function fetchUris(
  neon: NeonClient,
  args: { projectId: string; branchId: string; endpointId: string; role: string; database: string },
): Promise<Uris> {
  const get = async (pooled: boolean) => {
    try {
      const { data } = await neon.call('getConnectionURI', {
        path: { project_id: args.projectId },
        query: {
          branch_id: args.branchId,
          endpoint_id: args.endpointId,
          database_name: args.database,
          role_name: args.role,
          pooled,
        },
      });
      return data.uri;
    } catch (e) {
      throw explain(e, args);
    }
  };
  const direct = await get(false);
  return { direct, pooled: await get(true) };
}

function explain(e: unknown, args: { role: string; database: string }): unknown {
  if (!(e instanceof NeonApiError)) return e;
  if (e.status === 412)
    return new Error(
      'Neon does not store passwords for this project, so it cannot give a connection URI for an existing branch: ' +
        'turn on the project setting "store passwords" (store_passwords), or reset the role password yourself',
    );
  if (e.status === 404 && /role/i.test(e.apiMessage))
    return new InputError('role', `names no role of the branch: "${args.role}" (Neon: ${e.apiMessage})`);
  if (e.status === 404 && /database/i.test(e.apiMessage))
    return new InputError('database', `names no database of the branch: "${args.database}" (Neon: ${e.apiMessage})`);
  return e;
}
