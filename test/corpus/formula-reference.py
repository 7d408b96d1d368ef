"""The derivatives of the corpus entries that have no closed form in entries.ts, at their points,
computed outside ddx with mpmath (40 digits; mp.diff). Each function is the package's own formula
written again here from its published source (same branches, same coefficients), so that the
reference is the derivative of what the package computes, approximations included (Lanczos and
Nemes series, the Numerical Recipes erf). corpus.test.ts checks every reference against finite
differences of the package's own function, which catches a formula misread here.

Run: python3 test/corpus/formula-reference.py > test/corpus/formula-reference.json"""
import json
import mpmath as mp

mp.mp.dps = 40
M = mp.mpf


def grad(f, x):
    n = len(x)
    return [mp.diff(f, x, tuple(1 if k == i else 0 for k in range(n))) for i in range(n)]


def hess(f, x):
    n = len(x)
    def order(i, j):
        o = [0] * n
        o[i] += 1
        o[j] += 1
        return tuple(o)
    return [[mp.diff(f, x, order(i, j)) for j in range(n)] for i in range(n)]


def jac(fs, x):
    return [grad(f, x) for f in fs]


# d3-ease
def d3_bounce_out(t):
    b1, b2, b3, b4, b5, b6, b7, b8, b9 = M(4) / 11, M(6) / 11, M(8) / 11, M(3) / 4, M(9) / 11, M(10) / 11, M(15) / 16, M(21) / 22, M(63) / 64
    b0 = 1 / b1 / b1
    if t < b1: return b0 * t * t
    if t < b3: return b0 * (t - b2) ** 2 + b4
    if t < b6: return b0 * (t - b5) ** 2 + b7
    return b0 * (t - b8) ** 2 + b9


def d3_back_in(t, s=M(1.70158)):
    return t * t * (s * (t - 1) + t)


def tpmt(x):
    return (mp.power(2, -10 * x) - M(0.0009765625)) * M(1.0009775171065494)


def d3_elastic_out(t):
    a, p = M(1), M(0.3) / (2 * mp.pi)
    s = mp.asin(1 / a) * p
    return 1 - a * tpmt(t) * mp.sin((t + s) / p)


def d3_poly_out(t, e=3): return 1 - (1 - t) ** e
def d3_poly_in_out(t, e=3):
    t = 2 * t
    return (t ** e if t <= 1 else 2 - (2 - t) ** e) / 2
def d3_exp_in_out(t):
    t = 2 * t
    return (tpmt(1 - t) if t <= 1 else 2 - tpmt(t - 1)) / 2
def d3_circle_in_out(t):
    t = 2 * t
    return (1 - mp.sqrt(1 - t * t) if t <= 1 else mp.sqrt(1 - (t - 2) ** 2) + 1) / 2
def d3_bounce_in(t): return 1 - d3_bounce_out(1 - t)
def d3_bounce_in_out(t):
    t = 2 * t
    return (1 - d3_bounce_out(1 - t) if t <= 1 else d3_bounce_out(t - 1) + 1) / 2
def d3_back_out(t, s=M(1.70158)):
    t = t - 1
    return t * t * ((t + 1) * s + t) + 1
def d3_back_in_out(t, s=M(1.70158)):
    t = 2 * t
    return (t * t * ((s + 1) * t - s) if t < 1 else (t - 2) ** 2 * ((s + 1) * (t - 2) + s) + 2) / 2
D3_ELASTIC_P = M(0.3) / (2 * mp.pi)
D3_ELASTIC_S = mp.asin(1) * D3_ELASTIC_P
def d3_elastic_in(t):
    t = t - 1
    return tpmt(-t) * mp.sin((D3_ELASTIC_S - t) / D3_ELASTIC_P)
def d3_elastic_in_out(t):
    t = t * 2 - 1
    s, p = D3_ELASTIC_S, D3_ELASTIC_P
    return (tpmt(-t) * mp.sin((s - t) / p) if t < 0 else 2 - tpmt(t) * mp.sin((s + t) / p)) / 2


