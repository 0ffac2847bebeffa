// CI helper: checks the local PostgreSQL and creates/drops the database the suite runs against.
import pg from 'pg';

const [command, name] = process.argv.slice(2);
const client = new pg.Client({
  connectionString: 'postgres://postgres@127.0.0.1:5432/postgres',
  connectionTimeoutMillis: 5000,
});
try {
  await client.connect();
  if (command === 'create' || command === 'drop') {
    if (!/^[a-z0-9_]+$/.test(name ?? '')) throw new Error(`bad database name ${name}`);
    await client.query(
      command === 'create' ? `CREATE DATABASE ${name}` : `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`,
    );
  } else {
    await client.query('SELECT 1');
  }
  console.log(`postgres ${command}${name ? ` ${name}` : ''}: ok`);
} catch (error) {
  console.error(`postgres ${command}: ${error.message}`);
  process.exitCode = 1;
} finally {
  await client.end().catch(() => {});
}
