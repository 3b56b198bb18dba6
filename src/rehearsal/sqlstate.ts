/**
 * A Postgres error as the rehearsal reports it by default: its SQLSTATE, the condition's name where
 * it is a common one, and its class (the first two characters). Never the message: a message can
 * carry the parent's data (`RAISE EXCEPTION '%', (SELECT string_agg(email, ',') FROM users)`, a
 * failing row's key and values), and the parent is production.
 */

const CLASSES: Record<string, string> = {
  '0A': 'feature not supported',
  '21': 'cardinality violation',
  '22': 'data exception',
  '23': 'integrity constraint violation',
  '25': 'invalid transaction state',
  '28': 'invalid authorization',
  '2B': 'dependent privilege descriptors still exist',
  '2D': 'invalid transaction termination',
  '38': 'external routine exception',
  '39': 'external routine invocation exception',
  '3B': 'savepoint exception',
  '3D': 'invalid catalog name',
  '3F': 'invalid schema name',
  '40': 'transaction rollback',
  '42': 'syntax error or access rule violation',
  '44': 'WITH CHECK OPTION violation',
  '53': 'insufficient resources',
  '54': 'program limit exceeded',
  '55': 'object not in prerequisite state',
  '57': 'operator intervention',
  '58': 'system error',
  F0: 'configuration file error',
  HV: 'foreign data wrapper error',
  P0: 'PL/pgSQL error',
  XX: 'internal error',
};

const CONDITIONS: Record<string, string> = {
  '0A000': 'feature_not_supported',
  '22001': 'string_data_right_truncation',
  '22003': 'numeric_value_out_of_range',
  '22007': 'invalid_datetime_format',
  '22008': 'datetime_field_overflow',
  '22012': 'division_by_zero',
  '22P02': 'invalid_text_representation',
  '23502': 'not_null_violation',
  '23503': 'foreign_key_violation',
  '23505': 'unique_violation',
  '23514': 'check_violation',
  '23P01': 'exclusion_violation',
  '25001': 'active_sql_transaction',
  '40001': 'serialization_failure',
  '40P01': 'deadlock_detected',
  '42501': 'insufficient_privilege',
  '42601': 'syntax_error',
  '42701': 'duplicate_column',
  '42703': 'undefined_column',
  '42704': 'undefined_object',
  '42710': 'duplicate_object',
  '42804': 'datatype_mismatch',
  '42809': 'wrong_object_type',
  '42830': 'invalid_foreign_key',
  '42883': 'undefined_function',
  '42P01': 'undefined_table',
  '42P07': 'duplicate_table',
  '42P16': 'invalid_table_definition',
  '53100': 'disk_full',
  '53200': 'out_of_memory',
  '54000': 'program_limit_exceeded',
  '55000': 'object_not_in_prerequisite_state',
  '55P03': 'lock_not_available',
  '57014': 'query_canceled',
  P0001: 'raise_exception',
  P0002: 'no_data_found',
  P0003: 'too_many_rows',
  P0004: 'assert_failure',
};

/** `SQLSTATE 23502 (not_null_violation, class 23: integrity constraint violation)`. */
export function describeSqlError(sqlstate: string): string {
  const code = /^[0-9A-Z]{5}$/.test(sqlstate) ? sqlstate : 'unknown';
  const name = CONDITIONS[code];
  const cls = CLASSES[code.slice(0, 2)];
  const what = [name, cls ? `class ${code.slice(0, 2)}: ${cls}` : undefined].filter(Boolean).join(', ');
  return `SQLSTATE ${code}${what ? ` (${what})` : ''}`;
}

/** The hint after an error shown without its message. */
export const ERROR_DETAILS_HINT =
  "Postgres's message is not shown: it can hold the parent's data (set rehearsal-error-details: true to show it)";