# eases (one module per function)
def quart_in_out(t):
    return 8 * t ** 4 if t < 0.5 else -8 * (t - 1) ** 4 + 1


def expo_in_out(t):
    return M(0.5) * mp.power(2, 20 * t - 10) if t < 0.5 else -M(0.5) * mp.power(2, 10 - 20 * t) + 1


def circ_in_out(t):
    t = 2 * t
    if t < 1: return -M(0.5) * (mp.sqrt(1 - t * t) - 1)
    t -= 2
    return M(0.5) * (mp.sqrt(1 - t * t) + 1)


def back_in_out(t):
    s = M(1.70158) * M(1.525)
    t = 2 * t
    if t < 1: return M(0.5) * (t * t * ((s + 1) * t - s))
    t -= 2
    return M(0.5) * (t * t * ((s + 1) * t + s) + 2)


def elastic_out(t):
    return mp.sin(-13 * (t + 1) * mp.pi / 2) * mp.power(2, -10 * t) + 1


def eases_bounce_out(t):
    a, b, c = M(4) / 11, M(8) / 11, M(9) / 10
    ca, cb, cc = M(4356) / 361, M(35442) / 1805, M(16061) / 1805
    if t < a: return M(7.5625) * t * t
    if t < b: return M(9.075) * t * t - M(9.9) * t + M(3.4)
    if t < c: return ca * t * t - cb * t + cc
    return M(10.8) * t * t - M(20.52) * t + M(10.72)


def bounce_in_out(t):
    return M(0.5) * (1 - eases_bounce_out(1 - 2 * t)) if t < 0.5 else M(0.5) * eases_bounce_out(2 * t - 1) + M(0.5)


def sine_out(t): return mp.sin(t * mp.pi / 2)
def sine_in_out(t): return -M(0.5) * (mp.cos(mp.pi * t) - 1)
def expo_out(t): return 1 - mp.power(2, -10 * t)
def circ_in(t): return 1 - mp.sqrt(1 - t * t)
def back_out(t, s=M(1.70158)):
    t = t - 1
    return t * t * ((s + 1) * t + s) + 1
def elastic_in_out(t):
    if t < 0.5: return M(0.5) * mp.sin(13 * mp.pi / 2 * 2 * t) * mp.power(2, 10 * (2 * t - 1))
    return M(0.5) * mp.sin(-13 * mp.pi / 2 * ((2 * t - 1) + 1)) * mp.power(2, -10 * (2 * t - 1)) + 1
def quart_out(t): return (t - 1) ** 3 * (1 - t) + 1


# simple-statistics
def ss_error_function(x):
    t = 1 / (1 + M(0.5) * abs(x))
    poly = M(0.17087277)
    for c in [-0.82215223, 1.48851587, -1.13520398, 0.27886807, -0.18628806, 0.09678418, 0.37409196, 1.00002368]:
        poly = poly * t + M(c)
    tau = t * mp.exp(-x * x + poly * t - M(1.26551223))
    return 1 - tau if x >= 0 else tau - 1


def ss_gamma(n):
    if n > 0 and n < 20: return ss_gamma(n + 1) / n
    n = n - 1
    coefficient = (n / mp.e) ** n * mp.sqrt(2 * mp.pi * (n + M(1) / 6))
    d = n + M(1) / 4
    series = (1 + M(1) / 144 / d ** 2 - M(1) / 12960 / d ** 3 - M(257) / 207360 / d ** 4 - M(52) / 2612736 / d ** 5
              + M(5741173) / 9405849600 / d ** 6 + M(37529) / 18811699200 / d ** 7)
    return coefficient * series


SS_LANCZOS = [0.99999999999999709182, 57.156235665862923517, -59.59796035547549, 14.136097974741747174,
              -0.4919138160976202, 0.33994649984811888699e-4, 0.46523628927048575665e-4, -9837447530487956e-20,
              0.15808870322491248884e-3, -21026444172410488e-20, 0.2174396181152126432e-3, -1643181065367639e-19,
              0.84418223983852743293e-4, -26190838401581408e-21, 0.36899182659531622704e-5]


