/**
 * The common end of create-branch, reset-branch (and anonymize/restore): connection URIs from Neon,
 * masked before they go anywhere, the optional Auth/Data API URLs, outputs, comment and summary.
 */
import { type BranchReport, renderBranchReport } from '../conversation/branch-texts.js';
import { branchUpdates } from '../conversation/preview-comment.js';
import { type ConversationStart, currentSections, publish } from '../conversation/publish.js';
import type { BranchSettings, ConnectionSettings } from '../inputs/commands.js';
import type { NeonBranch, NeonConnectionUri, NeonEndpoint } from '../neon/index.js';
import { authUrl, dataApiUrl, parentNameOf } from '../preview/branch-details.js';
import { fetchUris, urisFromCreate } from '../preview/connection.js';
import { connectionOutputs } from '../preview/connection-outputs.js';
import { phase } from '../runtime/logger.js';
import { conversationOf } from './context.js';
import type { CommandContext, CommandResult } from './types.js';

/**
 * Said as soon as Neon answers, before any wait, so a cancelled run still leaves its outputs and every
 * password Neon handed over is masked before an error message could carry it.
 */
export function announceBranch(
  ctx: CommandContext,
  branch: NeonBranch,
  created: boolean,
  uris: readonly NeonConnectionUri[] = [],
): void {
  for (const uri of uris) {
    ctx.secrets.add(uri.connection_parameters.password);
    ctx.secrets.addUri(uri.connection_uri);
  }
  ctx.log.info(
    created
      ? `Created branch ${branch.name} (${branch.id})`
      : `Branch ${branch.name} (${branch.id}) already exists: reusing it`,
  );
  ctx.setOutput('branch-id', branch.id);
  ctx.setOutput('branch-name', branch.name);
  ctx.setOutput('created', String(created));
}

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
  if (settings.getAuthUrl) extra['auth-url'] = await authUrl(ctx.neon, projectId, branch.id);
  if (settings.getDataApiUrl)
    extra['data-api-url'] = await dataApiUrl(ctx.neon, projectId, branch.id, settings.database);

  const parentName = await parentNameOf(ctx.neon, projectId, branch);
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
      conversationOf(ctx),
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
