import { run } from './run.js';

run((line) => console.log(line));