def ss_gammaln(n):
    n = n - 1
    a = M(SS_LANCZOS[0]) + sum(M(SS_LANCZOS[i]) / (n + i) for i in range(1, 15))
    tmp = M(607) / 128 + M(0.5) + n
    return mp.log(mp.sqrt(2 * mp.pi)) + mp.log(a) - tmp + (n + M(0.5)) * mp.log(tmp)


def ss_inverse_error_function(x):
    a = (8 * (mp.pi - 3)) / (3 * mp.pi * (4 - mp.pi))
    l = mp.log(1 - x * x)
    inv = mp.sqrt(mp.sqrt((2 / (mp.pi * a) + l / 2) ** 2 - l / a) - (2 / (mp.pi * a) + l / 2))
    return inv if x >= 0 else -inv


def ss_probit(p):
    return mp.sqrt(2) * ss_inverse_error_function(2 * p - 1)


def mean(v): return sum(v) / len(v)
def ss_variance(*v): return sum((x - mean(v)) ** 2 for x in v) / len(v)
def ss_standard_deviation(*v): return mp.sqrt(ss_variance(*v))
def ss_geometric_mean(*v): return mp.fprod(v) ** (M(1) / len(v))
def ss_harmonic_mean(*v): return len(v) / sum(1 / x for x in v)
def ss_root_mean_square(*v): return mp.sqrt(sum(x * x for x in v) / len(v))
def ss_product(*v): return mp.fprod(v)
def ss_sample_standard_deviation(*v): return mp.sqrt(sum((x - mean(v)) ** 2 for x in v) / (len(v) - 1))
def ss_coefficient_of_variation(*v): return ss_sample_standard_deviation(*v) / mean(v)
def ss_sample_kurtosis(*v):
    n, m = len(v), mean(v)
    m2, m4 = sum((x - m) ** 2 for x in v), sum((x - m) ** 4 for x in v)
    return M(n - 1) / ((n - 2) * (n - 3)) * (n * (n + 1) * m4 / (m2 * m2) - 3 * (n - 1))
YS = [M(2), M(1), M(5), M(4)]
def ss_sample_correlation(*v):
    mx, my, n = mean(v), mean(YS), len(v)
    cov = sum((x - mx) * (y - my) for x, y in zip(v, YS)) / (n - 1)
    return cov / ss_sample_standard_deviation(*v) / ss_sample_standard_deviation(*YS)


def ss_sample_skewness(*v):
    n, m = len(v), mean(v)
    s = mp.sqrt(sum((x - m) ** 2 for x in v) / (n - 1))
    return n * sum((x - m) ** 3 for x in v) / ((n - 1) * (n - 2) * s ** 3)


# gl-matrix (vectors as flat arrays; two vectors of three concatenated)
def norm(v): return mp.sqrt(sum(x * x for x in v))
def gl_length(*v): return norm(v)
def gl_dot(*v): return sum(v[i] * v[i + 3] for i in range(3))
def gl_distance(*v): return norm([v[i] - v[i + 3] for i in range(3)])
def gl_angle(*v): return mp.acos(gl_dot(*v) / (norm(v[:3]) * norm(v[3:])))
def gl_determinant(*v): return mp.det(mp.matrix([v[0:3], v[3:6], v[6:9]]))
def gl_determinant4(*v): return mp.det(mp.matrix([v[0:4], v[4:8], v[8:12], v[12:16]]))
def gl_distance2(*v): return norm([v[0] - v[2], v[1] - v[3]])
gl_lerp = [lambda *v, i=i: v[i] + v[6] * (v[i + 3] - v[i]) for i in range(3)]
gl_normalize = [lambda *v, i=i: v[i] / norm(v) for i in range(3)]
gl_cross = [lambda *v: v[1] * v[5] - v[2] * v[4], lambda *v: v[2] * v[3] - v[0] * v[5], lambda *v: v[0] * v[4] - v[1] * v[3]]


