# Reference values for the household (CAPI) weights of the results (issue 19): a two-stage sample, strata =
# county, PSUs = blocks drawn with probability pi_block, m of a block's M households taken, so each household's
# inclusion probability is pi = pi_block * m / M and its base weight 1/pi; one adult is selected per household, so
# the respondent's weight is w = (1/pi) * adults (adults 1 when not recorded). Interviews rejected or escalated in
# review do not count. One county has a single block (lonely PSU, survey.lonely.psu = "adjust", as the results).
#
# Run from the repository root:
#   Rscript src/test/r/household-weighting-reference.R
# It writes src/test/resources/results/household-two-stage.csv (the fixture: one row per interview, the ones that
# do not count included) and household-reference.csv; org.sanlv.results.HouseholdWeightingReferenceTest stores the
# fixture as assignments and responses in PostgreSQL and compares what the results page computes.

suppressMessages(library(survey))
options(survey.adjust.domain.lonely = FALSE, survey.lonely.psu = "adjust")
out <- "src/test/resources/results"
dir.create(out, showWarnings = FALSE, recursive = TRUE)
set.seed(20261201)

counties <- c("330102", "330106", "330604")
blocks <- c(6, 4, 1)
rows <- list()
id <- 0
for (h in seq_along(counties)) {
  for (b in seq_len(blocks[h])) {
    M <- sample(40:400, 1)            # households in the block
    m <- sample(3:7, 1)               # households taken
    piBlock <- runif(1, 0.02, 0.6)    # the block's probability (PPS)
    for (k in seq_len(m)) {
      id <- id + 1
      adults <- sample(c(1, 2, 2, 3, 3, 4, 5, NA), 1)
      tilt <- 0.4 * h - 0.2 * ifelse(is.na(adults), 1, adults) + 0.3 * b / blocks[h]
      # codes of the questionnaire's rating4 (1 好, 2 较好, 3 不太好, 4 不好) and q13 (4: does not know the work)
      q9 <- sample(1:4, 1, prob = plogis(c(1.2, 0.9, -0.2, -0.8) + tilt * c(1, 0.5, -0.5, -1)))
      q2 <- sample(1:4, 1, prob = c(0.4, 0.3, 0.2, 0.1))
      q13 <- sample(1:4, 1, prob = c(0.3, 0.25, 0.15, 0.3))
      rows[[id]] <- data.frame(id = id, county = counties[h], block = sprintf("B%s-%02d", counties[h], b),
                               block_households = M, taken = m, household_no = k, pi_block = piBlock,
                               pi = piBlock * m / M, adults = adults, q9 = q9, q2 = q2, q13 = q13,
                               review = "approved", stringsAsFactors = FALSE)
    }
  }
}
d <- do.call(rbind, rows)
d$review[seq(2, nrow(d), by = 5)] <- "pending"
# interviews that must not count: rejected and escalated ones, with answers that would move the estimates
d$review[c(3, 17, 29)] <- "rejected"
d$review[c(11)] <- "escalated"
d$q9[d$review %in% c("rejected", "escalated")] <- 4
# probabilities written with 17 digits, and read back, so that Java starts from the very doubles R uses
for (col in c("pi_block", "pi")) d[[col]] <- as.numeric(format(d[[col]], digits = 17))
w17 <- d
for (col in c("pi_block", "pi")) w17[[col]] <- format(d[[col]], digits = 17, trim = TRUE)
write.csv(w17, file.path(out, "household-two-stage.csv"), row.names = FALSE, quote = c(2, 3, 13), na = "")

k <- d[d$review %in% c("approved", "pending"), ]
k$w <- (1 / k$pi) * ifelse(is.na(k$adults), 1, k$adults)
k$safety <- as.numeric(k$q9 %in% c(1, 2))
k$safety_order <- as.numeric(k$q2 %in% c(1, 2))
k$elder_fraud_work <- as.numeric(k$q13 %in% c(1, 2))
k$knows <- as.numeric(k$q13 != 4)
des <- svydesign(ids = ~block, strata = ~county, weights = ~w, data = k, nest = TRUE)

ref <- character(0)
fmt <- function(x) format(x, digits = 17)
put <- function(by, domain, indicator, stat, value) {
  ref <<- c(ref, paste(by, domain, indicator, stat, fmt(as.numeric(value)), sep = ","))
}
indicators <- list(safety = NULL, safety_order = NULL, elder_fraud_work = "knows")
for (name in names(indicators)) {
  where <- indicators[[name]]
  s <- if (is.null(where)) des else des[des$variables[[where]] == 1, ]
  f <- as.formula(paste0("~", name))
  m <- svymean(f, s, deff = TRUE)
  put("all", "all", name, "mean", coef(m))
  put("all", "all", name, "se", SE(m))
  put("all", "all", name, "deff", deff(m))
  put("all", "all", name, "degf", degf(s))
  ci <- attr(svyciprop(f, s, method = "logit"), "ci")
  put("all", "all", name, "logit_low", ci[1])
  put("all", "all", name, "logit_high", ci[2])
  b <- svyby(f, ~county, s, svymean, deff = TRUE)
  for (r in seq_len(nrow(b))) {
    put("county", as.character(b[r, 1]), name, "mean", b[r, 2])
    put("county", as.character(b[r, 1]), name, "se", SE(b)[r])
    put("county", as.character(b[r, 1]), name, "deff", deff(b)[r])
  }
  # county minus the whole: svycontrast of the totals
  v <- des$variables
  wh <- if (is.null(where)) rep(1, nrow(v)) else v[[where]]
  for (c in sort(unique(v$county))) {
    dd <- update(des, .yd = v[[name]] * wh * (v$county == c), .nd = wh * (v$county == c),
                 .y = v[[name]] * wh, .n = wh)
    t <- svytotal(~.yd + .nd + .y + .n, dd)
    ct <- svycontrast(t, quote(.yd / .nd - .y / .n))
    put("county", c, name, "diff", coef(ct))
    put("county", c, name, "diff_se", SE(ct))
  }
}
for (r in c(1, 2, nrow(k))) put("weight", k$id[r], "w", "weight", weights(des)[r])

header <- c(
  "# Produced by src/test/r/household-weighting-reference.R (set.seed(20261201)) with R's survey package",
  paste0("# (R ", getRversion(), ", survey ", packageVersion("survey"), "); values are format(x, digits=17)."),
  "# design: svydesign(ids=~block, strata=~county, weights=~w, nest=TRUE), w = adults/pi (adults NA -> 1),",
  "# interviews with review approved or pending only; lonely.psu adjust. by: all or county; stat: mean, se,",
  "# deff (svymean deff=TRUE), degf, logit_low/high (svyciprop logit), diff, diff_se (svycontrast), weight.",
  "by,domain,indicator,stat,value")
writeLines(c(header, ref), file.path(out, "household-reference.csv"))
cat("wrote", length(ref), "reference values for", nrow(k), "of", nrow(d), "interviews\n")
