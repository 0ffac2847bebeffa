// drizzle-kit only generates SQL here (offline); src/store/migrate.ts applies it. See scripts/check-schema.ts.
import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: './src/store/schema.ts',
  out: './migrations',
  strict: true,
  verbose: true,
});
