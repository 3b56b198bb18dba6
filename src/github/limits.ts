/**
 * GitHub's size limits, each stated once, and the budgets the action keeps under them. Every
 * renderer takes its budget from here, so a text sized for one place fits the place it goes.
 */

/** GitHub refuses a comment body of more characters (422 "Body is too long (maximum is 65536 characters)"). */
export const GITHUB_COMMENT_MAX_CHARS = 65_536;
/**
 * The most the action writes into one comment (marker, every section and its frame): GitHub's limit
 * itself. No margin is needed: the body is measured in UTF-16 code units, never fewer than the
 * characters GitHub counts, and the last pass over it (redaction) only makes it shorter.
 */
export const COMMENT_MAX_CHARS = GITHUB_COMMENT_MAX_CHARS;
/** What one section's frame, the marker and a review's gate block (at most 20 listed changes) may take. */
export const COMMENT_FRAME_CHARS = 6_000;
/** The most a review's own text takes, so the whole comment stays within COMMENT_MAX_CHARS uncut. */
export const REVIEW_COMMENT_MAX_CHARS = COMMENT_MAX_CHARS - COMMENT_FRAME_CHARS;

/** GitHub's limit on one step's job summary: 1 MiB. */
export const GITHUB_SUMMARY_MAX_BYTES = 1_048_576;
/**
 * The most the action writes into one step's summary at once, in UTF-8 bytes (900 KiB): the same step
 * appends more after it (a deployment's status lines, the line ends @actions/core adds), so the
 * 100 KiB left keep the step's whole summary under GitHub's 1 MiB.
 */
export const SUMMARY_MAX_BYTES = 921_600;
/** The most a review's own text takes in the summary, leaving room for the gate block above it. */
export const REVIEW_SUMMARY_MAX_BYTES = SUMMARY_MAX_BYTES - 16_384;
