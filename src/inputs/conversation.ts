/** Inputs of the PR conversation beyond `comment`: the deployment and the approval gate. */
import { InputError, shown } from './errors.js';
import { bool, parseFields, type Reader, text } from './fields.js';

export interface DeploymentSettings {
  /** Record a GitHub deployment of the preview (create-branch, reset-branch; cleanup ends it). */
  deployment: boolean;
}

export function parseDeploymentSettings(read: Reader): DeploymentSettings {
  return { deployment: parseFields({ deployment: bool() }, read).deployment };
}

export interface ApprovalSettings {
  /** A label that approves what `fail-on` flags; undefined for none. */
  approveLabel: string | undefined;
  /** Whether the PR's author may approve their own change with the label. */
  allowAuthor: boolean;
}

export function parseApprovalSettings(read: Reader, comment: boolean): ApprovalSettings {
  const f = parseFields({ 'approve-label': text(), 'approve-label-allow-author': bool() }, read);
  const label = f['approve-label'];
  const allowAuthor = f['approve-label-allow-author'];
  if (label === undefined) return { approveLabel: undefined, allowAuthor };
  if (label.length > 50 || /[\p{Cc}\p{Cf}]/u.test(label))
    throw new InputError(
      'approve-label',
      `accepts a label name (at most 50 characters, no control characters); got ${shown(label)}`,
    );
  if (!comment)
    throw new InputError(
      'approve-label',
      'needs comment: true: the review comment records which changes the label approved',
    );
  return { approveLabel: label, allowAuthor };
}
