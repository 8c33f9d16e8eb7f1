# Fixtures for random.ts: random-effects spatial panels (splm::spml(model = "random"), i.e. splm::spreml with
# errors = "re" for the lag model and "sem2re" — Kapoor-Kelejian-Prucha — for the error model, the ML defaults of
# sphtest) and the spatial Hausman test splm::sphtest, on Produc (48 x 17) with usaww:
#   log(gsp) ~ log(pcap) + log(pc) + log(emp) + unemp.
#
# Standard errors of (phi, rho/lambda): spreml inverts nlme::fdHess, a finite-difference Hessian (relative step
# eps^(1/3)) of its concentrated log-likelihood, accurate to ~1e-3 here. We record that output ("fdhess"), then,
# for this R session only, replace fdHess in splm's imports by numDeriv's Richardson-extrapolated Hessian (and
# gradient) of the same splm likelihood, and refit ("richardson"). Everything else is splm's code; the gradient
# at splm's optimum is recorded to show that nlminb (rel.tol = 1e-15) reached the maximum.
#
# The Hausman test: sphtest(formula, ...) refits the fixed-effects model with spfeml's default optimiser
# tolerance; we record that, and sphtest(fe, re) with fixed-effects fits run at tol.opt = 1e-12 (as models.R).
# Run: R_LIBS_USER=/path/to/scratch/lib Rscript hausman.R
source(file.path(dirname(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))), "common.R"))
peer("splm")
suppressPackageStartupMessages(library(numDeriv))
ctl <- list(tol.opt = 1e-12)

pr <- produc_data()
Www <- read_w("usaww.json")
lwww <- mat2listw(Www, style = "W")
pr <- pr[order(pr$year, match(pr$state, rownames(Www))), ]
fm <- lgsp ~ lpcap + lpc + lemp + unemp
idx <- c("state", "year")

mat_rows <- function(M) unname(lapply(seq_len(nrow(M)), function(i) unname(M[i, ])))
re_out <- function(m) {
  b <- m$coefficients
  list(coef = as.list(b), se = as.list(sqrt(diag(m$vcov))), vcov = mat_rows(m$vcov),
       arcoef = as.list(m$arcoef), errcomp = as.list(m$errcomp),
       se_arcoef = if (is.null(m$vcov.arcoef)) NULL else as.list(setNames(sqrt(diag(m$vcov.arcoef)), rownames(m$vcov.arcoef))),
       se_errcomp = as.list(setNames(sqrt(diag(m$vcov.errcomp)), rownames(m$vcov.errcomp))),
       vcov_errcomp = mat_rows(m$vcov.errcomp),
       sigma2_idios = m$sigma2$idios, sigma2_id = m$sigma2$id, logLik = as.numeric(m$logLik))
}
ht_out <- function(h) list(statistic = unname(h$statistic[1]), df = unname(h$parameter), p = unname(h$p.value[1]))

# 1. splm as shipped
re_lag <- spml(fm, data = pr, index = idx, listw = lwww, model = "random", lag = TRUE, spatial.error = "none")
re_err <- spml(fm, data = pr, index = idx, listw = lwww, model = "random", lag = FALSE, spatial.error = "kkp")
fe_lag <- spml(fm, data = pr, index = idx, listw = lwww, model = "within", effect = "individual", lag = TRUE,
               spatial.error = "none", control = ctl)
fe_err <- spml(fm, data = pr, index = idx, listw = lwww, model = "within", effect = "individual", lag = FALSE,
               spatial.error = "kkp", control = ctl)
h_lag <- sphtest(fe_lag, re_lag)
h_err <- sphtest(fe_err, re_err)
h_lag_formula <- sphtest(fm, data = pr, index = idx, listw = lwww, spatial.model = "lag", method = "ML")
h_err_formula <- sphtest(fm, data = pr, index = idx, listw = lwww, spatial.model = "error", method = "ML")

# 2. the same fits with a Richardson-extrapolated Hessian of splm's likelihood (session-local patch)
grads <- list()
imp <- parent.env(asNamespace("splm"))
unlockBinding("fdHess", imp)
assign("fdHess", function(pars, fun, ...) {
  f <- function(p) fun(p, ...)
  grads[[length(grads) + 1]] <<- list(par = pars, gradient = numDeriv::grad(f, pars))
  list(Hessian = numDeriv::hessian(f, pars))
}, envir = imp)
lockBinding("fdHess", imp)
re_lag_r <- spml(fm, data = pr, index = idx, listw = lwww, model = "random", lag = TRUE, spatial.error = "none")
re_err_r <- spml(fm, data = pr, index = idx, listw = lwww, model = "random", lag = FALSE, spatial.error = "kkp")
stopifnot(length(grads) == 2, all.equal(re_lag_r$coefficients, re_lag$coefficients, tolerance = 0),
          all.equal(re_err_r$coefficients, re_err$coefficients, tolerance = 0))

write_fixture(list(
  env = env_info(c("splm", "spdep", "plm", "numDeriv", "nlme")),
  formula = "log(gsp) ~ log(pcap) + log(pc) + log(emp) + unemp",
  notes = paste("lag: splm names the spatial lag coefficient 'lambda' (arcoef), phi in errcomp;",
                "error (KKP): the spatial error coefficient is errcomp 'rho'. *_fdhess: splm as shipped;",
                "*_richardson: the same fit with numDeriv's Hessian in place of nlme::fdHess."),
  re_lag_fdhess = re_out(re_lag),
  re_err_fdhess = re_out(re_err),
  re_lag_richardson = c(re_out(re_lag_r), list(param = c("phi", "lambda"), gradient = grads[[1]]$gradient)),
  re_err_richardson = c(re_out(re_err_r), list(param = c("phi", "rho"), gradient = grads[[2]]$gradient)),
  fe_lag = list(coef = as.list(fe_lag$coefficients), se = as.list(sqrt(diag(fe_lag$vcov)))),
  fe_err = list(coef = as.list(fe_err$coefficients), se = as.list(sqrt(diag(fe_err$vcov)))),
  hausman_lag = ht_out(h_lag),
  hausman_err = ht_out(h_err),
  hausman_lag_formula = ht_out(h_lag_formula),
  hausman_err_formula = ht_out(h_err_formula)
), "hausman.json")
