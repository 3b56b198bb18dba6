export {
  type CallOptions,
  type CallResult,
  NeonClient,
  type NeonClientOptions,
  type ReconciledResult,
} from './client.js';
export {
  NeonApiError,
  NeonCancelledError,
  NeonRequestError,
  NeonResponseShapeError,
  outsideHistory,
} from './errors.js';
export { OPERATIONS, type OperationId } from './generated/operations.js';
export type * from './generated/types.js';
export {
  describeFailure,
  FAILURE_STATUSES,
  NeonOperationError,
  nextPollInterval,
  type OperationRef,
  type OperationState,
  operationState,
  SUCCESS_STATUSES,
  type WaitForOperationsOptions,
  waitForAllOperations,
  waitForOperations,
} from './operations.js';
export {
  type BranchList,
  findBranchByExactName,
  findBranchByNameOrId,
  listAllBranches,
  listAllOperations,
  listAllProjects,
  pickBranchByName,
  pickBranchByNameOrId,
} from './pagination.js';
export { type CallParams, isOperationId, type RawCallParams } from './request-builder.js';
export * from './schemas.js';
