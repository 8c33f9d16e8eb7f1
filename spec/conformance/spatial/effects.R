# Fixtures for effects.ts.
#   1. Exact impacts by dense algebra, S_r = (I - rho W)^-1 (beta_r I + theta_r W), direct = mean diag(S_r),
#      total = sum(S_r)/N, at given parameters: usa46 row-standardised, usa46 binary (not row-stochastic) and a
#      60-point kNN W (complex eigenvalues).
#   2. SDPDmod::impactsSDPDm (NSIM = 5000) for the static SDM with two-way FE on Cigar, LYtrans FALSE and TRUE
#      (exact log-determinant patch, see common.R): simulated means and standard deviations.
#   3. splm / spatialreg impacts for the SAR with two-way FE on Produc (R = 5000): analytic values and
#      simulated summaries (splm's vcov has zero rho-beta covariances, so only means are comparable).
# Run: R_LIBS_USER=/path/to/scratch/lib Rscript effects.R
source(file.path(dirname(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))), "common.R"))
peer("splm"); peer("SDPDmod")

exact_imp <- function(W, rho, beta, theta) {
  N <- nrow(W)
  Si <- solve(diag(N) - rho * W)
  t(sapply(seq_along(beta), function(r) {
    S <- Si %*% (beta[r] * diag(N) + theta[r] * W)
    d <- mean(diag(S)); tt <- sum(S) / N
    c(direct = d, indirect = tt - d, total = tt)
  }))
}
W46b <- read_w("usa46.json")
W46 <- W46b / rowSums(W46b)
lw <- read_w("usa46.json")
set.seed(7)
xy <- signif(cbind(runif(900), runif(900)), 15)[1:60, ]
W60 <- listw2mat(nb2listw(knn2nb(knearneigh(xy, k = 4)), style = "W"))
beta <- c(-1.0, 0.6); theta <- c(0.05, -0.3)
exact <- list(
  usa46_rs = list(rho = 0.2268, beta = beta, theta = theta, imp = exact_imp(W46, 0.2268, beta, theta)),
  usa46_rs_high = list(rho = 0.85, beta = beta, theta = theta, imp = exact_imp(W46, 0.85, beta, theta)),
  usa46_binary = list(rho = 0.12, beta = beta, theta = theta, imp = exact_imp(W46b, 0.12, beta, theta)),
  knn60 = list(x = xy[, 1], y = xy[, 2], k = 4, rho = 0.45, beta = beta, theta = theta, imp = exact_imp(W60, 0.45, beta, theta))
)

cig <- cigar_data()
cig <- cig[order(cig$year, match(cig$state_name, rownames(W46))), c("state", "year", "logc", "logp", "logy")]
sdpdm_exact(W46)
imp_tab <- function(im) lapply(list(direct = im$DIRECT.tab, indirect = im$INDIRECT.tab, total = im$TOTAL.tab),
                               function(t) list(mean = unname(t[, 1]), sd = unname(t[, 2])))
m0 <- SDPDm(logc ~ logp + logy, data = cig, W = W46, index = c("state", "year"), model = "sdm", effect = "twoways", LYtrans = FALSE)
m1 <- SDPDm(logc ~ logp + logy, data = cig, W = W46, index = c("state", "year"), model = "sdm", effect = "twoways", LYtrans = TRUE)
NSIM <- 5000
sdpdm <- list(
  nsim = NSIM,
  twoways = c(list(rho = unname(m0$rho), coef = unname(m0$coefficients),
                   exact = exact_imp(W46, unname(m0$rho), m0$coefficients[1:2], m0$coefficients[3:4])),
              imp_tab(impactsSDPDm(m0, NSIM = NSIM))),
  twoways_leeyu = c(list(rho = unname(m1$rho), coef = unname(m1$coefficients),
                         exact = exact_imp(W46, unname(m1$rho), m1$coefficients[1:2], m1$coefficients[3:4])),
                    imp_tab(impactsSDPDm(m1, NSIM = NSIM)))
)

pr <- produc_data()
Www <- read_w("usaww.json")
lwww <- mat2listw(Www, style = "W")
pr <- pr[order(pr$year, match(pr$state, rownames(Www))), ]
sar <- spml(lgsp ~ lpcap + lpc + lemp + unemp, data = pr, index = c("state", "year"), listw = lwww,
            model = "within", effect = "twoways", lag = TRUE, spatial.error = "none", control = list(tol.opt = 1e-12))
set.seed(20240601)
R <- 5000
im <- impacts(sar, listw = lwww, time = 17, R = R)
sm <- function(x) list(mean = unname(colMeans(x)), sd = unname(apply(x, 2, sd)))
splm_imp <- list(R = R, rho = unname(sar$coefficients[1]), beta = unname(sar$coefficients[-1]),
                 direct = im$res$direct, indirect = im$res$indirect, total = im$res$total,
                 sim = list(direct = sm(im$sres$direct), indirect = sm(im$sres$indirect), total = sm(im$sres$total)),
                 exact = exact_imp(Www, unname(sar$coefficients[1]), unname(sar$coefficients[-1]), rep(0, 4)))

write_fixture(list(env = env_info(c("splm", "SDPDmod", "spatialreg")), exact = exact, sdpdm = sdpdm, splm = splm_imp), "effects.json")
