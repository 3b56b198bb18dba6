/**
 * The common end of create-branch, reset-branch (and anonymize/restore): connection URIs from Neon,
 * masked before they go anywhere, the optional Auth/Data API URLs, outputs, comment and summary.
 */
import type { CommandContext, CommandResult } from '../commands/types.js';
import type { BranchSettings, ConnectionSettings } from '../inputs/commands.js';
import { NeonApiError, type NeonBranch, type NeonConnectionUri, type NeonEndpoint } from '../neon/index.js';
import { phase } from '../runtime/logger.js';
import { type BranchReport, renderBranchReport } from '../conversation/branch-texts.js';
import { branchUpdates } from '../conversation/preview-comment.js';
import { type ConversationStart, currentSections, publish } from '../conversation/publish.js';
import { fetchUris, urisFromCreate } from './connection.js';
import { connectionOutputs } from './connection-outputs.js';

export interface FinishArgs {
  command: 'create-branch' | 'reset-branch' | 'anonymize' | 'snapshot';
  projectId: string;
  branch: NeonBranch;
  created: boolean;
  endpoint: NeonEndpoint;
  connectionUris?: NeonConnectionUri[];
  settings: ConnectionSettings & Partial<Pick<BranchSettings, 'getAuthUrl' | 'getDataApiUrl' | 'schemaOnly'>>;
  /** The comment's GitHub reads, started when the command began (`startConversation`). */
  comment?: ConversationStart;
  /** snapshot restore: the snapshot restored. */
  snapshotName?: string;
}

export async function connectionOutputsFor(
  ctx: CommandContext,
  args: Pick<FinishArgs, 'projectId' | 'branch' | 'endpoint' | 'connectionUris' | 'settings'>,
) {
  const { settings } = args;
  const uris =
    urisFromCreate(args.connectionUris, settings.role, settings.database) ??
    (await fetchUris(ctx.neon, {
      projectId: args.projectId,
      branchId: args.branch.id,
      endpointId: args.endpoint.id,
      role: settings.role,
      database: settings.database,
    }));
  ctx.secrets.addUri(uris.direct);
  ctx.secrets.addUri(uris.pooled);
  const outputs = connectionOutputs(uris, settings);
  for (const value of [outputs['db-url'], outputs['db-url-pooled']]) ctx.secrets.addUri(value);
  return outputs;
}

export async function finishBranch(
  ctx: CommandContext,
  args: FinishArgs,
  extraOutputs: CommandResult['outputs'] = {},
): Promise<CommandResult> {
  const { branch, projectId, settings } = args;
  const conn = await phase('Connection details', async () => {
    const outputs = await connectionOutputsFor(ctx, args);
    ctx.log.info(
      `Host ${outputs['db-host']}, pooled host ${outputs['db-host-pooled']}, database ${settings.database}, role ${settings.role}`,
    );
    return outputs;
  });
  for (const [name, value] of Object.entries(extraOutputs))
    if (value !== undefined) ctx.setOutput(name as keyof typeof extraOutputs, value);
  for (const [name, value] of Object.entries(conn)) ctx.setOutput(name as keyof typeof conn, value);
  const extra: { 'auth-url'?: string; 'data-api-url'?: string } = {};
  if (settings.getAuthUrl) extra['auth-url'] = await optionalGet(() => authUrl(ctx, projectId, branch.id));
  if (settings.getDataApiUrl)
    extra['data-api-url'] = await optionalGet(() => dataApiUrl(ctx, projectId, branch.id, settings.database));

  const parentName = await parentNameOf(ctx, projectId, branch);
  const report: BranchReport = {
    command: args.command,
    projectId,
    branchId: branch.id,
    branchName: branch.name,
    parentName,
    created: args.created,
    expiresAt: branch.expires_at,
    host: conn['db-host'],
    pooledHost: conn['db-host-pooled'],
    schemaOnly: branch.init_source === 'schema-only',
    ...(args.snapshotName ? { snapshotName: args.snapshotName } : {}),
  };
  const commentUrl = await phase('Comment and summary', async () =>
    publish(
      ctx,
      'preview',
      {
        updates: branchUpdates(report, await currentSections('preview', args.comment)),
        summary: renderBranchReport(report),
      },
      { started: args.comment },
    ),
  );
  return {
    outputs: {
      'branch-id': branch.id,
      'branch-name': branch.name,
      created: String(args.created),
      'expires-at': branch.expires_at ?? '',
      ...extra,
      ...(commentUrl ? { 'comment-url': commentUrl } : {}),
    },
  };
}

async function parentNameOf(ctx: CommandContext, projectId: string, branch: NeonBranch): Promise<string | undefined> {
  if (!branch.parent_id) return undefined;
  try {
    const { data } = await ctx.neon.call('getProjectBranch', {
      path: { project_id: projectId, branch_id: branch.parent_id },
    });
    return data.branch.name;
  } catch {
    return branch.parent_id;
  }
}

/** One GET; a 404 (not configured) is an empty output, not a failure. */
async function optionalGet(get: () => Promise<string>): Promise<string> {
  try {
    return await get();
  } catch (e) {
    if (e instanceof NeonApiError && e.status === 404) return '';
    throw e;
  }
}

async function authUrl(ctx: CommandContext, projectId: string, branchId: string): Promise<string> {
  const { data } = await ctx.neon.call('getNeonAuth', { path: { project_id: projectId, branch_id: branchId } });
  return String((data as { base_url?: string }).base_url ?? '');
}

async function dataApiUrl(ctx: CommandContext, projectId: string, branchId: string, database: string): Promise<string> {
  const { data } = await ctx.neon.call('getProjectBranchDataAPI', {
    path: { project_id: projectId, branch_id: branchId, database_name: database },
  });
  return String((data as { url?: string }).url ?? '');
}