# d3-interpolate, values [0, 1, 4, 2]
def basis(t1, v0, v1, v2, v3):
    t2, t3 = t1 * t1, t1 * t1 * t1
    return ((1 - 3 * t1 + 3 * t2 - t3) * v0 + (4 - 6 * t2 + 3 * t3) * v1 + (1 + 3 * t1 + 3 * t2 - 3 * t3) * v2 + t3 * v3) / 6


def interpolate_basis(values):
    n = len(values) - 1
    def f(t):
        i = int(mp.floor(t * n))
        v1, v2 = values[i], values[i + 1]
        v0 = values[i - 1] if i > 0 else 2 * v1 - v2
        v3 = values[i + 2] if i < n - 1 else 2 * v2 - v1
        return basis((t - M(i) / n) * n, v0, v1, v2, v3)
    return f


def interpolate_basis_closed(values):
    n = len(values)
    def f(t):
        i = int(mp.floor(t * n))
        return basis((t - M(i) / n) * n, values[(i + n - 1) % n], values[i % n], values[(i + 1) % n], values[(i + 2) % n])
    return f


# d3-array: the sample variance
def d3_variance(*v): return sum((x - mean(v)) ** 2 for x in v) / (len(v) - 1)
def d3_deviation(*v): return mp.sqrt(d3_variance(*v))


# bezier-easing: y(t(x)) where x(t) = x, solved exactly
def bezier_easing(x1, y1, x2, y2):
    cubic = lambda t, p1, p2: 3 * (1 - t) ** 2 * t * p1 + 3 * (1 - t) * t * t * p2 + t ** 3
    def f(x):
        t = mp.findroot(lambda t: cubic(t, x1, x2) - x, x)
        return cubic(t, y1, y2)
    return f


# ml-distance, against q = [1, 0.5, 2]
Q = [M(1), M(0.5), M(2)]
def ml_euclidean(*v): return norm([v[i] - Q[i] for i in range(3)])
def ml_squared_euclidean(*v): return sum((v[i] - Q[i]) ** 2 for i in range(3))
def ml_manhattan(*v): return sum(abs(v[i] - Q[i]) for i in range(3))
def ml_lorentzian(*v): return sum(mp.log(abs(v[i] - Q[i]) + 1) for i in range(3))
def ml_cosine(*v): return sum(v[i] * Q[i] for i in range(3)) / mp.sqrt(sum(x * x for x in v) * sum(x * x for x in Q))


# ml-distance, distributions against P = [0.2, 0.5, 0.3]
P = [M(0.2), M(0.5), M(0.3)]
def ml_hellinger(*v): return 2 * mp.sqrt(1 - sum(mp.sqrt(v[i] * P[i]) for i in range(3)))
def ml_sorensen(*v): return sum(abs(v[i] - P[i]) for i in range(3)) / sum(v[i] + P[i] for i in range(3))
def ml_canberra(*v): return sum(abs(v[i] - P[i]) / (v[i] + P[i]) for i in range(3))
def ml_squared_chord(*v): return sum((mp.sqrt(v[i]) - mp.sqrt(P[i])) ** 2 for i in range(3))
def ml_kullback_leibler(*v): return sum(v[i] * mp.log(v[i] / P[i]) for i in range(3))
def ml_soergel(*v): return sum(abs(v[i] - P[i]) for i in range(3)) / sum(max(v[i], P[i]) for i in range(3))


# gamma (substack): Lanczos g = 7 with reflection, and its log-gamma
LANCZOS = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
           12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7]
LANCZOS_LN = [0.99999999999999709182, 57.156235665862923517, -59.597960355475491248, 14.136097974741747174,
              -0.49191381609762019978, 0.33994649984811888699e-4, 0.46523628927048575665e-4, -0.98374475304879564677e-4,
              0.15808870322491248884e-3, -0.21026444172410488319e-3, 0.21743961811521264320e-3, -0.16431810653676389022e-3,
              0.84418223983852743293e-4, -0.26190838401581408670e-4, 0.36899182659531622704e-5]


def lanczos_gamma(z):
    if z < 0.5: return mp.pi / (mp.sin(mp.pi * z) * lanczos_gamma(1 - z))
    z = z - 1
    x = M(LANCZOS[0]) + sum(M(LANCZOS[i]) / (z + i) for i in range(1, 9))
    t = z + 7 + M(0.5)
    return mp.sqrt(2 * mp.pi) * t ** (z + M(0.5)) * mp.exp(-t) * x


