"""High-precision reference values for wfmkit's Erlang B, C and A.

Standalone: needs only mpmath. Run ``python3 tests/python/staffing_reference.py`` to print the
constants pasted into ``tests/staffing_reference.rs``, then the exact values of the worked examples
in ``tests/staffing_published.rs``, ``tests/staffing_targets.rs`` and
``tests/python/test_erlang.py`` (``worked_examples``). Everything is computed at 60 significant
digits (``mp.dps = 60``) by a route that is independent of the Rust code:

* Erlang B by the exact recursion ``B(n) = A B(n-1) / (n + A B(n-1))`` in 60-digit arithmetic;
* Erlang C from B: ``C = n B / (n - A (1 - B))``, ``SL = 1 - C exp(-(n - A) t / AHT)``,
  ``ASA = C AHT / (n - A)``;
* Erlang A by summing the birth-death stationary distribution state by state (the Rust code uses
  closed-form Kummer / incomplete-gamma sums instead). A contact that finds ``M`` others waiting
  has virtual wait ``V_M = sum_{j=0..M} Exp(n mu + j theta)``; its survival is evaluated with the
  identity ``exp(-theta V_M) ~ Beta(a, M + 1)`` (``a = n mu / theta``), which this script first
  checks against the explicit hypoexponential distribution for small ``M``. Answered within ``t``
  is ``E[exp(-theta V) ; V <= t] = a/(a+M+1) * (1 - I_c(a+1, M+1))``, ``c = exp(-theta t)``; the
  mean wait of an answered contact is ``sum_{j=0..M} 1/(theta (a + 1 + j))``. For integer
  ``b = M + 1`` the incomplete beta is the finite negative-binomial sum
  ``I_c(a, b) = c^a sum_{j<b} (a)_j / j! (1 - c)^j``, accumulated state by state.
"""

from __future__ import annotations

import mpmath as mp

mp.mp.dps = 60


def erlang_b(n: int, load) -> mp.mpf:
    load = mp.mpf(load)
    b = mp.mpf(1)
    for k in range(1, n + 1):
        b = load * b / (k + load * b)
    return b


def erlang_c(n: int, load, aht, t):
    load, aht, t = mp.mpf(load), mp.mpf(aht), mp.mpf(t)
    b = erlang_b(n, load)
    c = n * b / (n - load * (1 - b))
    sl = 1 - c * mp.e ** (-(n - load) * t / aht)
    asa = c * aht / (n - load)
    return c, sl, asa


def hypoexp_cdf(rates, t):
    """P(sum of independent Exp(rates) <= t) for distinct rates (explicit formula)."""
    total = mp.mpf(0)
    for i, ri in enumerate(rates):
        coef = mp.mpf(1)
        for j, rj in enumerate(rates):
            if j != i:
                coef *= rj / (rj - ri)
        total += coef * mp.e ** (-ri * t)
    return 1 - total


def check_beta_identity():
    n, mu, theta, t = 3, mp.mpf(1) / 300, mp.mpf(1) / 180, mp.mpf(20)
    a = n * mu / theta
    for m in range(6):
        rates = [n * mu + j * theta for j in range(m + 1)]
        direct = hypoexp_cdf(rates, t)
        c = mp.e ** (-theta * t)
        via_beta = 1 - mp.betainc(a, m + 1, 0, c, regularized=True)
        assert abs(direct - via_beta) < mp.mpf(10) ** -40, (m, direct, via_beta)
        via_sum = 1 - c**a * mp.fsum(mp.rf(a, j) / mp.factorial(j) * (1 - c) ** j for j in range(m + 1))
        assert abs(direct - via_sum) < mp.mpf(10) ** -40, (m, direct, via_sum)


def erlang_a(n: int, load, aht, patience, t):
    """(p_wait, p_abandon, sl_offered, sl_answered, sl_virtual, asa, occupancy)."""
    load, aht, patience, t = (mp.mpf(v) for v in (load, aht, patience, t))
    mu, theta = 1 / aht, 1 / patience
    lam = load * mu
    a = n * mu / theta
    c = mp.e ** (-theta * t)
    # Mass of the states below n relative to state n: 1/B(n) - 1.
    below = 1 / erlang_b(n, load) - 1
    # States n + m, m >= 0, relative to state n; answered-within-t etc. per state.
    w = mp.mpf(1)
    mass = mp.mpf(0)
    waiting_mass = mp.mpf(0)
    queue_mass = mp.mpf(0)
    answered_within = mp.mpf(0)
    answered = mp.mpf(0)
    virtual_late = mp.mpf(0)
    answered_wait = mp.mpf(0)
    harmonic = mp.mpf(0)
    # Running negative-binomial sums for I_c(a, m+1) and I_c(a+1, m+1).
    term_a, sum_a = mp.mpf(1), mp.mpf(0)
    term_a1, sum_a1 = mp.mpf(1), mp.mpf(0)
    ca, ca1 = c**a, c ** (a + 1)
    m = 0
    while True:
        if m > 0:
            w *= lam / (n * mu + m * theta)
            term_a *= (a + m - 1) / m * (1 - c)
            term_a1 *= (a + m) / m * (1 - c)
        sum_a += term_a
        sum_a1 += term_a1
        p_answer = a / (a + m + 1)
        harmonic += 1 / (theta * (a + 1 + m))
        waiting_mass += w
        queue_mass += m * w
        answered += w * p_answer
        answered_within += w * p_answer * (1 - ca1 * sum_a1)
        virtual_late += w * ca * sum_a
        answered_wait += w * p_answer * harmonic
        if m > lam / theta and w < mp.mpf(10) ** -45 * waiting_mass:
            break
        m += 1
    z = below + waiting_mass
    p_wait = waiting_mass / z
    p_abandon = theta * queue_mass / z / lam
    p_answered = (below + answered) / z
    sl_offered = (below + answered_within) / z
    sl_answered = sl_offered / p_answered
    sl_virtual = 1 - virtual_late / z
    asa = answered_wait / z / p_answered
    occupancy = load * p_answered / n
    return p_wait, p_abandon, sl_offered, sl_answered, sl_virtual, asa, occupancy


