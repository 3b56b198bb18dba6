import { describe, expect, it } from 'vitest';
import {
  annotationsFor,
  defaultBranchName,
  type EventContext,
  headRefOf,
  isForkOrDependabot,
  isPrEvent,
  prNumberFromMergeGroupRef,
  resolvePrNumber,
  validateBranchName,
} from '../../src/github/context.js';

function event(eventName: string, payload: Record<string, any> = {}, extra: Partial<EventContext> = {}): EventContext {
  return {
    eventName,
    payload,
    repo: { owner: 'acme', repo: 'shop' },
    actor: 'octocat',
    sha: 'merge-sha-0000',
    ref: 'refs/pull/42/merge',
    ...extra,
  };
}

const pullPayload = (number = 42, headRepo = 'acme/shop') => ({
  number,
  pull_request: { number, head: { ref: 'feature/x', sha: 'head-sha-1111', repo: { full_name: headRepo } } },
});

describe('resolvePrNumber', () => {
  it('takes the pr-number input (parsed by parseCommon) first, whatever the event', () => {
    expect(resolvePrNumber(event('pull_request', pullPayload(42)), 7)).toBe(7);
    expect(resolvePrNumber(event('push'), 5)).toBe(5);
  });

  it('falls back to the event without the input', () => {
    expect(resolvePrNumber(event('pull_request', pullPayload(42)), undefined)).toBe(42);
  });

  it('reads number of pull_request and pull_request_target payloads', () => {
    expect(resolvePrNumber(event('pull_request', pullPayload(42)))).toBe(42);
    expect(resolvePrNumber(event('pull_request_target', pullPayload(43)))).toBe(43);
  });

  it('falls back to pull_request.number when the top-level number is missing', () => {
    expect(resolvePrNumber(event('pull_request_review', { pull_request: { number: 44 } }))).toBe(44);
  });

  it('reads issue.number of an issue_comment only when the issue is a pull request', () => {
    const onPull = { issue: { number: 12, pull_request: { url: 'https://api.github.com/repos/acme/shop/pulls/12' } } };
    expect(resolvePrNumber(event('issue_comment', onPull))).toBe(12);
    expect(resolvePrNumber(event('issue_comment', { issue: { number: 13 } }))).toBeUndefined();
  });

  it('reads pr-N from a merge_group head_ref, preferring the canonical tail', () => {
    const sha = 'a'.repeat(40);
    const payload = { merge_group: { head_ref: `refs/heads/gh-readonly-queue/main/pr-77-${sha}` } };
    expect(resolvePrNumber(event('merge_group', payload))).toBe(77);
    // a base branch that itself contains pr-<digits>
    expect(prNumberFromMergeGroupRef(`refs/heads/gh-readonly-queue/release/pr-5/pr-81-${sha}`)).toBe(81);
    expect(prNumberFromMergeGroupRef('refs/heads/gh-readonly-queue/main/pr-9-short')).toBe(9);
    expect(prNumberFromMergeGroupRef('refs/heads/gh-readonly-queue/main/nothing')).toBeUndefined();
    expect(prNumberFromMergeGroupRef(undefined)).toBeUndefined();
  });

  it('never guesses from a commit: push, schedule and workflow_dispatch give nothing', () => {
    for (const name of ['push', 'schedule', 'workflow_dispatch']) {
      const ctx = event(
        name,
        { head_commit: { message: 'Merge pull request #42 from acme/feature' } },
        { ref: 'refs/pull/42/merge' },
      );
      expect(resolvePrNumber(ctx)).toBeUndefined();
    }
  });
});

describe('isPrEvent', () => {
  it('is true for pull request events and comments on pull requests only', () => {
    expect(isPrEvent(event('pull_request'))).toBe(true);
    expect(isPrEvent(event('pull_request_target'))).toBe(true);
    expect(isPrEvent(event('issue_comment', { issue: { number: 1, pull_request: {} } }))).toBe(true);
    expect(isPrEvent(event('issue_comment', { issue: { number: 1 } }))).toBe(false);
    expect(isPrEvent(event('merge_group'))).toBe(false);
    expect(isPrEvent(event('push'))).toBe(false);
    expect(isPrEvent(event('workflow_dispatch'))).toBe(false);
  });
});