def lanczos_lngamma(z):
    x = M(LANCZOS_LN[0]) + sum(M(LANCZOS_LN[i]) / (z + i) for i in range(14, 0, -1))
    t = z + M(607) / 128 + M(0.5)
    return M(0.5) * mp.log(2 * mp.pi) + (z + M(0.5)) * mp.log(t) - t + mp.log(x) - mp.log(z)


easing = [0.2, 0.35, 0.7, 0.85]
samples = [[1.5, 2, 4.5, 3], [0.2, 0.9, 0.4, 1.7, 1.1], [3, 7, 5]]
three = [[1, 2, 2], [-0.5, 0.3, 1.2], [3, -1, 0.25]]
six = [[1, 2, 2, -0.5, 0.3, 1.2], [3, -1, 0.25, 1, 1, 1]]
distance_points = [[0.2, 1.5, 3], [2, -0.5, 1.2]]
probability_points = [[0.3, 0.3, 0.4], [0.1, 0.6, 0.25]]

scalar = {
    'd3-ease/easeBounceOut': (d3_bounce_out, [0.2, 0.5, 0.8, 0.95]),
    'd3-ease/easeBackIn': (d3_back_in, easing),
    'd3-ease/easeElasticOut': (d3_elastic_out, easing),
    'eases/quartInOut': (quart_in_out, easing),
    'eases/expoInOut': (expo_in_out, easing),
    'eases/circInOut': (circ_in_out, easing),
    'eases/backInOut': (back_in_out, easing),
    'eases/elasticOut': (elastic_out, easing),
    'eases/bounceInOut': (bounce_in_out, [0.25, 0.6, 0.8]),
    'simple-statistics/errorFunction': (ss_error_function, [-1.5, -0.3, 0.2, 0.9]),
    'simple-statistics/gamma': (ss_gamma, [0.3, 1.5, 2.5, 4.2]),
    'simple-statistics/gammaln': (ss_gammaln, [0.3, 1.5, 4.2, 12.5]),
    'simple-statistics/probit': (ss_probit, [0.1, 0.3, 0.6, 0.9]),
    'd3-interpolate/interpolateBasis': (interpolate_basis([0, 1, 4, 2]), [0.1, 0.45, 0.6, 0.9]),
    'd3-interpolate/interpolateBasisClosed': (interpolate_basis_closed([0, 1, 4, 2]), [0.1, 0.4, 0.6, 0.9]),
    'bezier-easing/BezierEasing(0.25, 0.1, 0.25, 1)': (bezier_easing(M(0.25), M(0.1), M(0.25), M(1)), easing),
    'bezier-easing/BezierEasing(0.42, 0, 0.58, 1)': (bezier_easing(M(0.42), M(0), M(0.58), M(1)), easing),
    'gamma/gamma': (lanczos_gamma, [0.3, 1.5, 2.5, 4.2]),
    'd3-ease/easePolyOut': (d3_poly_out, easing),
    'd3-ease/easePolyInOut': (d3_poly_in_out, easing),
    'd3-ease/easeExpInOut': (d3_exp_in_out, easing),
    'd3-ease/easeCircleInOut': (d3_circle_in_out, easing),
    'd3-ease/easeBounceIn': (d3_bounce_in, easing),
    'd3-ease/easeBounceInOut': (d3_bounce_in_out, easing),
    'd3-ease/easeBackOut': (d3_back_out, easing),
    'd3-ease/easeBackInOut': (d3_back_in_out, easing),
    'd3-ease/easeElasticIn': (d3_elastic_in, easing),
    'd3-ease/easeElasticInOut': (d3_elastic_in_out, easing),
    'eases/sineOut': (sine_out, easing),
    'eases/sineInOut': (sine_in_out, easing),
    'eases/expoOut': (expo_out, easing),
    'eases/circIn': (circ_in, easing),
    'eases/backOut': (back_out, easing),
    'eases/elasticInOut': (elastic_in_out, easing),
    'eases/quartOut': (quart_out, easing),
    'gamma/gamma.log': (lanczos_lngamma, [0.3, 1.5, 4.2, 12.5]),
}
vector = {
    'simple-statistics/standardDeviation': (ss_standard_deviation, samples),
    'simple-statistics/geometricMean': (ss_geometric_mean, samples),
    'simple-statistics/harmonicMean': (ss_harmonic_mean, samples),
    'simple-statistics/rootMeanSquare': (ss_root_mean_square, samples),
    'simple-statistics/sampleSkewness': (ss_sample_skewness, samples),
    'simple-statistics/product': (ss_product, samples),
    'simple-statistics/sampleStandardDeviation': (ss_sample_standard_deviation, samples),
    'simple-statistics/sampleKurtosis': (ss_sample_kurtosis, samples[:2]),
    'simple-statistics/coefficientOfVariation': (ss_coefficient_of_variation, samples),
    'simple-statistics/sampleCorrelation': (ss_sample_correlation, [[1, 2, 4, 3], [0.5, -1, 2, 0]]),
    'gl-matrix/mat4.determinant': (gl_determinant4, [[2, 0.5, 1, -1, 3, 0.2, 0.4, 1, 1.5, 1, 2, 3, 0, 1, 4, 5], [1, 0, 2, 1, 0, 3, 1, -1, 2, 1, 0, 1, 1, 1, 1, 2]]),
    'gl-matrix/vec2.distance': (gl_distance2, [[1, 2, -0.5, 0.3], [3, -1, 0.25, 1]]),
    'ml-distance/distance.hellinger': (ml_hellinger, probability_points),
    'ml-distance/distance.sorensen': (ml_sorensen, probability_points),
    'ml-distance/distance.canberra': (ml_canberra, probability_points),
    'ml-distance/distance.squaredChord': (ml_squared_chord, probability_points),
    'ml-distance/distance.kullbackLeibler': (ml_kullback_leibler, probability_points),
    'ml-distance/distance.soergel': (ml_soergel, probability_points),
    'gl-matrix/vec3.length': (gl_length, three),
    'gl-matrix/vec2.length': (gl_length, [[3, 4], [-1, 0.5]]),
    'gl-matrix/vec3.dot': (gl_dot, six),
    'gl-matrix/vec3.distance': (gl_distance, six),
    'gl-matrix/vec3.angle': (gl_angle, six),
    'gl-matrix/mat3.determinant': (gl_determinant, [[2, 0.5, 1, -1, 3, 0.2, 0.4, 1, 1.5], [1, 2, 3, 0, 1, 4, 5, 6, 0]]),
    'd3-array/variance': (d3_variance, samples),
    'd3-array/deviation': (d3_deviation, samples),
    'ml-distance/distance.euclidean': (ml_euclidean, distance_points),
    'ml-distance/distance.squaredEuclidean': (ml_squared_euclidean, distance_points),
    'ml-distance/distance.manhattan': (ml_manhattan, distance_points),
    'ml-distance/distance.lorentzian': (ml_lorentzian, distance_points),
    'ml-distance/similarity.cosine': (ml_cosine, distance_points),
}
vector_valued = {
    'gl-matrix/vec3.normalize': (gl_normalize, three),
    'gl-matrix/vec3.cross': (gl_cross, six),
    'gl-matrix/vec3.lerp': (gl_lerp, [[1, 2, 2, -0.5, 0.3, 1.2, 0.3], [3, -1, 0.25, 1, 1, 1, 0.8]]),
}

