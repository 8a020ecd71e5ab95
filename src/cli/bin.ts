/** Entry point for running the CLI from source (`npx tsx src/cli/bin.ts …`); bin/splice.js runs the compiled copy. */
import { main } from "./main.js";

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error(err instanceof Error ? err.stack : err);
    process.exitCode = 70;
  },
);
