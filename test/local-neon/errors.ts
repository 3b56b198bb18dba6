/**
 * Errors the local Neon answers with. Every error body is Neon's `GeneralError`:
 * `{code, message, request_id}`; `code` is often empty, as on the real API.
 */

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code = '',
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const LOCKED_MESSAGE = 'project already has running operations, scheduling of new ones is prohibited';
export const POINT_IN_TIME_MESSAGE = 'point-in-time not supported locally';

export function badRequest(message: string, code = ''): ApiError {
  return new ApiError(400, message, code);
}

export function notFound(message: string): ApiError {
  return new ApiError(404, message);
}

export function conflict(message: string, code = ''): ApiError {
  return new ApiError(409, message, code);
}

export function locked(): ApiError {
  return new ApiError(423, LOCKED_MESSAGE);
}

export function pointInTimeUnsupported(): ApiError {
  return badRequest(POINT_IN_TIME_MESSAGE);
}

export function branchNotFound(): ApiError {
  return notFound('branch not found');
}
