# Fixture for models/ne-china-coagg/coagg.model: Model 1 (static SDM, two-way FE, Lee-Yu) and Model 2 (dynamic
# SDM, two-way FE, bias-corrected) fitted by SDPDmod::SDPDm on the study's synthetic panel and its
# economic-geographic weights, with the exact log-determinant patch of common.R (see the note there).
# Run: R_LIBS_USER=/path/to/scratch/lib Rscript ne_china.R
source(file.path(dirname(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))), "common.R"))
peer("SDPDmod")
root <- file.path(fixture_dir(), "..", "..", "..", "models", "ne-china-coagg", "data")
pan <- read.csv(file.path(root, "panel.csv"), stringsAsFactors = FALSE)
edges <- read.csv(file.path(root, "weights_eg.csv"), stringsAsFactors = FALSE)
units <- sort(unique(pan$city))
W <- matrix(0, length(units), length(units), dimnames = list(units, units))
W[cbind(match(edges$from, units), match(edges$to, units))] <- edges$weight
pan <- pan[order(pan$year, match(pan$city, units)), ]   # SDPDm reads the data period by period, in W's unit order
pan$coagg2 <- pan$coagg^2
d <- pan[, c("city", "year", "carbon", "coagg", "coagg2", "gov", "lnpgdp", "fdi", "lnrd", "ti", "lner")]
fm <- carbon ~ coagg + coagg2 + gov + lnpgdp + fdi + lnrd + ti + lner
sdpdm_exact(W)
fit <- function(ly, dynamic) SDPDm(fm, data = d, W = W, index = c("city", "year"), model = "sdm", effect = "twoways",
                                   LYtrans = ly, dynamic = dynamic, tlaginfo = list(ind = NULL, tl = TRUE, stl = TRUE))
# Why abate and SDPDm differ with the corrections on (the corrected fits are pinned in test/spatial/ne_china.test.ts):
#  (1) Static two-way Lee-Yu: SDPDm inverts Matrix::nearPD(SIG/(nT)) for the bias vector Sigma^-1 b. Here SIG has
#      eigenvalue ratio ~1.8e-7 < nearPD's eig.tol 1e-6 (TI's small scale), so nearPD raises its small eigen-
#      components and the correction (and every uncorrected standard error) moves. `*_exactinv` is SDPDm with
#      nearPD(SIG)$mat replaced by SIG, nothing else changed; `units_ti100` shows the nearPD answer depends on units.
#  (2) Dynamic two-way Lee-Yu: SDPDm's isrownor() tests rowSums(W) == 1 exactly; 22 of 34 rows here sum to 1 only
#      within 4.4e-16, so SDPDm silently skips the F-transformation of the period effects (plain two-way demeaning),
#      and its bias-corrected estimates are $coefficients1/$rho1, not $coefficients (= the ML fit). `model2_leeyu_rownor`
#      is SDPDm with isrownor() testing |rowSums - 1| < 1e-12, reporting the corrected fields.
ns <- asNamespace("SDPDmod")
src <- deparse(get("SDPDm", ns))
stopifnot(sum(grepl("Matrix::nearPD\\(SIG\\)\\$mat", src)) == 2)
SDPDm_exactinv <- eval(parse(text = gsub("Matrix::nearPD\\(SIG\\)\\$mat", "SIG", src)))
environment(SDPDm_exactinv) <- ns
fit_x <- function(ly, dd = d) SDPDm_exactinv(fm, data = dd, W = W, index = c("city", "year"), model = "sdm", effect = "twoways",
                                          LYtrans = ly, dynamic = FALSE)
fit_s <- function(ly, dd = d) SDPDm(fm, data = dd, W = W, index = c("city", "year"), model = "sdm", effect = "twoways",
                                  LYtrans = ly, dynamic = FALSE)
d100 <- d; d100$ti <- 100 * d100$ti
se_ratio <- function(a, b) unname(c(a$std, a$rho.se) / c(b$std, b$rho.se))
# SE of the other terms should not change when TI is rescaled (TI's own SE and W*TI's scale by 1/100)
units_ti100 <- list(nearpd = se_ratio(fit_s(FALSE, d100), fit_s(FALSE)), exactinv = se_ratio(fit_x(FALSE, d100), fit_x(FALSE)))
model1_exactinv <- sdpdm_out(fit_x(FALSE)); model1_leeyu_exactinv <- sdpdm_out(fit_x(TRUE))
orig_isrownor <- get("isrownor", ns)
assignInNamespace("isrownor", function(W) isTRUE(all(abs(rowSums(W) - 1) < 1e-12)), "SDPDmod")
# with the F-transformation SDPDm's likelihood uses ln|I - rho F'WF| (N - 1 eigenvalues, W's without the Perron
# root 1): the exact-log-determinant patch must take the eigenvalues of the W that lndetfull() is given (as dynamic.R)
ld_env <- new.env(); orig_lndetfull <- get("lndetfull", ns)
assignInNamespace("lndetfull", function(W, lmin = -0.99, lmax = 0.99, incr = 0.01) {
  ld_env$ev <- eigen(as.matrix(W), only.values = TRUE)$values
  orig_lndetfull(W, lmin, lmax, incr)
}, "SDPDmod")
assignInNamespace("f_sar", function(rho, detval, epeo, eped, epeod, n, t, dynamic) {
  zz <- epeo - 2 * rho * epeod + rho * rho * eped
  if (dynamic) zz <- zz / (n * t)
  (n * t / 2) * log(zz) - t * sum(log(Mod(1 - rho * ld_env$ev)))
}, "SDPDmod")
m2r <- fit(TRUE, TRUE)
assignInNamespace("isrownor", orig_isrownor, "SDPDmod")
model2_leeyu_rownor <- list(coef = as.list(m2r$coefficients1), se = as.list(m2r$std1), rho = unname(m2r$rho1),
                            rho_se = unname(m2r$rho.se1), sigma2 = unname(m2r$sige1),
                            ml = list(coef = as.list(m2r$coefficients), rho = unname(m2r$rho), sigma2 = unname(m2r$sige)))
write_fixture(list(env = env_info(c("SDPDmod")),
                   rowsum_dev = range(rowSums(W) - 1), rows_not_exactly_one = sum(rowSums(W) != 1),
                   model1 = sdpdm_out(fit(FALSE, FALSE)), model2 = sdpdm_out(fit(FALSE, TRUE)),
                   model1_leeyu = sdpdm_out(fit(TRUE, FALSE)), model2_leeyu = sdpdm_out(fit(TRUE, TRUE)),
                   model1_exactinv = model1_exactinv, model1_leeyu_exactinv = model1_leeyu_exactinv,
                   model2_leeyu_rownor = model2_leeyu_rownor, units_ti100 = units_ti100), "ne_china.json")
