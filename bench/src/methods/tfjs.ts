/**
 * Peer: TensorFlow.js (@tensorflow/tfjs), float32 tensors on its CPU backend (the pure-JavaScript
 * one; there is no float64). `tf.grad` is reverse mode. Loaded lazily: if it fails to load, its
 * rows say why. Used for the GradBench problems GradBench's own TensorFlow.js tool implements.
 */
import { samplePoint } from '../gradbench/llsq.js';

type Tf = typeof import('@tensorflow/tfjs');

export interface TfjsMethods {
  llsqGradient(x: readonly number[], n: number): () => number[];
  lseGradient(x: readonly number[]): () => number[];
}

export async function loadTfjs(): Promise<TfjsMethods | string> {
  try {
    const warn = console.warn, log = console.log;
    console.warn = console.log = () => {}; // its "install the node backend" banner
    let tf: Tf;
    try {
      tf = await import('@tensorflow/tfjs');
      await tf.setBackend('cpu');
      await tf.ready();
    } finally {
      console.warn = warn;
      console.log = log;
    }
    return tfjsMethods(tf);
  } catch (error) {
    return `failed to load: ${error instanceof Error ? error.message : String(error)}`;
  }
}

function tfjsMethods(tf: Tf): TfjsMethods {
  return {
    // y = ½ |s − T x|², T = [tᵢʲ] (data, built once), as GradBench's own TensorFlow.js tool vectorises it
    llsqGradient(x, n) {
      const m = x.length;
      const t = Array.from({ length: n }, (_, i) => samplePoint(i, n));
      const T = tf.tensor2d(t.flatMap((ti) => Array.from({ length: m }, (_, j) => ti ** j)), [n, m]);
      const s = tf.tensor1d(t.map(Math.sign));
      const g = tf.grad((v: import('@tensorflow/tfjs').Tensor) => tf.mul(0.5, tf.sum(tf.square(tf.sub(s, tf.matMul(T, v.reshape([m, 1])).reshape([n]))))));
      return () => tf.tidy(() => Array.from(g(tf.tensor1d(x as number[])).dataSync()));
    },
    // max, subtract, exp, sum, log: the primitives (not tf.logSumExp)
    lseGradient(x) {
      const g = tf.grad((v: import('@tensorflow/tfjs').Tensor) => {
        const a = tf.max(v);
        return tf.add(tf.log(tf.sum(tf.exp(tf.sub(v, a)))), a);
      });
      return () => tf.tidy(() => Array.from(g(tf.tensor1d(x as number[])).dataSync()));
    },
  };
}
