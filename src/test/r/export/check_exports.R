# Reads the golden .dta and .sav with R's haven (Debian r-cran-haven) and checks values, variable labels,
# value labels and Chinese text against what ExportFixtures wrote. Run from the project root:
#   Rscript src/test/r/export/check_exports.R [dir]
# (dir defaults to src/test/resources/estimation/export; the benchmark's output directory works too,
# with only the structural checks.)
suppressMessages(library(haven))
args <- commandArgs(trailingOnly = TRUE)
dir <- if (length(args) > 0) args[1] else "src/test/resources/estimation/export"
golden <- length(args) == 0

check <- function(x, format) {
  cat("==", format, ":", nrow(x), "rows,", ncol(x), "columns\n")
  print(head(as.data.frame(lapply(x, function(col) if (is.character(col)) substr(col, 1, 12) else col)), 5))
  cat("label(q9):   ", attr(x$q9, "label"), "\n")
  cat("labels(q9):  ", paste(attr(x$q9, "labels"), names(attr(x$q9, "labels")), sep = "=", collapse = "; "), "\n")
  cat("label(q11_1):", attr(x$q11_1, "label"), "\n")
  cat("labels(q11_1):", paste(attr(x$q11_1, "labels"), names(attr(x$q11_1, "labels")), sep = "=", collapse = "; "), "\n")
  cat("nchar(q20):  ", paste(nchar(x$q20), collapse = " "), " bytes:", paste(nchar(x$q20, type = "bytes"), collapse = " "), "\n")
  stopifnot(attr(x$q9, "label") == "九、您觉得本地总体治安状况如何？")
  stopifnot(identical(unname(attr(x$q9, "labels")), c(1, 2, 3, 4, 5)))
  stopifnot(identical(names(attr(x$q9, "labels")), c("好", "较好", "一般", "不好", "不知道")))
  stopifnot(attr(x$q11_1, "label") == "十一、您知道以下哪些属于电信网络诈骗？：公检法电话要求转账")
  stopifnot(identical(names(attr(x$q11_1, "labels")), c("未选", "选中")))
  if (golden) {
    stopifnot(identical(as.character(x$response_id), c("r1", "r2", "r3", "r4", "r5")))
    stopifnot(isTRUE(all.equal(as.numeric(x$weight), c(812.5, 812.5, 1033.125, 1033.125, 990))))
    stopifnot(identical(as.numeric(x$q9), c(1, 2, NA, 5, 3)))
    stopifnot(identical(as.character(as_factor(x$q9)), c("好", "较好", NA, "不知道", "一般")))
    stopifnot(identical(as.character(x$q11), c("1 2 3", "14", "", "1 3", "")))
    stopifnot(identical(as.numeric(x$q11_14), c(0, 1, NA, 0, NA)))
    stopifnot(isTRUE(all.equal(as.numeric(x$income), c(1.25, NA, 0.8, 2, NA))))
    stopifnot(x$q20[1] == "希望多巡逻，路灯再亮一点")
    stopifnot(x$q20[2] == "说\"谢谢\",\n还有换行")
    stopifnot(nchar(x$q20[4]) == 200, x$q20[4] == strrep("平安", 100)) # 750 bytes cut to 600
    # the context columns (issue 18): stratum name, mode with value labels, China time, flags
    stopifnot(identical(as.character(x$stratum_name), c("上城区", "上城区", "", "西湖区", "西湖区")))
    stopifnot(identical(as.character(as_factor(x$mode)), c("网络调查", "电话调查", NA, "入户调查", "街头拦截")))
    stopifnot(x$submitted_at[2] == "2026-01-11T00:30:00+08:00")
    stopifnot(identical(as.numeric(x$flagged), c(0, 1, NA, 0, 1)))
    stopifnot(x$flags[2] == "speeder straightliner")
  }
  cat("OK", format, "\n")
}

dta <- read_dta(file.path(dir, "responses.dta"))
cat("dta label:", attr(dta, "label"), "\n")
check(dta, "dta")
sav <- read_sav(file.path(dir, "responses.sav"))
check(sav, "sav")
