/**
 * Runtime checks of Neon responses, limited to the fields our commands read. Objects are loose (unknown
 * fields pass through) and enums are plain strings, so a newer Neon revision does not break the action.
 */
import { z } from 'zod';
import { NeonResponseShapeError } from './errors.js';
import type { OperationId } from './generated/operations.js';
import type { Operations } from './generated/types.js';

const optionalString = z.string().optional();

export const OperationSchema = z.looseObject({
  id: z.string(),
  action: z.string(),
  status: z.string(),
  project_id: optionalString,
  branch_id: optionalString,
  endpoint_id: optionalString,
  error: optionalString,
});
export type NeonOperation = z.infer<typeof OperationSchema>;

export const BranchSchema = z.looseObject({
  id: z.string(),
  name: z.string(),
  project_id: optionalString,
  parent_id: optionalString,
  parent_lsn: optionalString,
  parent_timestamp: optionalString,
  default: z.boolean(),
  protected: z.boolean(),
  current_state: optionalString,
  pending_state: optionalString,
  created_at: z.string(),
  updated_at: optionalString,
  expires_at: optionalString,
  init_source: optionalString,
  restore_status: optionalString,
  restored_from: optionalString,
  restored_as: optionalString,
});
export type NeonBranch = z.infer<typeof BranchSchema>;

export const AnnotationSchema = z.looseObject({
  value: z.record(z.string(), z.string()),
});
export type NeonAnnotation = z.infer<typeof AnnotationSchema>;

export const EndpointSchema = z.looseObject({
  id: z.string(),
  host: z.string(),
  branch_id: z.string(),
  type: z.string(),
  current_state: optionalString,
  pending_state: optionalString,
  autoscaling_limit_min_cu: z.number().optional(),
  autoscaling_limit_max_cu: z.number().optional(),
  suspend_timeout_seconds: z.number().optional(),
});
export type NeonEndpoint = z.infer<typeof EndpointSchema>;

export const ConnectionUriSchema = z.looseObject({
  connection_uri: z.string(),
  connection_parameters: z.looseObject({
    database: z.string(),
    password: z.string(),
    role: z.string(),
    host: z.string(),
    pooler_host: optionalString,
  }),
});
export type NeonConnectionUri = z.infer<typeof ConnectionUriSchema>;

export const RoleSchema = z.looseObject({ name: z.string(), branch_id: optionalString, password: optionalString });
export const DatabaseSchema = z.looseObject({ name: z.string(), owner_name: z.string(), branch_id: optionalString });

export const SnapshotSchema = z.looseObject({
  id: z.string(),
  name: z.string(),
  created_at: z.string(),
  source_branch_id: optionalString,
  lsn: optionalString,
  timestamp: optionalString,
  expires_at: optionalString,
  manual: z.boolean().optional(),
});
export type NeonSnapshot = z.infer<typeof SnapshotSchema>;

export const AnonymizedStatusSchema = z.looseObject({
  state: z.string(),
  status_message: optionalString,
  branch_id: optionalString,
  project_id: optionalString,
  failed_at: optionalString,
});
export type NeonAnonymizedStatus = z.infer<typeof AnonymizedStatusSchema>;

export const MaskingRuleSchema = z.looseObject({
  database_name: z.string(),
  schema_name: z.string(),
  table_name: z.string(),
  column_name: z.string(),
  masking_function: optionalString,
  masking_value: optionalString,
});

export const ProjectSchema = z.looseObject({ id: z.string(), name: z.string(), org_id: optionalString });
export type NeonProject = z.infer<typeof ProjectSchema>;

const operations = z.array(OperationSchema);

// ---------------------------------------------------------------- response envelopes

/** `GET /branches`: `pagination.next` is the cursor of the next page. */
export const BranchesPageSchema = z.looseObject({
  branches: z.array(BranchSchema),
  annotations: z.record(z.string(), AnnotationSchema).optional(),
  pagination: z.looseObject({ next: optionalString }).optional(),
});
/** `GET /operations` and `GET /projects`: `pagination.cursor`. */
const cursorPagination = z.looseObject({ cursor: optionalString }).optional();
export const OperationsPageSchema = z.looseObject({ operations, pagination: cursorPagination });
export const ProjectsPageSchema = z.looseObject({ projects: z.array(ProjectSchema), pagination: cursorPagination });

