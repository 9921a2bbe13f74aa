# Reference values for the weighting of online responses (issue 18): strata = county, each respondent its own
# PSU (ids = ~1), base weights N_h / n_h, post-stratified to county × age group × sex; a county with one
# respondent is one cell (lonely PSU, survey.lonely.psu = "adjust", as the results page uses).
#
# Run from the repository root:
#   Rscript src/test/r/online-weighting-reference.R
# It writes src/test/resources/estimation/online-fixture.csv, online-cells.csv and online-reference.csv;
# org.sanlv.estimation.OnlineWeightingReferenceTest reads them (grouped and per-respondent paths).

suppressMessages(library(survey))
options(survey.adjust.domain.lonely = FALSE, survey.lonely.psu = "adjust")
out <- "src/test/resources/estimation"
set.seed(20261118)

counties <- sprintf("k%d", 1:7)
n <- c(140, 90, 60, 120, 45, 80, 1)
ages <- paste0("a", 1:6)
rows <- list()
for (h in seq_along(counties)) {
  m <- n[h]
  # online samples over-represent the young: age probabilities tilted young
  age <- sample(1:6, m, replace = TRUE, prob = c(0.3, 0.25, 0.18, 0.12, 0.1, 0.05))
  sex <- sample(c("m", "f"), m, replace = TRUE)
  if (m >= 12) { # every cell has a respondent
    age[1:12] <- rep(1:6, 2)
    sex[1:12] <- rep(c("m", "f"), each = 6)
  }
  p <- plogis(0.6 + 0.12 * h - 0.15 * (age - 3) + ifelse(sex == "f", -0.25, 0))
  safe <- rbinom(m, 1, p)
  score <- round(pmin(10, pmax(1, rnorm(m, 6 + safe * 1.5 - 0.1 * age, 1.6))))
  know <- rbinom(m, 1, 0.7)
  rows[[h]] <- data.frame(county = counties[h], age_group = ages[age], sex = sex, safe = safe, score = score,
                          know = know, stringsAsFactors = FALSE)
}
d <- do.call(rbind, rows)
d$id <- seq_len(nrow(d))
d$cell <- ifelse(d$county == "k7", "k7", paste(d$county, d$age_group, d$sex, sep = "|"))
# the counties' populations and their cells' (k7: the county itself)
pop <- expand.grid(county = counties[1:6], age_group = ages, sex = c("m", "f"), stringsAsFactors = FALSE)
pop$Freq <- round(runif(nrow(pop), 3000, 15000) * c(0.8, 1, 1.1, 1.1, 0.9, 0.7)[match(pop$age_group, ages)])
cells <- data.frame(cell = c(paste(pop$county, pop$age_group, pop$sex, sep = "|"), "k7"),
                    Freq = c(pop$Freq, 52000), stringsAsFactors = FALSE)
bigN <- tapply(cells$Freq, sub("\\|.*", "", cells$cell), sum)
d$w0 <- as.numeric(bigN[d$county] / table(d$county)[d$county])
d <- d[, c("id", "county", "age_group", "sex", "cell", "w0", "safe", "score", "know")]
write.csv(d, file.path(out, "online-fixture.csv"), row.names = FALSE, quote = TRUE)
write.csv(setNames(cells, c("cell", "population")), file.path(out, "online-cells.csv"), row.names = FALSE, quote = TRUE)

# svydesign(ids = ~1, strata = ~county, weights = ~w0); postStratify(~cell)
des <- postStratify(svydesign(ids = ~1, strata = ~county, weights = ~w0, data = d), ~cell, cells)

ref <- character(0)
fmt <- function(x) format(x, digits = 17)
put <- function(by, domain, indicator, stat, value) {
  ref <<- c(ref, paste(by, domain, indicator, stat, fmt(as.numeric(value)), sep = ","))
}
indicators <- list(safe = list(y = "safe", where = NULL, prop = TRUE), score = list(y = "score", where = NULL, prop = FALSE),
                   safe_knowing = list(y = "safe", where = "know", prop = TRUE))
for (name in names(indicators)) {
  ind <- indicators[[name]]
  s <- if (is.null(ind$where)) des else des[des$variables[[ind$where]] == 1, ]
  f <- as.formula(paste0("~", ind$y))
  m <- svymean(f, s, deff = TRUE)
  nAll <- sum(if (is.null(ind$where)) rep(1, nrow(d)) else d[[ind$where]] == 1)
  put("all", "all", name, "mean", coef(m))
  put("all", "all", name, "se", SE(m))
  put("all", "all", name, "deff", deff(m))
  put("all", "all", name, "n_eff", nAll / deff(m))
  put("all", "all", name, "degf", degf(s))
  if (ind$prop) {
    ci <- attr(svyciprop(f, s, method = "logit"), "ci")
    put("all", "all", name, "logit_low", ci[1])
    put("all", "all", name, "logit_high", ci[2])
  }
  b <- svyby(f, ~county, s, svymean, deff = TRUE)
  for (k in seq_len(nrow(b))) {
    dom <- as.character(b[k, 1])
    nDom <- sum(d$county == dom & (if (is.null(ind$where)) TRUE else d[[ind$where]] == 1))
    put("county", dom, name, "mean", b[k, 2])
    put("county", dom, name, "se", SE(b)[k])
    put("county", dom, name, "deff", deff(b)[k])
    put("county", dom, name, "n_eff", nDom / deff(b)[k])
  }
  if (ind$prop) {
    ci <- svyby(f, ~county, s, svyciprop, method = "logit", vartype = "ci")
    for (k in seq_len(nrow(ci))) {
      put("county", as.character(ci[k, 1]), name, "logit_low", ci[k, "ci_l"])
      put("county", as.character(ci[k, 1]), name, "logit_high", ci[k, "ci_u"])
    }
  }
  # county minus the whole: svycontrast of the totals, as the main reference
  v <- des$variables
  wh <- if (is.null(ind$where)) rep(1, nrow(v)) else v[[ind$where]]
  for (c in sort(unique(v$county))) {
    dd <- update(des, .yd = v[[ind$y]] * wh * (v$county == c), .nd = wh * (v$county == c),
                 .y = v[[ind$y]] * wh, .n = wh)
    t <- svytotal(~.yd + .nd + .y + .n, dd)
    ct <- svycontrast(t, quote(.yd / .nd - .y / .n))
    put("county", c, name, "diff", coef(ct))
    put("county", c, name, "diff_se", SE(ct))
  }
}
for (k in c(1, 2, 200, nrow(d))) put("weight", d$id[k], "w", "weight", weights(des)[k])

header <- c(
  "# Produced by src/test/r/online-weighting-reference.R (set.seed(20261118)) with R's survey package",
  paste0("# (R ", getRversion(), ", survey ", packageVersion("survey"), "); values are format(x, digits=17)."),
  "# design: postStratify(svydesign(ids=~1, strata=~county, weights=~w0), ~cell, cells), lonely.psu adjust;",
  "# by: all or county; stat: mean, se, deff (svymean deff=TRUE), n_eff (n/deff), degf, logit_low/high",
  "# (svyciprop logit), diff, diff_se (svycontrast), weight (weights(design)[id]).",
  "by,domain,indicator,stat,value")
writeLines(c(header, ref), file.path(out, "online-reference.csv"))
cat("wrote", length(ref), "reference values\n")
