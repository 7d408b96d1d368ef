"""The derivatives of the corpus's @stdlib special functions that have no closed form in
entries.ts, at its points, computed outside ddx with mpmath (40 digits; mp.diff of mpmath's own
functions). Run: python3 test/corpus/special-reference.py, and paste the output into entries.ts."""
import mpmath as mp

mp.mp.dps = 40
unary = {
    'erfinv': (mp.erfinv, [-0.8, -0.1, 0.3, 0.9]),
    'gamma': (mp.gamma, [0.3, 1.5, 2.5, 4.2]),
    'gammaln': (lambda x: mp.log(abs(mp.gamma(x))), [0.3, 1.5, 4.2, 12.5]),
    'digamma': (mp.digamma, [0.3, 1.5, 4.2, 12.5]),
    'sinc': (mp.sincpi, [0.15, 0.6, 1.7, 3.2]),
    'besselj0': (lambda x: mp.besselj(0, x), [0.5, 2.5, 7.5, 12]),
    'besselj1': (lambda x: mp.besselj(1, x), [0.5, 2.5, 7.5, 12]),
}
r = lambda v: repr(float(v))
print('const mpmath: Record<string, [x: number, d1: number, d2: number][]> = {')
for name, (f, xs) in unary.items():
    rows = ', '.join(f'[{x}, {r(mp.diff(f, mp.mpf(x), 1))}, {r(mp.diff(f, mp.mpf(x), 2))}]' for x in xs)
    print(f'  {name}: [{rows}],')
print('};')
print('const mpmathBeta: [a: number, b: number, da: number, db: number, daa: number, dab: number, dbb: number][] = [')
for a, b in [(0.5, 1.5), (2, 3), (4.5, 1.2)]:
    A, B = mp.mpf(a), mp.mpf(b)
    d = lambda n: r(mp.diff(mp.beta, (A, B), n))
    print(f'  [{a}, {b}, {d((1, 0))}, {d((0, 1))}, {d((2, 0))}, {d((1, 1))}, {d((0, 2))}],')
print('];')