# culori: conversions of { r, g, b } in [0, 1] (away from grey and from the sRGB curve's knee at 0.04045)
def culori_lin(c): return c / M(12.92) if abs(c) <= M(0.04045) else mp.sign(c) * mp.power((abs(c) + M(0.055)) / M(1.055), M(2.4))
culori_lrgb = [lambda *v, i=i: culori_lin(v[i]) for i in range(3)]
def culori_oklab(*v):
    r, g, b = (culori_lin(x) for x in v)
    L = mp.cbrt(M('0.412221469470763') * r + M('0.5363325372617348') * g + M('0.0514459932675022') * b)
    Mm = mp.cbrt(M('0.2119034958178252') * r + M('0.6806995506452344') * g + M('0.1073969535369406') * b)
    S = mp.cbrt(M('0.0883024591900564') * r + M('0.2817188391361215') * g + M('0.6299787016738222') * b)
    return (M('0.210454268309314') * L + M('0.7936177747023054') * Mm - M('0.0040720430116193') * S,
            M('1.9779985324311684') * L - M('2.4285922420485799') * Mm + M('0.450593709617411') * S,
            M('0.0259040424655478') * L + M('0.7827717124575296') * Mm - M('0.8086757549230774') * S)
culori_oklab_fields = [lambda *v, i=i: culori_oklab(*v)[i] for i in range(3)]
# sRGB → linear → XYZ D65 (convertRgbToXyz65's matrix) → CIELab D65 (convertXyz65ToLab65, the white point D65 of constants.js).
def culori_lab65(*v):
    r, g, b = (culori_lin(x) for x in v)
    x = M('0.4123907992659593') * r + M('0.357584339383878') * g + M('0.1804807884018343') * b
    y = M('0.2126390058715102') * r + M('0.715168678767756') * g + M('0.0721923153607337') * b
    z = M('0.0193308187155918') * r + M('0.119194779794626') * g + M('0.9505321522496607') * b
    k, e = M(29) ** 3 / M(3) ** 3, M(6) ** 3 / M(29) ** 3
    f = lambda t: mp.cbrt(t) if t > e else (k * t + 16) / 116
    f0, f1, f2 = f(x / (M('0.3127') / M('0.329'))), f(y), f(z / ((1 - M('0.3127') - M('0.329')) / M('0.329')))
    return (116 * f1 - 16, 500 * (f0 - f1), 200 * (f1 - f2))
