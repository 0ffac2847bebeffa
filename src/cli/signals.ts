// Resolves on the first SIGINT or SIGTERM, so long-running commands can close their store and servers.
export function untilSignal(signal?: AbortSignal): Promise<NodeJS.Signals | 'aborted'> {
  return new Promise((resolve) => {
    const done = (which: NodeJS.Signals | 'aborted'): void => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      resolve(which);
    };
    const onInt = (): void => done('SIGINT');
    const onTerm = (): void => done('SIGTERM');
    process.once('SIGINT', onInt);
    process.once('SIGTERM', onTerm);
    signal?.addEventListener('abort', () => done('aborted'), { once: true });
  });
}
