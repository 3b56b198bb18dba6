/**
 * Records → API bodies, in the field names and shapes of the official description.
 */
import type { MaskingRule } from './data-plane.js';
import type {
  AnonymizationRecord,
  BranchRecord,
  DatabaseRecord,
  EndpointRecord,
  OperationRecord,
  ProjectRecord,
  RoleRecord,
  SnapshotRecord,
} from './state.js';

export const REGION_ID = 'aws-local-1';
/** Endpoint `host`: a hostname, as on Neon. The port lives in the connection URIs. */
export const ENDPOINT_HOST = '127.0.0.1';

export function projectJson(p: ProjectRecord, defaultBranchId: string): Record<string, unknown> {
  return {
    id: p.id,
    platform_id: 'aws',
    region_id: p.regionId,
    name: p.name,
    provisioner: 'k8s-neonvm',
    default_endpoint_settings: {
      autoscaling_limit_min_cu: 0.25,
      autoscaling_limit_max_cu: 2,
      suspend_timeout_seconds: 0,
    },
    settings: { allowed_ips: { ips: [], protected_branches_only: false }, enable_logical_replication: false },
    pg_version: 17,
    proxy_host: ENDPOINT_HOST,
    branch_logical_size_limit: 0,
    branch_logical_size_limit_bytes: 0,
    store_passwords: p.storePasswords,
    active_time_seconds: 0,
    compute_time_seconds: 0,
    written_data_bytes: 0,
    data_transfer_bytes: 0,
    data_storage_bytes_hour: 0,
    cpu_used_sec: 0,
    consumption_period_start: p.createdAt,
    consumption_period_end: '0001-01-01T00:00:00Z',
    creation_source: 'local-neon',
    history_retention_seconds: 86_400,
    created_at: p.createdAt,
    updated_at: p.updatedAt,
    owner_id: 'local-neon-owner',
    org_id: 'org-local-neon',
    default_branch_id: defaultBranchId,
  };
}

export function branchJson(b: BranchRecord, projectId: string): Record<string, unknown> {
  const out: Record<string, unknown> = {
    id: b.id,
    project_id: projectId,
    name: b.name,
    current_state: b.currentState,
    state_changed_at: b.stateChangedAt,
    creation_source: b.creationSource,
    primary: b.isDefault,
    default: b.isDefault,
    protected: b.protected,
    cpu_used_sec: 0,
    compute_time_seconds: 0,
    active_time_seconds: 0,
    written_data_bytes: 0,
    data_transfer_bytes: 0,
    logical_size: 30_777_344,
    created_at: b.createdAt,
    updated_at: b.updatedAt,
    init_source: b.initSource,
  };
  if (b.parentId) out.parent_id = b.parentId;
  if (b.parentLsn) out.parent_lsn = b.parentLsn;
  if (b.parentTimestamp) out.parent_timestamp = b.parentTimestamp;
  if (b.pendingState) out.pending_state = b.pendingState;
  if (b.expiresAt) out.expires_at = b.expiresAt;
  if (b.ttlIntervalSeconds !== undefined) out.ttl_interval_seconds = b.ttlIntervalSeconds;
  if (b.lastResetAt) out.last_reset_at = b.lastResetAt;
  if (b.restoreStatus) out.restore_status = b.restoreStatus;
  if (b.restoredFrom) out.restored_from = b.restoredFrom;
  if (b.restoredAs) out.restored_as = b.restoredAs;
  if (b.anonymization) {
    out.restricted_actions = [
      { name: 'restore', reason: 'cannot restore anonymized branches' },
      { name: 'delete-rw-endpoint', reason: 'cannot delete read-write endpoints for anonymized branches' },
    ];
  }
  return out;
}

export function annotationJson(b: BranchRecord): Record<string, unknown> {
  const a = b.annotation;
  return {
    object: { type: 'console/branch', id: b.id },
    value: a ? { ...a.value } : {},
    ...(a ? { created_at: a.createdAt, updated_at: a.updatedAt } : {}),
  };
}