culori_lab65_fields = [lambda *v, i=i: culori_lab65(*v)[i] for i in range(3)]
def culori_hue(r, g, b):
    Mx, mn = max(r, g, b), min(r, g, b)
    return ((g - b) / (Mx - mn) + (6 if g < b else 0) if Mx == r else (b - r) / (Mx - mn) + 2 if Mx == g else (r - g) / (Mx - mn) + 4) * 60
culori_hsl = [culori_hue, lambda r, g, b: (max(r, g, b) - min(r, g, b)) / (1 - abs(max(r, g, b) + min(r, g, b) - 1)), lambda r, g, b: (max(r, g, b) + min(r, g, b)) / 2]
culori_hsv = [culori_hue, lambda r, g, b: 1 - min(r, g, b) / max(r, g, b), lambda r, g, b: max(r, g, b)]
rgb_unit = [[0.8, 0.4, 0.3], [0.1, 0.6, 0.85], [0.35, 0.4, 0.55]]
vector_valued.update({
    'culori/convertRgbToLrgb': (culori_lrgb, rgb_unit),
    'culori/convertRgbToOklab': (culori_oklab_fields, rgb_unit),
    'culori/convertRgbToLab65': (culori_lab65_fields, rgb_unit),
    'culori/convertRgbToHsl': (culori_hsl, rgb_unit),
    'culori/convertRgbToHsv': (culori_hsv, rgb_unit),
})

r = lambda v: [r(x) for x in v] if isinstance(v, list) else float(v)
out = {}
for id, (f, xs) in scalar.items():
    out[id] = [[x, r(mp.diff(f, M(x), 1)), r(mp.diff(f, M(x), 2))] for x in xs]
for id, (f, xs) in vector.items():
    out[id] = [[x, r(grad(f, [M(a) for a in x])), r(hess(f, [M(a) for a in x]))] for x in xs]
for id, (fs, xs) in vector_valued.items():
    out[id] = [[x, r(jac(fs, [M(a) for a in x])), None] for x in xs]
print('{\n' + ',\n'.join(f' {json.dumps(id)}: {json.dumps(rows)}' for id, rows in out.items()) + '\n}')