def fmt(x) -> str:
    return mp.nstr(x, 17, min_fixed=-30, max_fixed=30)


C_CASES = [
    # (load, agents)
    (0.1, 1), (0.1, 3), (50.0, 51), (50.0, 58), (500.0, 501), (500.0, 520),
    (5000.0, 5001), (5000.0, 5060), (20000.0, 20001), (20000.0, 20100),
]
B_CASES = [(0.1, 1), (0.1, 5), (50.0, 40), (50.0, 60), (500.0, 480), (500.0, 540),
           (5000.0, 5000), (5000.0, 5150), (20000.0, 19900), (20000.0, 20300)]
A_CASES = [
    # (load, agents, patience_s) with AHT 300 s and t = 20 s
    (0.1, 1, 180.0), (50.0, 45, 180.0), (50.0, 55, 600.0), (500.0, 480, 180.0),
    (500.0, 510, 3000.0), (5000.0, 4950, 180.0), (5000.0, 5030, 1200.0),
    (20000.0, 19900, 180.0), (20000.0, 20050, 600.0),
    # Deep overload with long patience: the largest waiting state is far from n.
    (2000.0, 1900, 3000.0), (20000.0, 14000, 6000.0),
]


def worked_examples() -> None:
    """The worked examples of the staffing tests, by the same independent routes."""
    print("// Worked examples")
    # Call Centre Helper: 100 calls in 30 min at AHT 180 s (10 Erlangs), answered within 20 s.
    for n in (13, 14):
        print(f"// 10 Erlangs, AHT 180 s, {n} agents: SL(20 s) = {fmt(erlang_c(n, 10, 180, 20)[1])}")
    # 20 Erlangs with P(wait) <= 15%: AHT 120 s, so that ASA at 26 agents is 2.87 s.
    for n in (25, 26, 30):
        c, _, asa = erlang_c(n, 20, 120, 20)
        print(f"// 20 Erlangs, AHT 120 s, {n} agents: P(wait) = {fmt(c)}, ASA = {fmt(asa)}")
    print(f"// Erlang B table, 15 lines at 8.108 Erlangs: B = {fmt(erlang_b(15, mp.mpf('8.108')))}")
    # Square-root staffing at 50 Erlangs and P(wait) <= 15%.
    for n in (59, 60):
        print(f"// 50 Erlangs, {n} agents: P(wait) = {fmt(erlang_c(n, 50, 1, 1)[0])}")
    # Erlang A at 500 Erlangs, AHT 300 s, patience 180 s, answered within 20 s.
    for n in (474, 475):
        sl = erlang_a(n, 500, 300, 180, 20)[2]
        print(f"// Erlang A, 500 Erlangs, patience 180 s, {n} agents: SL = {fmt(sl)}")


def main() -> None:
    check_beta_identity()
    print("// Erlang B: (load, servers, B)")
    for load, n in B_CASES:
        print(f"({load!r}, {n}, {fmt(erlang_b(n, load))}),")
    print("// Erlang C, AHT 300 s, t = 20 s: (load, agents, p_wait, service_level, asa_s)")
    for load, n in C_CASES:
        c, sl, asa = erlang_c(n, load, 300, 20)
        print(f"({load!r}, {n}, {fmt(c)}, {fmt(sl)}, {fmt(asa)}),")
    print("// Erlang A, AHT 300 s, t = 20 s: (load, agents, patience_s, p_wait, p_abandon,")
    print("//   sl_offered, sl_answered, sl_virtual, asa_s, occupancy)")
    for load, n, pat in A_CASES:
        vals = erlang_a(n, load, 300, pat, 20)
        print(f"({load!r}, {n}, {pat!r}, " + ", ".join(fmt(v) for v in vals) + "),")
    worked_examples()


if __name__ == "__main__":
    main()
