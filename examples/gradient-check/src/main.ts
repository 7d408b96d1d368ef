import { compileNetworkGradients } from './compile.js';
import { run } from './run.js';

run((line) => console.log(line), await compileNetworkGradients());
