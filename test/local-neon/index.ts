/**
 * The local Neon: an in-process HTTP server on loopback that answers the Neon API v2 routes the
 * action uses, with Neon's status codes, bodies, pagination, errors and timing, backed by a data
 * plane (real Postgres through PGlite, or an in-memory fake). See README.md.
 */
import { ContractRecorder, type ContractViolation, ContractViolationError } from './contract.js';
import type { LocalNeonCore } from './core.js';
import type { DataPlane } from './data-plane.js';
import { deleteExpiredBranches } from './expiry.js';
import { FakeDataPlane } from './fake-data-plane.js';
import { FaultInjector } from './faults.js';
import { API_PREFIX, type RequestLogEntry, startHttpServer } from './http-server.js';
import { newApiKey, newPassword, wordsId } from './ids.js';
import { OperationRunner } from './operations.js';
import { RateLimiter } from './rate-limit.js';
import { Router } from './router.js';
import { anonymizeRoutes } from './routes/anonymize.js';
import { branchServiceRoutes } from './routes/branch-services.js';
import { branchCreateRoutes } from './routes/branches-create.js';
import { branchMutateRoutes } from './routes/branches-mutate.js';
import { branchReadRoutes } from './routes/branches-read.js';
import { endpointRoutes } from './routes/endpoints.js';
import { projectRoutes } from './routes/project.js';
import { schemaRoutes } from './routes/schema.js';
import { snapshotRoutes } from './routes/snapshots.js';
import { type SeedOptions, seedBranches } from './seed.js';
import { type BranchRecord, isoSeconds, LocalNeonState } from './state.js';
import { markActive, newEndpointRecord, serveEndpoint } from './endpoint-lifecycle.js';

export type { ContractViolation } from './contract.js';
export { allContractViolations, ContractViolationError } from './contract.js';
export type { DataPlane } from './data-plane.js';
export { createFakeDataPlane, FakeDataPlane } from './fake-data-plane.js';
export type { FaultInjector, FaultKind, FaultSpec } from './faults.js';
export type { RequestLogEntry } from './http-server.js';
export type { SeedOptions } from './seed.js';
export type { BranchRecord, LocalNeonState } from './state.js';

export interface LocalNeonOptions {
  /** How long every operation runs at least (default 300 ms; 0 allowed). */
  operationMs?: number;
  /** Requests a minute before 429 (default 700; 0 = unlimited). */
  rateLimitPerMinute?: number;
  /** Branches per project before 422 BRANCHES_LIMIT_EXCEEDED (default 5000). */
  branchLimit?: number;
  /** Root branches (default + schema-only) before 422 ROOT_BRANCHES_LIMIT_EXCEEDED (default 5). */
  rootBranchLimit?: number;
  /** 'none' (default) = the in-memory FakeDataPlane; 'pglite' = real Postgres per branch. */
  dataPlane?: DataPlane | 'pglite' | 'none';
  /** Passed to `createPgliteDataPlane` when `dataPlane` is 'pglite'. */
  pgliteOptions?: Record<string, unknown>;
  /** Validate every answer against the official description (default true). */
  validateResponses?: boolean;
  /** The project's `store_passwords` (default true; false makes reveal_password answer 412). */
  storePasswords?: boolean;
  /** Fixed API key / project id (default random). */
  apiKey?: string;
  projectId?: string;
  /** Loopback port for the API (default 0 = any free port). */
  port?: number;
  /**
   * Branch Recovery as the 2.7.3 description has it (default off, as for accounts without the
   * preview): DELETE keeps the branch recoverable for 7 days unless `hard_delete=true`,
   * `include_deleted=true` lists it with `recovery`, POST …/recover brings it back.
   */
  branchRecovery?: boolean;
  /** With branchRecovery: a recoverable branch keeps its name from new branches (default true). */
  deletedNamesHeld?: boolean;
}

export interface LocalNeon {
  /** e.g. `http://127.0.0.1:PORT/api/v2` */
  readonly apiUrl: string;
  readonly apiKey: string;
  readonly projectId: string;
  /** The current default branch id. */
  readonly defaultBranchId: string;
  readonly faults: FaultInjector;
  /** Every request answered (or dropped), in order. */
  readonly requests: RequestLogEntry[];
  /** Read access to the records (do not mutate from tests unless you mean to). */
  readonly state: LocalNeonState;
  readonly dataPlane: DataPlane;
  seedBranches(n: number, opts?: SeedOptions): BranchRecord[];
  /** The next operation (of `action`, or any) ends `failed`. */
  failNextOperation(action?: string, message?: string): void;
  /** Change `operationMs`; running operations re-check it (0 finishes them now). */
  setOperationMs(ms: number): void;
  /** Resolves once no request is being answered and no operation or background run is pending. */
  settle(): Promise<void>;
  contractViolations(): readonly ContractViolation[];
  /** Stops everything; rejects with ContractViolationError when an answer broke the description. */
  close(): Promise<void>;
}

