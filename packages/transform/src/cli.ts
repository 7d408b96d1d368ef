/** Entry of the `ddx` command (bin/ddx.mjs imports the build of this file). */
import { main } from './cli/main.js';

process.exitCode = await main(process.argv.slice(2));
