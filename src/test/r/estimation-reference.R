# Reference values for the estimation module's agreement tests (org.sanlv.estimation.*ReferenceTest).
#
# Run from the repository root:
#   Rscript src/test/r/estimation-reference.R
# It writes, with a fixed seed, the fixture data and R's survey-package results into
# src/test/resources/estimation/. R is needed only to regenerate them; the Java tests read the files.
# Checked with R 4.x and survey 4.1.1 (Debian r-cran-survey).

suppressMessages(library(survey))
options(survey.adjust.domain.lonely = FALSE)
out <- "src/test/resources/estimation"
set.seed(20240601)

# ---- fixture data: 10 counties (strata); c09 and c10 have a single PSU (for the lonely-PSU cases) ----
counties <- sprintf("c%02d", 1:10)
npsu <- c(5, 5, 4, 6, 5, 3, 5, 4, 1, 1)
popPsu <- c(40, 35, 20, 60, 30, 12, 45, 25, 8, 10)
rows <- list()
for (h in seq_along(counties)) {
  for (i in seq_len(npsu[h])) {
    m <- sample(18:26, 1)
    psuEffect <- rnorm(1, 0, 0.6)
    base <- round(runif(1, 80, 400), 2)
    age <- sample(1:6, m, replace = TRUE, prob = c(0.12, 0.18, 0.2, 0.2, 0.17, 0.13))
    sex <- sample(c("M", "F"), m, replace = TRUE)
    mode <- sample(c("household", "phone"), m, replace = TRUE, prob = c(0.6, 0.4))
    lin <- 0.8 + psuEffect + 0.15 * (h %% 3) + 0.1 * (age - 3) + ifelse(sex == "F", -0.2, 0)
    p <- plogis(lin)
    safe <- rbinom(m, 1, p)
    q9 <- ifelse(safe == 1, sample(c("1", "2"), m, replace = TRUE), sample(c("3", "4", "5"), m, replace = TRUE))
    q11 <- vapply(seq_len(m), function(k) {
      nsel <- rbinom(1, 12, plogis(0.5 + psuEffect / 2))
      if (nsel == 0) "" else paste(sort(sample(1:12, nsel)), collapse = " ")
    }, "")
    q13 <- sample(c("1", "2", "3", "4", "5", "6"), m, replace = TRUE, prob = c(0.3, 0.25, 0.15, 0.05, 0.05, 0.2))
    income <- round(rlnorm(m, 8 + 0.1 * h, 0.5), 1)
    rows[[length(rows) + 1]] <- data.frame(
      county = counties[h], town = sprintf("%s-t%d", counties[h], (i - 1) %% 2 + 1),
      psu = sprintf("p%d", i), w = round(base * runif(m, 0.7, 1.3), 4), fpc = popPsu[h],
      mode = mode, age_group = paste0("a", age), sex = sex,
      q9 = q9, q11 = q11, q13 = q13, income = income, stringsAsFactors = FALSE)
  }
}
all <- do.call(rbind, rows)
all$id <- seq_len(nrow(all))
all <- all[, c("id", setdiff(names(all), "id"))]
main <- all[!(all$county %in% c("c09", "c10")), ]
write.csv(main, file.path(out, "fixture.csv"), row.names = FALSE, quote = TRUE, na = "")
write.csv(all, file.path(out, "fixture-lonely.csv"), row.names = FALSE, quote = TRUE, na = "")

# ---- indicators (the same definitions as fixture-indicators.yaml) ----
derive <- function(d) {
  d$safe <- as.numeric(d$q9 %in% c("1", "2"))
  d$aware <- vapply(strsplit(d$q11, " "), function(s) sum(s %in% as.character(1:12)), 0) / 12
  d$know <- as.numeric(d$q13 != "6")
  d$q13good <- as.numeric(d$q13 %in% c("1", "2"))
  d$one <- 1
  d
}
main <- derive(main)
all <- derive(all)

# ---- population margins ----
cells <- expand.grid(county = counties[1:8], age_group = paste0("a", 1:6), sex = c("F", "M"), stringsAsFactors = FALSE)
cells$Freq <- round(runif(nrow(cells), 2000, 9000))
write.csv(setNames(cells, c("county", "age_group", "sex", "population")), file.path(out, "margins-county-age-sex.csv"), row.names = FALSE, quote = FALSE)
mCounty <- data.frame(county = counties[1:8], Freq = round(runif(8, 40000, 120000)))
mAge <- data.frame(age_group = paste0("a", 1:6), Freq = round(sum(mCounty$Freq) * c(0.1, 0.17, 0.21, 0.2, 0.18, 0.14)))
mSex <- data.frame(sex = c("F", "M"), Freq = c(floor(sum(mCounty$Freq) / 2), ceiling(sum(mCounty$Freq) / 2)))
write.csv(setNames(mCounty, c("county", "population")), file.path(out, "margin-county.csv"), row.names = FALSE, quote = FALSE)
write.csv(setNames(mAge, c("age_group", "population")), file.path(out, "margin-age.csv"), row.names = FALSE, quote = FALSE)
write.csv(setNames(mSex, c("sex", "population")), file.path(out, "margin-sex.csv"), row.names = FALSE, quote = FALSE)

