// A yes/no question on the terminal, answered in any of the catalogue's languages (y, yes, j, ja, 是).
import readline from 'node:readline/promises';

export async function askYes(question: string): Promise<boolean> {
  const rl = readline.createInterface({ input: process.stdin, output: process.stdout });
  try {
    return /^\s*(y|yes|j|ja|是)\s*$/i.test(await rl.question(question));
  } finally {
    rl.close();
  }
}
