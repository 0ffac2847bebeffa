// Org-level resources: the resource directory of a version (GET /services/data/vXX.X/) and Limits
// (DailyApiRequests from the emulator's per-day counter and cap; the other limits are static).
import type { SalesforceContext } from './context.js';
import type { RouteDef } from './rest-router.js';

export function orgRoutes(ctx: SalesforceContext): RouteDef[] {
  return [
    {
      path: '',
      methods: {
        GET: (r) => {
          const base = `/services/data/v${r.version}`;
          return {
            status: 200,
            body: {
              sobjects: `${base}/sobjects`,
              query: `${base}/query`,
              queryAll: `${base}/queryAll`,
              composite: `${base}/composite`,
              limits: `${base}/limits`,
              identity: ctx.auth.identityUrl(r.user),
            },
          };
        },
      },
    },
    {
      path: 'limits',
      methods: {
        GET: () => {
          const max = ctx.dailyApiCap();
          const used = ctx.counter.count().total;
          const limit = (Max: number, Remaining: number) => ({ Max, Remaining });
          return {
            status: 200,
            body: {
              ConcurrentAsyncGetReportInstances: limit(200, 200),
              DailyApiRequests: limit(max, Math.max(0, max - used)),
              DailyAsyncApexExecutions: limit(250_000, 250_000),
              DailyBulkV2QueryJobs: limit(10_000, 10_000),
              DataStorageMB: limit(5, 5),
              FileStorageMB: limit(20, 20),
              SingleEmail: limit(5_000, 5_000),
            },
          };
        },
      },
    },
  ];
}
