import type { z } from 'zod';
import { DomainError } from './domain/domain-error.js';

/**
 * Parses untrusted input at the edge; a mismatch becomes invalid_payload naming each bad field.
 * Text with a NUL character is refused too: PostgreSQL cannot store it (SQLite can), so without this
 * the same input would be a 500 on one database and accepted on the other.
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) {
    const problems = result.error.issues.map((issue) =>
      issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message,
    );
    throw new DomainError('invalid_payload', problems.join('; '));
  }
  const nul = pathToNul(result.data, []);
  if (nul) throw new DomainError('invalid_payload', `${nul.length > 0 ? `${nul.join('.')}: ` : ''}must not contain a NUL character`);
  return result.data;
}

/** The path to the first string holding U+0000, if any. */
function pathToNul(value: unknown, path: (string | number)[]): (string | number)[] | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? path : undefined;
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = pathToNul(item, [...path, index]);
      if (found) return found;
    }
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const found = pathToNul(item, [...path, key]);
      if (found) return found;
    }
  }
  return undefined;
}
