import type { z } from 'zod';

/** zod issues as "connectors.inbox.path: required" lines. */
export function formatIssues(issues: readonly z.core.$ZodIssue[], prefix: readonly (string | number)[] = []): string[] {
  return issues.map((issue) => {
    const path = [...prefix, ...issue.path.map(String)].join('.');
    const message = issue.code === 'invalid_type' && /received undefined/.test(issue.message) ? 'required' : issue.message;
    return path ? `${path}: ${message}` : message;
  });
}
