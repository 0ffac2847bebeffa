// A backfill's progress: a bar with rate and time left, redrawn in place on stderr when it is a terminal;
// otherwise plain lines on stdout (every 10 % or 10 s), so a log or a pipe stays readable. Silent with --json.
import type { Output } from './output.js';

export interface Progress {
  update(done: number, total: number): void;
  followUps(done: number, pending: number): void;
  end(): void;
}

const barWidth = 24;

function clock(seconds: number): string {
  if (!Number.isFinite(seconds)) return '--:--';
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${rest}` : `${m}:${rest}`;
}

export function createProgress(
  out: Output,
  silent: boolean,
  stream: NodeJS.WriteStream = process.stderr,
  now: () => number = Date.now,
): Progress {
  const tty = stream.isTTY;
  const started = now();
  let lastPlain = 0;
  let lastShare = -1;
  let drawn = false;
  const write = (text: string) => {
    if (tty) {
      stream.write(`\r${text}\x1b[K`);
      drawn = true;
    } else {
      out.line(text);
    }
  };
  return {
    update(done, total) {
      if (silent) return;
      const elapsed = (now() - started) / 1000;
      const rate = elapsed > 0 ? done / elapsed : 0;
      const share = total === 0 ? 1 : done / total;
      const filled = Math.round(share * barWidth);
      const line = out.text('backfill.progress', {
        bar: '#'.repeat(filled) + '-'.repeat(barWidth - filled),
        done,
        total,
        rate: Math.round(rate),
        left: clock(rate > 0 ? (total - done) / rate : Number.POSITIVE_INFINITY),
      });
      if (tty) {
        write(line);
        return;
      }
      const tenth = Math.floor(share * 10);
      if (tenth > lastShare || now() - lastPlain >= 10_000 || done === total) {
        lastShare = tenth;
        lastPlain = now();
        write(line);
      }
    },
    followUps(done, pending) {
      if (silent) return;
      if (tty || now() - lastPlain >= 10_000) {
        lastPlain = now();
        write(out.text('backfill.progressFollowUps', { done, pending }));
      }
    },
    end() {
      if (!silent && tty && drawn) stream.write('\n');
    },
  };
}
