/**
 * A worker thread running the module `name` beside the caller: `name.js` in the bundle (every entry sits
 * in dist/bundle/ with the chunks), `name.ts` from TypeScript sources (tests, tsx) — after registering tsx's
 * loader inside the worker, which the main thread's module hooks do not reach on Node 20.
 */
import { Worker, type WorkerOptions } from "node:worker_threads";

export function startModuleWorker(callerUrl: string, name: string, options: WorkerOptions): Worker {
  if (!callerUrl.endsWith(".ts")) return new Worker(new URL(`./${name}.js`, callerUrl), options);
  const module = JSON.stringify(new URL(`./${name}.ts`, callerUrl).href);
  const tsx = JSON.stringify(import.meta.resolve("tsx/esm/api"));
  return new Worker(`import(${tsx}).then((tsx) => { tsx.register(); return import(${module}); });`, { ...options, eval: true });
}
