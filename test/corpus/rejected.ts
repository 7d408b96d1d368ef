/**
 * The corpus entries the transform rejects today, each with the code and the blocking construct
 * of its first diagnostic (compile.ts names constructs). The list is exact: the corpus test fails
 * when an entry listed here compiles (remove it: it has moved to the compiled functions), when an
 * entry not listed is rejected, or when an entry is rejected for another reason than recorded.
 * After a change, `pnpm corpus` rewrites CORPUS.md.
 */
import { constructs } from './compile.js';

export const rejected: Readonly<Record<string, readonly [code: string, construct: string]>> = {
  '@stdlib/math-base-special-erf/erf': ['DDX1040', constructs.bitView],
  '@stdlib/math-base-special-erfc/erfc': ['DDX1040', constructs.bitView],
  '@stdlib/math-base-special-erfinv/erfinv': ['DDX1040', constructs.bitView],
  '@stdlib/math-base-special-gamma/gamma': ['DDX1041', constructs.moduleArrayWrite],
  '@stdlib/math-base-special-gammaln/gammaln': ['DDX1040', constructs.bitView],
  '@stdlib/math-base-special-digamma/digamma': ['DDX1040', constructs.bitView],
  '@stdlib/math-base-special-expm1/expm1': ['DDX1040', constructs.bitView],
  '@stdlib/math-base-special-log1p/log1p': ['DDX1040', constructs.bitView],
  '@stdlib/math-base-special-sinc/sinc': ['DDX1041', constructs.moduleArrayWrite],
  '@stdlib/math-base-special-besselj0/besselj0': ['DDX1041', constructs.moduleArrayWrite],
  '@stdlib/math-base-special-besselj1/besselj1': ['DDX1041', constructs.moduleArrayWrite],
  '@stdlib/math-base-special-logit/logit': ['DDX1040', constructs.bitView],
  '@stdlib/math-base-special-expit/expit': ['DDX1041', constructs.moduleArrayWrite],
  '@stdlib/math-base-special-log1pexp/log1pexp': ['DDX1041', constructs.moduleArrayWrite],
  '@stdlib/math-base-special-beta/beta': ['DDX1041', constructs.moduleArrayWrite],
  'color-convert/rgb.hsl.raw': ['DDX1006', constructs.member],
  'color-convert/rgb.hsv.raw': ['DDX1006', constructs.member],
  'color-convert/rgb.xyz.raw': ['DDX1006', constructs.member],
  'color-convert/rgb.lab.raw': ['DDX1006', constructs.member],
  'color-convert/hsl.rgb.raw': ['DDX1006', constructs.member],
  'color-convert/lab.lch.raw': ['DDX1006', constructs.member],
  'd3-array/fsum': ['DDX1003', constructs.newObject],
};