async function openDataPlane(opts: LocalNeonOptions): Promise<{ dataPlane: DataPlane; owned: boolean }> {
  const choice = opts.dataPlane ?? 'none';
  if (choice === 'none') return { dataPlane: new FakeDataPlane(), owned: true };
  if (choice === 'pglite') {
    // Resolved at run time: the PGlite data plane is an optional, heavier module.
    const modulePath = './pglite-data-plane.js';
    const mod = await import(modulePath);
    return { dataPlane: await mod.createPgliteDataPlane(opts.pgliteOptions ?? {}), owned: true };
  }
  return { dataPlane: choice, owned: false };
}

function buildRouter(): Router {
  const router = new Router();
  router.add(
    ...projectRoutes,
    ...branchReadRoutes,
    ...branchCreateRoutes,
    ...branchMutateRoutes,
    ...endpointRoutes,
    ...schemaRoutes,
    ...anonymizeRoutes,
    ...snapshotRoutes,
    ...branchServiceRoutes,
  );
  return router;
}

/** Every (method, path, operationId) the local Neon serves. */
export function servedOperations(): { method: string; path: string; operationId: string }[] {
  return buildRouter()
    .list()
    .map(({ method, path, operationId }) => ({ method, path, operationId }));
}

/** The default branch of a fresh project: `main`, role `neondb_owner`, database `neondb`, one compute. */
async function bootstrapProject(core: LocalNeonCore): Promise<void> {
  const { state, dataPlane } = core;
  const now = isoSeconds();
  const branch: BranchRecord = {
    id: state.newBranchId(),
    name: 'main',
    createdAt: now,
    updatedAt: now,
    stateChangedAt: now,
    currentState: 'ready',
    isDefault: true,
    protected: false,
    initSource: 'parent-data',
    creationSource: 'local-neon',
    roles: [{ name: 'neondb_owner', password: newPassword(), protected: false, createdAt: now, updatedAt: now }],
    databases: [
      { id: state.nextDatabaseId(), name: 'neondb', ownerName: 'neondb_owner', createdAt: now, updatedAt: now },
    ],
    metadataOnly: false,
  };
  state.branches.set(branch.id, branch);
  await dataPlane.createBranch(branch.id, {
    databases: ['neondb'],
    roles: branch.roles.map((r) => ({ name: r.name, password: r.password })),
  });
  const endpoint = newEndpointRecord(core, branch.id, { type: 'read_write' });
  state.endpoints.set(endpoint.id, endpoint);
  await serveEndpoint(core, endpoint, Promise.resolve());
  markActive([endpoint]);
}

export async function startLocalNeon(opts: LocalNeonOptions = {}): Promise<LocalNeon> {
  const now = isoSeconds();
  const projectId = opts.projectId ?? wordsId();
  const apiKey = opts.apiKey ?? newApiKey();
  const state = new LocalNeonState({
    id: projectId,
    name: 'local-neon',
    regionId: 'aws-local-1',
    storePasswords: opts.storePasswords ?? true,
    createdAt: now,
    updatedAt: now,
  });
  const options = {
    operationMs: opts.operationMs ?? 300,
    branchLimit: opts.branchLimit ?? 5000,
    rootBranchLimit: opts.rootBranchLimit ?? 5,
    branchRecovery: opts.branchRecovery ?? false,
    deletedNamesHeld: opts.deletedNamesHeld ?? true,
  };
  const runner = new OperationRunner(state, () => options.operationMs);
  const { dataPlane, owned } = await openDataPlane(opts);
  const core: LocalNeonCore = { state, runner, dataPlane, options };
  await bootstrapProject(core);
  const faults = new FaultInjector();
  const requests: RequestLogEntry[] = [];
  const router = buildRouter();
  const recorder =
    opts.validateResponses === false ? undefined : new ContractRecorder(router.list().map((r) => r.operationId));
  const http = await startHttpServer({
    apiKey,
    projectId,
    router,
    core,
    faults,
    limiter: new RateLimiter(opts.rateLimitPerMinute ?? 700),
    recorder,
    log: requests,
    port: opts.port ?? 0,
    beforeRequest: () => deleteExpiredBranches(core),
  });
  let closed = false;
  return {
    apiUrl: `http://127.0.0.1:${http.port}${API_PREFIX}`,
    apiKey,
    projectId,
    get defaultBranchId() {
      return state.defaultBranch().id;
    },
    faults,
    requests,
    state,
    dataPlane,
    seedBranches: (n, seedOpts) => seedBranches(state, n, seedOpts),
    failNextOperation: (action, message) => runner.failNext(action, message),
    setOperationMs: (ms) => {
      options.operationMs = ms;
      runner.nudge();
    },
    settle: async () => {
      // an answer in progress may start an operation, and an operation ends before its request is answered
      do {
        await http.idle();
        await runner.idle();
      } while (http.busy());
    },
    contractViolations: () => recorder?.list() ?? [],
    close: async () => {
      if (closed) return;
      closed = true;
      await http.close();
      await runner.idle();
      if (owned) await dataPlane.close();
      const violations = recorder?.list() ?? [];
      if (violations.length > 0) throw new ContractViolationError(violations);
    },
  };
}
