# R side of scripts/bench-estimate.sh: the same estimates with svydesign/postStratify/svymean/svyby.
suppressMessages(library(survey))
args <- commandArgs(trailingOnly = TRUE)
dir <- args[1]
d <- read.csv(file.path(dir, "responses.csv"), colClasses = "character")
d$w <- as.numeric(d$w)
m <- read.csv(file.path(dir, "margins.csv"), colClasses = c("character", "character", "character", "numeric"))
names(m)[4] <- "Freq"
has <- function(x, codes) vapply(strsplit(x, " ", fixed = TRUE), function(s) sum(s %in% codes), 0)
d$safety <- as.numeric(d$q9 %in% c("1", "2"))
d$safety_order <- as.numeric(d$q2 %in% c("1", "2"))
d$participation <- as.numeric(has(d$q10, as.character(1:8)) > 0)
d$awareness <- has(d$q11, as.character(1:12)) / 12
d$know <- d$q13 != "6"
d$elder_fraud_work <- as.numeric(d$q13 %in% c("1", "2"))
des <- svydesign(ids = ~psu, strata = ~county, weights = ~w, nest = TRUE, data = d)
des <- postStratify(des, ~county + age_group + sex, m)
out <- character(0)
for (ind in c("safety", "safety_order", "participation", "awareness", "elder_fraud_work")) {
  dd <- if (ind == "elder_fraud_work") subset(des, know) else des
  f <- as.formula(paste0("~", ind))
  a <- svymean(f, dd, deff = TRUE)
  out <- c(out, paste("all", ind, format(coef(a), digits = 17), format(SE(a), digits = 17),
                      format(deff(a), digits = 17), sep = ","))
  b <- svyby(f, ~county, dd, svymean, deff = TRUE)
  out <- c(out, paste(b$county, ind, format(b[[ind]], digits = 17), format(SE(b), digits = 17),
                      format(deff(b), digits = 17), sep = ","))
}
writeLines(c("domain,indicator,estimate,se,deff", out), file.path(dir, "r-estimates.csv"))
