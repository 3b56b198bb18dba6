import { describe, expect, it } from 'vitest';
import { commentMarker, markersInUse } from '../../src/github/sticky-comment.js';
import { double, OWNER, octokitFor, REPO, recordingLogger } from './helpers.js';

describe('markersInUse', () => {
  it('tells which markers head a bot comment, with one listing for all of them', async () => {
    const gh = await double();
    const logger = recordingLogger();
    const create = commentMarker('create-branch', 'p-1', 'preview/pr-1-x');
    const anon = commentMarker('anonymize', 'p-1', 'preview/pr-1-x');
    const reset = commentMarker('reset-branch', 'p-1', 'preview/pr-1-x');
    gh.addComment(1, `${anon}\nmasked`);
    gh.addComment(1, `${create}\nby a person`, { login: 'alice', id: 7, type: 'User' });
    for (let i = 0; i < 120; i++) gh.addComment(1, `chatter ${i}`);
    gh.addComment(1, `${reset}\nreset`);
    const before = gh.requests.length;
    const found = await markersInUse(octokitFor(gh, logger), { owner: OWNER, repo: REPO, issueNumber: 1, logger }, [create, anon, reset]);
    expect(found).toEqual([anon, reset]);
    // two pages of 100, nothing per marker
    expect(gh.requests.slice(before).map((r) => r.method)).toEqual(['GET', 'GET']);
  });
});