# ---- reference output, long format ----
ref <- character(0)
fmt <- function(x) format(x, digits = 17)
put <- function(case, by, domain, indicator, stat, value) {
  ref <<- c(ref, paste(case, by, domain, indicator, stat, fmt(as.numeric(value)), sep = ","))
}
indicators <- list(safe = list(y = "safe", where = NULL), aware = list(y = "aware", where = NULL),
                   q13good = list(y = "q13good", where = "know"))

# overall estimate with svymean(deff=TRUE), svytotal, svyciprop(method="logit")
overall <- function(case, des, name, ind, proportion = TRUE, beta = FALSE) {
  d <- if (is.null(ind$where)) des else des[des$variables[[ind$where]] == 1, ]
  f <- as.formula(paste0("~", ind$y))
  m <- svymean(f, d, deff = TRUE)
  put(case, "all", "all", name, "mean", coef(m))
  put(case, "all", "all", name, "se", SE(m))
  put(case, "all", "all", name, "deff", deff(m))
  t <- svytotal(f, d, deff = TRUE)
  put(case, "all", "all", name, "total", coef(t))
  put(case, "all", "all", name, "total_se", SE(t))
  put(case, "all", "all", name, "total_deff", deff(t))
  put(case, "all", "all", name, "degf", degf(d))
  if (proportion) {
    ci <- attr(svyciprop(f, d, method = "logit"), "ci")
    put(case, "all", "all", name, "logit_low", ci[1])
    put(case, "all", "all", name, "logit_high", ci[2])
  }
  if (proportion && beta) {
    ci <- attr(svyciprop(f, d, method = "beta"), "ci")
    put(case, "all", "all", name, "beta_low", ci[1])
    put(case, "all", "all", name, "beta_high", ci[2])
  }
}
# domains with svyby(~y, ~by, design, svymean, deff=TRUE) and svyby(..., svyciprop, method="logit")
domains <- function(case, des, by, name, ind, proportion = TRUE, beta = FALSE) {
  d <- if (is.null(ind$where)) des else des[des$variables[[ind$where]] == 1, ]
  f <- as.formula(paste0("~", ind$y))
  b <- svyby(f, as.formula(paste0("~", by)), d, svymean, deff = TRUE)
  for (k in seq_len(nrow(b))) {
    dom <- as.character(b[k, 1])
    put(case, by, dom, name, "mean", b[k, 2])
    put(case, by, dom, name, "se", SE(b)[k])
    put(case, by, dom, name, "deff", deff(b)[k])
  }
  if (proportion) {
    ci <- svyby(f, as.formula(paste0("~", by)), d, svyciprop, method = "logit", vartype = "ci")
    for (k in seq_len(nrow(ci))) {
      dom <- as.character(ci[k, 1])
      put(case, by, dom, name, "logit_low", ci[k, "ci_l"])
      put(case, by, dom, name, "logit_high", ci[k, "ci_u"])
    }
  }
  # Korn-Graubard Clopper-Pearson with the effective n: only on designs that are not calibrated, where the
  # subset is cut to the domain and nrow(design) is the domain's respondents (Java uses n of the domain)
  if (proportion && beta) {
    ci <- svyby(f, as.formula(paste0("~", by)), d, svyciprop, method = "beta", vartype = "ci")
    for (k in seq_len(nrow(ci))) {
      dom <- as.character(ci[k, 1])
      put(case, by, dom, name, "beta_low", ci[k, "ci_l"])
      put(case, by, dom, name, "beta_high", ci[k, "ci_u"])
    }
  }
}
# county minus province: svycontrast of the totals (yd/nd - y/n), i.e. the difference of two ratio
# estimators linearised jointly (delta method on the totals).
differences <- function(case, des, name, ind) {
  v <- des$variables
  wh <- if (is.null(ind$where)) rep(1, nrow(v)) else v[[ind$where]]
  for (c in sort(unique(v$county))) {
    des <- update(des, .yd = v[[ind$y]] * wh * (v$county == c), .nd = wh * (v$county == c),
                  .y = v[[ind$y]] * wh, .n = wh)
    t <- svytotal(~.yd + .nd + .y + .n, des)
    dd <- svycontrast(t, quote(.yd / .nd - .y / .n))
    put(case, "county", c, name, "diff", coef(dd))
    put(case, "county", c, name, "diff_se", SE(dd))
  }
}
run <- function(case, des, bys = c("county", "age_group", "mode", "town"), diffs = TRUE, beta = FALSE) {
  for (name in names(indicators)) {
    ind <- indicators[[name]]
    prop <- name != "aware"
    overall(case, des, name, ind, prop, beta)
    for (by in bys) domains(case, des, by, name, ind, prop, beta)
    if (diffs) differences(case, des, name, ind)
  }
}

