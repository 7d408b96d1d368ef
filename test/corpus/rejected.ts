/**
 * The corpus entries the transform rejects today, each with the code and the blocking construct
 * of its first diagnostic (compile.ts names constructs). The list is exact: the corpus test fails
 * when an entry listed here compiles (remove it: it has moved to the compiled functions), when an
 * entry not listed is rejected, or when an entry is rejected for another reason than recorded.
 * After a change, `pnpm corpus` rewrites CORPUS.md.
 */
import { constructs } from './compile.js';

export const rejected: Readonly<Record<string, readonly [code: string, construct: string]>> = {
  'color-convert/rgb.hsl.raw': ['DDX1006', constructs.runtimeMember],
  'color-convert/rgb.hsv.raw': ['DDX1006', constructs.runtimeMember],
  'color-convert/rgb.xyz.raw': ['DDX1006', constructs.runtimeMember],
  'color-convert/rgb.lab.raw': ['DDX1006', constructs.runtimeMember],
  'color-convert/hsl.rgb.raw': ['DDX1006', constructs.runtimeMember],
  'color-convert/lab.lch.raw': ['DDX1006', constructs.runtimeMember],
  'd3-array/fsum': ['DDX1003', constructs.newObject],
};
