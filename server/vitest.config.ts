import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.spec.ts'],
    // Argon2 hashing and real databases make some tests slow on 2 cores.
    testTimeout: 20_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
});