# 1. stratified cluster design, with replacement: svydesign(ids=~psu, strata=~county, weights=~w, nest=TRUE)
strat <- svydesign(ids = ~psu, strata = ~county, weights = ~w, nest = TRUE, data = main)
run("strat", strat, beta = TRUE)
# 2. the same with a finite population correction (population count of PSUs per stratum)
fpcd <- svydesign(ids = ~psu, strata = ~county, weights = ~w, fpc = ~fpc, nest = TRUE, data = main)
run("fpc", fpcd, bys = c("county", "age_group"))
# 3. post-stratified to age group x sex per county: postStratify(strat, ~county+age_group+sex, cells)
post <- postStratify(strat, ~county + age_group + sex, cells)
run("post", post)
for (k in c(1, 2, nrow(main))) put("post", "weight", main$id[k], "w", "weight", weights(post)[k])
# 4. raked to county, age group and sex: rake(strat, list(~county, ~age_group, ~sex), ...)
raked <- rake(strat, list(~county, ~age_group, ~sex), list(mCounty, mAge, mSex),
              control = list(maxit = 100, epsilon = 1e-10))
run("rake", raked)
for (k in c(1, 2, nrow(main))) put("rake", "weight", main$id[k], "w", "weight", weights(raked)[k])
# 5. trimmed: trimWeights(post, lower=150, upper=900) (R's additive redistribution, strict=FALSE)
trimmed <- trimWeights(post, lower = 150, upper = 900)
run("trim", trimmed, bys = c("county"), diffs = FALSE)
for (k in c(1, 2, nrow(main))) put("trim", "weight", main$id[k], "w", "weight", weights(trimmed)[k])
# 6. lonely PSUs (c09, c10 have one PSU each): options(survey.lonely.psu = ...)
for (opt in c("remove", "adjust", "average", "certainty")) {
  options(survey.lonely.psu = opt)
  lon <- svydesign(ids = ~psu, strata = ~county, weights = ~w, nest = TRUE, data = all)
  run(paste0("lonely-", opt), lon, bys = c("county", "age_group", "sex"), diffs = FALSE)
}
options(survey.lonely.psu = "fail")
lon <- svydesign(ids = ~psu, strata = ~county, weights = ~w, nest = TRUE, data = all)
failed <- tryCatch({ svymean(~safe, lon); "no" }, error = function(e) conditionMessage(e))
put("lonely-fail", "all", "all", "safe", "fails", as.numeric(grepl("only one PSU", failed)))

# 7. a county at 0 % (c01) and one at 100 % (c02): svyciprop(method = "logit") gives (p, p) there (to 1e-10,
# the glm's convergence); method = "beta" gives NaN (se = 0, so n.eff = 0/0; Java then uses n, tested apart)
edge <- main
edge$edge <- ifelse(edge$county == "c01", 0, ifelse(edge$county == "c02", 1, edge$safe))
indicators <- list(edge = list(y = "edge", where = NULL))
run("extremes", svydesign(ids = ~psu, strata = ~county, weights = ~w, nest = TRUE, data = edge),
    bys = c("county"), diffs = TRUE, beta = TRUE)

header <- c(
  "# Produced by src/test/r/estimation-reference.R (set.seed(20240601)) with R's survey package",
  paste0("# (R ", getRversion(), ", survey ", packageVersion("survey"), "); values are format(x, digits=17)."),
  "# case: strat|fpc|post|rake|trim|lonely-<option>|extremes; by: all or the svyby variable; stat: mean, se, deff",
  "# (svymean deff=TRUE), total, total_se, total_deff (svytotal), logit_low/high (svyciprop logit),",
  "# beta_low/high (svyciprop beta: Korn-Graubard Clopper-Pearson with the effective n; cases strat, extremes),",
  "# diff, diff_se (svycontrast of svytotal(~yd+nd+y+n): yd/nd - y/n), weight (weights(design)[id]).",
  "case,by,domain,indicator,stat,value")
writeLines(c(header, ref), file.path(out, "reference.csv"))
cat("wrote", length(ref), "reference values\n")
