// `cosell users add|list|remove|token`: the console's local accounts. The password is read from standard
// input (first line; for scripts) or asked for on the terminal without echo; it is never an argument (it
// would sit in the shell history and in `ps`), never printed and never logged.
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { UserRole } from '../store/schema.js';
import { addUser, createApiToken, listUsers, removeUser } from '../store/users.js';
import { choiceParser } from './args.js';
import { runCommand, withStore, type Cli } from './runtime.js';

/** The password: the first line of standard input, or typed at a prompt that shows nothing. */
export async function readPassword(prompt: string): Promise<string> {
  if (process.stdin.isTTY) {
    process.stderr.write(prompt);
    const muted = new Writable({ write: (_chunk, _encoding, done) => done() });
    const rl = createInterface({ input: process.stdin, output: muted, terminal: true });
    try {
      return await new Promise<string>((resolve) => rl.once('line', resolve));
    } finally {
      rl.close();
      process.stderr.write('\n');
    }
  }
  let text = '';
  for await (const chunk of process.stdin) text += String(chunk);
  return text.split(/\r?\n/)[0] ?? '';
}

export function registerUsers({ program, locale, tr }: Cli): void {
  const roles = Object.values(UserRole);
  const users = program.command('users').description(tr('cli.cmd.users'));
  users
    .command('add')
    .description(tr('cli.cmd.usersAdd'))
    .argument('<username>', tr('cli.arg.username'))
    .option(
      '--role <role>',
      tr('cli.opt.userRole', { choices: roles.join(', ') }),
      choiceParser(tr, roles),
      UserRole.viewer,
    )
    .action((username: string, options: { role: UserRole }) =>
      runCommand(locale(), async (runtime) => {
        const password = await readPassword(runtime.out.text('cli.users.password', { username }));
        await withStore(runtime, async (db) => {
          const user = await addUser(db, { username, role: options.role, password });
          runtime.out.say('cli.users.added', { username: user.username, role: user.role });
        });
      }),
    );
  users
    .command('list')
    .description(tr('cli.cmd.usersList'))
    .option('--json', tr('cli.opt.json'))
    .action((options: { json?: boolean }) =>
      runCommand(locale(), async (runtime) => {
        await withStore(runtime, async (db) => {
          const all = await listUsers(db);
          if (options.json === true) {
            runtime.out.json(
              all.map((u) => ({ username: u.username, role: u.role, createdAt: u.createdAt.toISOString() })),
            );
            return;
          }
          if (all.length === 0) runtime.out.say('cli.users.none');
          for (const u of all)
            runtime.out.say('cli.users.row', {
              username: u.username,
              role: u.role,
              createdAt: u.createdAt.toISOString(),
            });
        });
      }),
    );
  users
    .command('remove')
    .description(tr('cli.cmd.usersRemove'))
    .argument('<username>', tr('cli.arg.username'))
    .action((username: string) =>
      runCommand(locale(), async (runtime) => {
        await withStore(runtime, async (db) => {
          await removeUser(db, username);
          runtime.out.say('cli.users.removed', { username });
        });
      }),
    );
  users
    .command('token')
    .description(tr('cli.cmd.usersToken'))
    .argument('<username>', tr('cli.arg.username'))
    .option('--name <name>', tr('cli.opt.tokenName'), 'api')
    .action((username: string, options: { name: string }) =>
      runCommand(locale(), async (runtime) => {
        await withStore(runtime, async (db) => {
          const token = await createApiToken(db, username, options.name);
          runtime.out.say('cli.users.token', { username });
          runtime.out.line(token);
        });
      }),
    );
}
