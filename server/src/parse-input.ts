import type { z } from 'zod';
import { DomainError } from './domain/domain-error.js';

/** Parses untrusted input at the edge; a mismatch becomes invalid_payload naming each bad field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) =>
    issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message,
  );
  throw new DomainError('invalid_payload', problems.join('; '));
}
