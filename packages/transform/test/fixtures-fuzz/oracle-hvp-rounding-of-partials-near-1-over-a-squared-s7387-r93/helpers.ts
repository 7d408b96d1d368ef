// @ts-nocheck — a fuzz program kept as a regression fixture, rendered from program.json
import { ops, type Real } from '@ddx/dual';

export const K0 = 0.75;
