#!/usr/bin/env python3
"""Generates the estimation benchmark's data: N respondents in 90 counties (strata) x ~40 PSUs, with
age group x sex post-stratification margins per county and Zhejiang-style answers. Seeded."""
import math, random, sys

n_total = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
out = sys.argv[2] if len(sys.argv) > 2 else "target/bench-estimate"
rnd = random.Random(20240601)
counties = ["33%04d" % (101 + k) for k in range(90)]
ages = ["16-24", "25-34", "35-44", "45-54", "55-64", "65+"]
age_p = [0.12, 0.18, 0.2, 0.2, 0.17, 0.13]
per_psu = n_total / (90 * 40)
cells = {}
with open(out + "/responses.csv", "w") as f:
    f.write("id,county,psu,w,age_group,sex,q2,q4,q6,q8,q9,q10,q11,q13\n")
    rid = 0
    for h, c in enumerate(counties):
        npsu = 36 + rnd.randrange(9)
        for i in range(npsu):
            m = max(2, int(rnd.gauss(per_psu * 40 / npsu, 20)))
            eff = rnd.gauss(0, 0.5)
            base = rnd.uniform(100, 1500)
            for _ in range(m):
                rid += 1
                age = rnd.choices(range(6), age_p)[0]
                sex = "F" if rnd.random() < 0.5 else "M"
                p = 1 / (1 + math.exp(-(1.0 + eff + 0.1 * (h % 5) + 0.1 * (age - 3))))
                def rate():
                    return rnd.choice("12") if rnd.random() < p else rnd.choice("345")
                q10 = " ".join(sorted(rnd.sample("12345678", rnd.randrange(1, 4)))) if rnd.random() < p else "9"
                k = min(12, max(0, int(rnd.gauss(8 + 2 * eff, 2.5))))
                q11 = " ".join(str(x) for x in sorted(rnd.sample(range(1, 13), k)))
                q13 = rnd.choices("123456", [0.3, 0.25, 0.15, 0.05, 0.05, 0.2])[0]
                w = round(base * rnd.uniform(0.7, 1.3), 3)
                f.write(f'{rid},{c},p{i+1},{w},{ages[age]},{sex},{rate()},{rate()},{rate()},{rate()},{rate()},{q10},{q11},{q13}\n')
                cells[(c, ages[age], sex)] = 1
with open(out + "/margins.csv", "w") as f:
    f.write("county,age_group,sex,population\n")
    for c in counties:
        for a in ages:
            for s in ("F", "M"):
                if (c, a, s) in cells:
                    f.write(f"{c},{a},{s},{rnd.randrange(3000, 40000)}\n")
print(rid, "respondents")
