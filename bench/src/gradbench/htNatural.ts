/**
 * GradBench `ht` written the natural way (issue 16): the model's per-bone transforms as 4 × 4
 * matrices (16 numbers, row-major, one row of a number[][] per bone), its vertices, weights,
 * triangles and the data points as number[][], helpers returning arrays (a 4 × 4 product, the
 * Euler and angle-axis rotations), and the bones' transforms and the skinned vertices collected in
 * local matrices. This module is @ddx/transform's input as a whole (its verb call is compiled where
 * it stands), checked in bench/test against the hand-written handJacobian of ht.ts and timed beside
 * the flattened ht.ts (the "natural form" rows).
 *
 * `pose` is θ (simple variant, no us) or [δu₀, δu₁, θ] (complicated variant), as in ht.ts.
 *
 * What it still needs: a vertex read by index, basePositions[v][0] … (`const [px, py, pz] =
 * basePositions[v]`, destructuring a data matrix's row, is DDX1017), and the model passed as its
 * arrays (its per-bone matrices as number[][] fields of one `model` record are DDX1022; a record of
 * number[] fields would compile, but the matrices are the natural form).
 */
import { jacobian } from '@ddx/dual';

/** The product of two 4 × 4 matrices, row-major. */
function matMul(a: number[], b: number[]): number[] {
  const out: number[] = [];
  for (let r = 0; r < 4; r++) {
    for (let c = 0; c < 4; c++) {
      let s = 0;
      for (let k = 0; k < 4; k++) s += a[4 * r + k] * b[4 * k + c];
      out.push(s);
    }
  }
  return out;
}

/** Rz(z)·Ry(y)·Rx(x) as a 4 × 4 transform (ADBench's Euler angles, in the order x, z, y). */
function eulerRotation(x: number, z: number, y: number): number[] {
  const cx = Math.cos(x), sx = Math.sin(x), cz = Math.cos(z), sz = Math.sin(z), cy = Math.cos(y), sy = Math.sin(y);
  return [
    cz * cy, -sz * cx + cz * sy * sx, sz * sx + cz * sy * cx, 0,
    sz * cy, cz * cx + sz * sy * sx, -cz * sx + sz * sy * cx, 0,
    -sy, cy * sx, cy * cx, 0,
    0, 0, 0, 1,
  ];
}

/** The rotation of an angle-axis vector (Rodrigues), 3 × 3 row-major; the identity near 0. */
function angleAxisRotation(rx: number, ry: number, rz: number): number[] {
  const norm = Math.sqrt(rx * rx + ry * ry + rz * rz);
  if (norm < 1e-4) return [1, 0, 0, 0, 1, 0, 0, 0, 1];
  const x = rx / norm, y = ry / norm, z = rz / norm, s = Math.sin(norm), c = Math.cos(norm);
  return [
    x * x + (1 - x * x) * c, x * y * (1 - c) - z * s, x * z * (1 - c) + y * s,
    x * y * (1 - c) + z * s, y * y + (1 - y * y) * c, y * z * (1 - c) - x * s,
    x * z * (1 - c) - y * s, z * y * (1 - c) + x * s, z * z + (1 - z * z) * c,
  ];
}

/** The residuals, 3 per data point: the point minus its vertex (simple) or its point on a triangle (complicated). */
export function handResiduals(
  pose: number[], us: number[][], triangles: number[][], correspondences: number[], points: number[][],
  parents: number[], baseRelatives: number[][], inverseBaseAbsolutes: number[][], basePositions: number[][],
  weights: number[][], mirror: number,
): number[] {
  const t0 = us.length > 0 ? 2 : 0;
  // each bone's Euler angles from θ: per finger, two at its second bone and one at each of the next two
  const angles: number[][] = [];
  for (let b = 0; b < parents.length; b++) angles.push([0, 0, 0]);
  for (let finger = 0; finger < 5; finger++) {
    const bone = 2 + 4 * finger, k = t0 + 6 + 4 * finger;
    angles[bone][0] = pose[k];
    angles[bone][1] = pose[k + 1];
    angles[bone + 1][0] = pose[k + 2];
    angles[bone + 2][0] = pose[k + 3];
  }
  // each bone's absolute transform (its parent's times its posed base relative), then the skinning transform
  const absolutes: number[][] = [];
  const transforms: number[][] = [];
  for (let b = 0; b < parents.length; b++) {
    const relative = matMul(baseRelatives[b], eulerRotation(angles[b][0], angles[b][1], angles[b][2]));
    absolutes.push(parents[b] < 0 ? relative : matMul(absolutes[parents[b]], relative));
    transforms.push(matMul(absolutes[b], inverseBaseAbsolutes[b]));
  }
  // linear blend skinning, mirroring, the global rotation and translation
  const G = angleAxisRotation(pose[t0], pose[t0 + 1], pose[t0 + 2]);
  const positions: number[][] = [];
  for (let v = 0; v < basePositions.length; v++) {
    const px = basePositions[v][0], py = basePositions[v][1], pz = basePositions[v][2];
    let sx = 0, sy = 0, sz = 0;
    for (let b = 0; b < parents.length; b++) {
      const w = weights[b][v];
      if (w === 0) continue;
      const t = transforms[b];
      sx += w * (t[0] * px + t[1] * py + t[2] * pz + t[3]);
      sy += w * (t[4] * px + t[5] * py + t[6] * pz + t[7]);
      sz += w * (t[8] * px + t[9] * py + t[10] * pz + t[11]);
    }
    sx *= mirror;
    positions.push([
      G[0] * sx + G[1] * sy + G[2] * sz + pose[t0 + 3],
      G[3] * sx + G[4] * sy + G[5] * sz + pose[t0 + 4],
      G[6] * sx + G[7] * sy + G[8] * sz + pose[t0 + 5],
    ]);
  }
  const residuals: number[] = [];
  for (let i = 0; i < points.length; i++) {
    for (let j = 0; j < 3; j++) {
      let model = 0;
      if (t0 === 0) model = positions[correspondences[i]][j];
      else {
        const u0 = us[i][0] + pose[0], u1 = us[i][1] + pose[1], tri = triangles[correspondences[i]];
        model = u0 * positions[tri[0]][j] + u1 * positions[tri[1]][j] + (1 - u0 - u1) * positions[tri[2]][j];
      }
      residuals.push(points[i][j] - model);
    }
  }
  return residuals;
}

/** The Jacobian of the residuals with respect to the pose, as a user calls it. */
export function htNaturalJacobian(
  pose: number[], us: number[][], triangles: number[][], correspondences: number[], points: number[][],
  parents: number[], baseRelatives: number[][], inverseBaseAbsolutes: number[][], basePositions: number[][],
  weights: number[][], mirror: number,
): number[][] {
  return jacobian((p: number[]) => handResiduals(p, us, triangles, correspondences, points, parents, baseRelatives, inverseBaseAbsolutes, basePositions, weights, mirror), pose);
}