export const OperationResponseSchema = z.looseObject({ operation: OperationSchema });
export const OperationsResponseSchema = z.looseObject({ operations });
export const BranchResponseSchema = z.looseObject({ branch: BranchSchema, annotation: AnnotationSchema.optional() });
export const BranchOperationsSchema = z.looseObject({ branch: BranchSchema, operations });
export const CreatedBranchSchema = z.looseObject({
  branch: BranchSchema,
  endpoints: z.array(EndpointSchema),
  operations,
  connection_uris: z.array(ConnectionUriSchema).optional(),
});
export const EndpointsResponseSchema = z.looseObject({ endpoints: z.array(EndpointSchema) });
export const RoleResponseSchema = z.looseObject({ role: RoleSchema });
export const RevealPasswordSchema = z.looseObject({ password: z.string() });
export const DatabasesResponseSchema = z.looseObject({ databases: z.array(DatabaseSchema) });
export const ConnectionUriResponseSchema = z.looseObject({ uri: z.string() });
export const CompareSchemaResponseSchema = z.looseObject({ diff: optionalString });
export const BranchSchemaResponseSchema = z.looseObject({ sql: optionalString });
export const MaskingRulesResponseSchema = z.looseObject({ masking_rules: z.array(MaskingRuleSchema) });
export const SnapshotsResponseSchema = z.looseObject({ snapshots: z.array(SnapshotSchema) });
export const SnapshotOperationsSchema = z.looseObject({ snapshot: SnapshotSchema, operations });
export const RestoredSnapshotSchema = z.looseObject({
  branch: BranchSchema,
  endpoints: z.array(EndpointSchema).optional(),
  operations,
});

// ---------------------------------------------------------------- parse

/**
 * The one list of what each operation the commands read answers with: `NeonClient.call` checks an
 * answer of these operations against its schema and returns it typed, so a call names its operation
 * once. Operations not listed come back as the generated types say, unchecked (and `callRaw`, the
 * `api` command's path, checks nothing).
 */
export const RESPONSE_SCHEMAS = {
  createProjectBranch: CreatedBranchSchema,
  createProjectBranchAnonymized: CreatedBranchSchema,
  createSnapshot: SnapshotOperationsSchema,
  deleteProjectBranch: BranchOperationsSchema,
  deleteSnapshot: OperationsResponseSchema,
  getAnonymizedBranchStatus: AnonymizedStatusSchema,
  getConnectionURI: ConnectionUriResponseSchema,
  getProjectBranch: BranchResponseSchema,
  getProjectBranchSchema: BranchSchemaResponseSchema,
  getProjectBranchSchemaComparison: CompareSchemaResponseSchema,
  getProjectOperation: OperationResponseSchema,
  listProjectBranchDatabases: DatabasesResponseSchema,
  listProjectBranchEndpoints: EndpointsResponseSchema,
  listProjectBranches: BranchesPageSchema,
  listProjectOperations: OperationsPageSchema,
  listProjects: ProjectsPageSchema,
  listSnapshots: SnapshotsResponseSchema,
  restoreProjectBranch: BranchOperationsSchema,
  restoreSnapshot: RestoredSnapshotSchema,
  updateProjectBranch: BranchOperationsSchema,
} satisfies Partial<Record<OperationId, z.ZodType>>;

/** What `call(id)` answers: the checked shape for a listed operation, else the generated type. */
export type ResponseOf<Id extends OperationId> = Id extends keyof typeof RESPONSE_SCHEMAS
  ? z.output<(typeof RESPONSE_SCHEMAS)[Id]>
  : Operations[Id]['response'];

/** The answer checked when the operation is listed (an answer without a body is left as it is). */
export function checkResponse(id: OperationId, data: unknown): unknown {
  const schema = (RESPONSE_SCHEMAS as Partial<Record<OperationId, z.ZodType>>)[id];
  return schema && data !== undefined ? parse(schema, data, id) : data;
}

/**
 * Validates `data` and returns it typed, or throws naming the first bad field:
 * `Neon API response for listProjectBranches: branches[3].id is missing`.
 * The message names the field and its type only, never its value (values may be secrets).
 */
export function parse<S extends z.ZodType>(schema: S, data: unknown, what: string): z.output<S> {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const where = formatPath(issue.path);
  const value = valueAt(data, issue.path);
  let problem: string;
  if (value === undefined) problem = 'is missing';
  else if (issue.code === 'invalid_type') problem = `is ${describeType(value)}, expected ${issue.expected}`;
  else problem = `is invalid (${issue.message})`;
  throw new NeonResponseShapeError(`Neon API response for ${what}: ${where || 'the body'} ${problem}`);
}

function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let text = '';
  for (const key of path) {
    if (typeof key === 'number') text += `[${key}]`;
    else text += text ? `.${String(key)}` : String(key);
  }
  return text;
}

function valueAt(data: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let current: unknown = data;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
