/**
 * What every route handler gets: the state, the operation runner, the data plane and the options,
 * plus the few lookups and checks all of them share (404s, the 423 lock, points in time).
 */
import type { DataPlane, EndpointPorts } from './data-plane.js';
import { ApiError, badRequest, branchNotFound, locked, notFound, pointInTimeUnsupported } from './errors.js';
import type { OperationRunner } from './operations.js';
import type { BranchRecord, CheckpointRecord, EndpointRecord, LocalNeonState } from './state.js';

export interface CoreOptions {
  operationMs: number;
  branchLimit: number;
  rootBranchLimit: number;
  /** Branch Recovery (2.7.3, preview): a delete without `hard_delete=true` keeps the branch recoverable 7 days. */
  branchRecovery: boolean;
  /** Whether a recoverable branch still holds its name (the description does not say: tests try both). */
  deletedNamesHeld: boolean;
}

export interface LocalNeonCore {
  readonly state: LocalNeonState;
  readonly runner: OperationRunner;
  readonly dataPlane: DataPlane;
  readonly options: CoreOptions;
}

export function getBranch(core: LocalNeonCore, id: string): BranchRecord {
  const b = core.state.branches.get(id);
  if (!b) throw branchNotFound();
  return b;
}

export function getEndpoint(core: LocalNeonCore, id: string): EndpointRecord {
  const e = core.state.endpoints.get(id);
  if (!e) throw notFound('endpoint not found');
  return e;
}

/** 423 while any operation of the project is pending. Call after validation, before changing state. */
export function assertUnlocked(core: LocalNeonCore): void {
  if (core.runner.hasPending()) throw locked();
}

export interface PointInTime {
  lsn?: string;
  timestamp?: string;
}

/** Read `lsnKey`/`timestampKey` from a query or body; both at once is a 400. */
export function readPoint(source: (key: string) => unknown, lsnKey: string, timestampKey: string): PointInTime {
  const lsn = source(lsnKey);
  const timestamp = source(timestampKey);
  if (
    lsn !== undefined &&
    lsn !== null &&
    lsn !== '' &&
    timestamp !== undefined &&
    timestamp !== null &&
    timestamp !== ''
  ) {
    throw badRequest(`${lsnKey} and ${timestampKey} are mutually exclusive`);
  }
  const point: PointInTime = {};
  if (typeof lsn === 'string' && lsn !== '') point.lsn = lsn;
  if (typeof timestamp === 'string' && timestamp !== '') {
    if (Number.isNaN(Date.parse(timestamp))) throw badRequest(`${timestampKey} must be an RFC 3339 timestamp`);
    point.timestamp = timestamp;
  }
  return point;
}

export function isPoint(point: PointInTime): boolean {
  return point.lsn !== undefined || point.timestamp !== undefined;
}

/**
 * The checkpoint for `branchId` at `point`. Only points the local Neon kept can be answered (a
 * branch's creation point on its parent, a snapshot); anything else is 400.
 */
export function resolvePoint(core: LocalNeonCore, branchId: string, point: PointInTime): CheckpointRecord {
  const found = core.state.findCheckpoint(branchId, point);
  if (!found) throw pointInTimeUnsupported();
  return found;
}

/** The ports the data plane serves an endpoint on; 503 if it could not start it. */
export async function endpointPorts(endpoint: EndpointRecord): Promise<EndpointPorts> {
  if (!endpoint.ports) throw notFound('endpoint has no compute');
  try {
    return await endpoint.ports;
  } catch {
    throw new ApiError(503, 'the compute endpoint failed to start');
  }
}

export function connectionUri(role: { name: string; password: string }, database: string, port: number): string {
  return `postgresql://${encodeURIComponent(role.name)}:${encodeURIComponent(role.password)}@127.0.0.1:${port}/${encodeURIComponent(database)}?sslmode=disable`;
}