describe('defaultBranchName', () => {
  it('turns feature/x into preview/pr-42-feature-x', () => {
    expect(defaultBranchName(42, 'feature/x')).toBe('preview/pr-42-feature-x');
  });

  it('replaces every character outside [A-Za-z0-9._-] and collapses runs of dashes', () => {
    expect(defaultBranchName(7, 'Fix: émoji 🎉 // spaces__and..dots')).toBe('preview/pr-7-Fix-moji-spaces__and..dots');
    expect(defaultBranchName(7, 'a---b')).toBe('preview/pr-7-a-b');
    expect(defaultBranchName(7, '/leading/and/trailing/')).toBe('preview/pr-7-leading-and-trailing');
    expect(defaultBranchName(7, 'x\u0000y\nz')).toBe('preview/pr-7-x-y-z');
  });

  it('gives preview/pr-N when the head has nothing usable', () => {
    expect(defaultBranchName(3, '')).toBe('preview/pr-3');
    expect(defaultBranchName(3, undefined)).toBe('preview/pr-3');
    expect(defaultBranchName(3, '🎉🎉', '-anon')).toBe('preview/pr-3-anon');
  });

  it('adds the suffix (anonymize) after the head', () => {
    expect(defaultBranchName(42, 'feature/x', '-anon')).toBe('preview/pr-42-feature-x-anon');
  });

  it('cuts long heads so the whole name is at most 256 characters, suffix included', () => {
    const head = 'h'.repeat(400);
    const plain = defaultBranchName(123456, head);
    expect(plain).toHaveLength(256);
    expect(plain.startsWith('preview/pr-123456-hhh')).toBe(true);
    const anon = defaultBranchName(123456, head, '-anon');
    expect(anon).toHaveLength(256);
    expect(anon.endsWith('h-anon')).toBe(true);
  });

  it('never ends the head on a dash after cutting', () => {
    const prefix = 'preview/pr-1-';
    const head = `${'a'.repeat(256 - prefix.length - 1)}/b`; // the cut lands right after the dash
    const name = defaultBranchName(1, head);
    expect(name.length).toBeLessThanOrEqual(256);
    expect(name.endsWith('-')).toBe(false);
    expect(validateBranchName(name)).toBeNull();
  });
});

describe('validateBranchName', () => {
  it('accepts 1 to 256 characters without control characters', () => {
    expect(validateBranchName('a')).toBeNull();
    expect(validateBranchName('x'.repeat(256))).toBeNull();
    expect(validateBranchName('preview/pr-1 with spaces & ünicode')).toBeNull();
  });

  it('explains what is wrong', () => {
    expect(validateBranchName('')).toMatch(/empty/);
    expect(validateBranchName('x'.repeat(257))).toMatch(/at most 256 .* got 257/);
    expect(validateBranchName('bad\tname')).toMatch(/control characters .*U\+0009.*position 4/);
    expect(validateBranchName('bad\u007fname')).toMatch(/U\+007F/);
    expect(validateBranchName('bad\u0085name')).toMatch(/U\+0085/);
  });
});

describe('isForkOrDependabot', () => {
  it('detects a head repository different from this one', () => {
    expect(isForkOrDependabot(event('pull_request', pullPayload(1, 'stranger/shop')))).toBe(true);
  });

  it('treats the same repository (any case) as not a fork', () => {
    expect(isForkOrDependabot(event('pull_request', pullPayload(1, 'acme/shop')))).toBe(false);
    expect(isForkOrDependabot(event('pull_request', pullPayload(1, 'ACME/Shop')))).toBe(false);
  });

  it('detects the dependabot actor', () => {
    expect(isForkOrDependabot(event('pull_request', pullPayload(1), { actor: 'dependabot[bot]' }))).toBe(true);
    expect(isForkOrDependabot(event('push', {}, { actor: 'dependabot[bot]' }))).toBe(true);
  });

  it('is false when the head repository is unknown (deleted fork, non-PR events)', () => {
    const deleted = { number: 1, pull_request: { head: { ref: 'x', sha: 's', repo: null } } };
    expect(isForkOrDependabot(event('pull_request', deleted))).toBe(false);
    expect(isForkOrDependabot(event('push'))).toBe(false);
    expect(isForkOrDependabot(event('issue_comment', { issue: { number: 1, pull_request: {} } }))).toBe(false);
  });
});

describe('headRefOf', () => {
  it('reads pull_request.head.ref when present', () => {
    expect(headRefOf(event('pull_request', pullPayload()))).toBe('feature/x');
    expect(headRefOf(event('issue_comment', { issue: { number: 1, pull_request: {} } }))).toBeUndefined();
  });
});

describe('annotationsFor', () => {
  it("uses Neon's keys with the PR head sha and ref on PR events", () => {
    expect(annotationsFor(event('pull_request', pullPayload(42)), 42, '1.2.3')).toEqual({
      'github-commit-repo': 'acme/shop',
      'github-pr-number': '42',
      'github-commit-sha': 'head-sha-1111',
      'github-commit-author-login': 'octocat',
      'github-commit-ref': 'feature/x',
      'neon-preview-action': '1.2.3',
    });
  });

  it('uses the run sha and ref outside PRs and leaves the PR number out', () => {
    const a = annotationsFor(event('push', {}, { sha: 'push-sha', ref: 'refs/heads/main' }), undefined, '1.0.0');
    expect(a).toEqual({
      'github-commit-repo': 'acme/shop',
      'github-commit-sha': 'push-sha',
      'github-commit-author-login': 'octocat',
      'github-commit-ref': 'refs/heads/main',
      'neon-preview-action': '1.0.0',
    });
  });

  it('holds only strings from the event, never anything else in the payload', () => {
    const payload = {
      ...pullPayload(42),
      token: 'ghs_secretsecret',
      pull_request: { ...pullPayload(42).pull_request, body: 'npg_pw' },
    };
    const values = Object.values(annotationsFor(event('pull_request', payload), 42, '1.0.0'));
    expect(values.every((v) => typeof v === 'string' && v.length > 0)).toBe(true);
    expect(values.join(' ')).not.toMatch(/ghs_|npg_/);
  });
});
