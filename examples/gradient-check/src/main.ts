import { compileNetworkGradient } from './compile.js';
import { run } from './run.js';

run((line) => console.log(line), await compileNetworkGradient());
