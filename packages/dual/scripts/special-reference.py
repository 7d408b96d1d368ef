"""Reference values for test/special.test.ts, computed with mpmath at 40 digits (outside ddx):
ψ, ψ′, ψ″, J₀, J₁, and the first and second derivatives of each special function with a rule in
specialRules (rules.ts), by mpmath's own functions and numerical differentiation (mp.diff).
Run: python3 packages/dual/scripts/special-reference.py > packages/dual/test/special-reference.json"""
import json
import mpmath as mp

mp.mp.dps = 40

functions = {
    'psi': [0.001, 0.3, 1, 1.4616321449683622, 1.5, 4.2, 12.5, 55.5, 1000, -0.3, -0.999, -2.7, -10.2],
    'bessel': [0, 1e-5, 0.3, 0.99, 1, 2.5, 7.5, 12, 24.9, 25.1, 40, 100, 1000, -3.3],
}
unary = {
    'erf': (mp.erf, [-1.5, -0.3, 0, 0.2, 0.9, 2.5]),
    'erfc': (mp.erfc, [-1.5, 0.2, 0.9, 2.5]),
    'erfinv': (lambda x: mp.erfinv(x), [-0.8, -0.1, 0, 0.3, 0.9, 0.999]),
    'gamma': (mp.gamma, [0.3, 1.5, 2.5, 4.2, 10.1, -0.5, -2.3]),
    'gammaln': (lambda x: mp.log(abs(mp.gamma(x))), [0.3, 1.5, 4.2, 12.5, -0.5]),
    'digamma': (mp.digamma, [0.3, 1.5, 4.2, 12.5, -0.5]),
    'expm1': (mp.expm1, [-2, -1e-3, 0, 0.2, 3]),
    'log1p': (mp.log1p, [-0.5, 1e-3, 0, 0.2, 3]),
    'sinc': (lambda x: mp.sincpi(x), [0, 1e-4, 0.15, 0.3, 0.318, 0.6, 1.7, 3.2, -2.2]),
    'besselj0': (lambda x: mp.besselj(0, x), [0, 0.5, 2.5, 7.5, 12, 30, -1.2]),
    'besselj1': (lambda x: mp.besselj(1, x), [0, 1e-3, 0.5, 1.9, 2.5, 7.5, 12, 30, -1.2]),
    'logit': (lambda p: mp.log(p / (1 - p)), [0.1, 0.3, 0.5, 0.6, 0.9]),
    'expit': (lambda x: 1 / (1 + mp.exp(-x)), [-40, -3, -0.4, 0, 0.7, 5, 40]),
    'log1pexp': (lambda x: mp.log1p(mp.exp(x)), [-40, -3, 0, 0.7, 20, 40]),
}
out = {'psi': [], 'bessel': [], 'unary': {}, 'beta': []}
for x in functions['psi']:
    X = mp.mpf(x)
    out['psi'].append([x, float(mp.psi(0, X)), float(mp.psi(1, X)), float(mp.psi(2, X))])
for x in functions['bessel']:
    X = mp.mpf(x)
    out['bessel'].append([x, float(mp.besselj(0, X)), float(mp.besselj(1, X))])
for name, (f, xs) in unary.items():
    rows = []
    for x in xs:
        X = mp.mpf(x)
        rows.append([x, float(f(X)), float(mp.diff(f, X, 1)), float(mp.diff(f, X, 2))])
    out['unary'][name] = rows
for a, b in [(0.5, 1.5), (2, 3), (4.5, 1.2), (0.2, 7.5)]:
    A, B = mp.mpf(a), mp.mpf(b)
    f = lambda u, v: mp.beta(u, v)
    out['beta'].append([a, b, float(f(A, B)),
                        float(mp.diff(f, (A, B), (1, 0))), float(mp.diff(f, (A, B), (0, 1))),
                        float(mp.diff(f, (A, B), (2, 0))), float(mp.diff(f, (A, B), (1, 1))), float(mp.diff(f, (A, B), (0, 2)))])
print(json.dumps(out, indent=1))