export function endpointJson(e: EndpointRecord, projectId: string): Record<string, unknown> {
  const out: Record<string, unknown> = {
    host: ENDPOINT_HOST,
    id: e.id,
    project_id: projectId,
    branch_id: e.branchId,
    autoscaling_limit_min_cu: e.minCu,
    autoscaling_limit_max_cu: e.maxCu,
    region_id: REGION_ID,
    type: e.type,
    current_state: e.currentState,
    settings: e.settings,
    pooler_enabled: false,
    pooler_mode: 'transaction',
    disabled: e.disabled,
    passwordless_access: false,
    creation_source: 'local-neon',
    created_at: e.createdAt,
    updated_at: e.updatedAt,
    proxy_host: ENDPOINT_HOST,
    suspend_timeout_seconds: e.suspendTimeoutSeconds,
    provisioner: 'k8s-neonvm',
  };
  if (e.name) out.name = e.name;
  if (e.pendingState) out.pending_state = e.pendingState;
  if (e.startedAt) out.started_at = e.startedAt;
  if (e.suspendedAt) out.suspended_at = e.suspendedAt;
  return out;
}

export function operationJson(op: OperationRecord, projectId: string): Record<string, unknown> {
  const out: Record<string, unknown> = {
    id: op.id,
    project_id: projectId,
    action: op.action,
    status: op.status,
    failures_count: op.failuresCount,
    created_at: op.createdAt,
    updated_at: op.updatedAt,
    total_duration_ms: op.totalDurationMs,
  };
  if (op.branchId) out.branch_id = op.branchId;
  if (op.endpointId) out.endpoint_id = op.endpointId;
  if (op.error) out.error = op.error;
  return out;
}

export function roleJson(r: RoleRecord, branchId: string, withPassword = false): Record<string, unknown> {
  return {
    branch_id: branchId,
    name: r.name,
    ...(withPassword ? { password: r.password } : {}),
    protected: r.protected,
    authentication_method: 'password',
    created_at: r.createdAt,
    updated_at: r.updatedAt,
  };
}

export function databaseJson(d: DatabaseRecord, branchId: string): Record<string, unknown> {
  return {
    id: d.id,
    branch_id: branchId,
    name: d.name,
    owner_name: d.ownerName,
    created_at: d.createdAt,
    updated_at: d.updatedAt,
  };
}

export function snapshotJson(s: SnapshotRecord): Record<string, unknown> {
  return {
    id: s.id,
    name: s.name,
    lsn: s.lsn,
    timestamp: s.timestamp,
    source_branch_id: s.sourceBranchId,
    created_at: s.createdAt,
    ...(s.expiresAt ? { expires_at: s.expiresAt } : {}),
    manual: s.manual,
  };
}

export function maskingRuleJson(r: MaskingRule): Record<string, unknown> {
  return { ...r };
}

export function anonymizedStatusJson(
  a: AnonymizationRecord,
  projectId: string,
  branchId: string,
): Record<string, unknown> {
  const out: Record<string, unknown> = {
    project_id: projectId,
    branch_id: branchId,
    state: a.state,
    created_at: a.createdAt,
    updated_at: a.updatedAt,
  };
  if (a.statusMessage) out.status_message = a.statusMessage;
  if (a.failedAt) out.failed_at = a.failedAt;
  if (a.lastRun) {
    out.last_run = {
      started_at: a.lastRun.startedAt,
      ...(a.lastRun.completedAt ? { completed_at: a.lastRun.completedAt } : {}),
      triggered_by: '00000000-0000-4000-8000-000000000001',
      triggered_by_username: 'local-neon',
      ...(a.lastRun.maskedColumns !== undefined ? { masked_columns: a.lastRun.maskedColumns } : {}),
    };
  }
  return out;
}
