# Fixtures for lmtests.ts.
#   - splm::slmtest (LM lag / error and robust versions) on Produc with usaww: pooled OLS and the within
#     transformations (individual, time, two-way).
#   - Wald tests of SDM vs SAR (theta = 0) and vs SEM (theta + rho beta = 0, delta method) evaluated here from
#     SDPDm's full covariance matrix (exact log-determinant patch, see common.R), Cigar SDM two-way FE.
#   - LR tests from splm log-likelihoods (Cigar): SDM vs SAR, SDM vs SEM (two-way FE), and the fixed-effects LR
#     tests (SDM two-way vs SDM time-only / individual-only).
# Run: R_LIBS_USER=/path/to/scratch/lib Rscript lmtests.R
source(file.path(dirname(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))), "common.R"))
peer("splm"); peer("SDPDmod")
ctl <- list(tol.opt = 1e-12)

pr <- produc_data()
Www <- read_w("usaww.json")
lwww <- mat2listw(Www, style = "W")
fm <- lgsp ~ lpcap + lpc + lemp + unemp
lm_all <- function(model, effect = NULL) {
  res <- lapply(c(lml = "lml", lme = "lme", rlml = "rlml", rlme = "rlme"), function(tt) {
    r <- if (is.null(effect)) slmtest(fm, data = pr, listw = lwww, model = model, test = tt, index = c("state", "year"))
         else slmtest(fm, data = pr, listw = lwww, model = model, effect = effect, test = tt, index = c("state", "year"))
    list(statistic = as.numeric(r$statistic), p = as.numeric(r$p.value))
  })
  res
}
lm_fx <- list(pooling = lm_all("pooling"), individual = lm_all("within", "individual"),
              time = lm_all("within", "time"), twoways = lm_all("within", "twoways"))

cig <- cigar_data()
W46 <- read_w("usa46.json"); W46 <- W46 / rowSums(W46)
lw46 <- mat2listw(W46, style = "W")
cig <- cig[order(cig$year, match(cig$state_name, rownames(W46))), ]
cig <- wlag_cols(cig, W46, "state_name", c("logp", "logy"))
NT <- nrow(cig)
full_ll <- function(m, lag) if (lag) as.numeric(m$logLik) else as.numeric(m$logLik) - NT / 2 * (log(2 * pi) + 1 - log(NT))
fit <- function(f, effect, lag) spml(f, data = cig, index = c("state_name", "year"), listw = lw46, model = "within",
                                     effect = effect, lag = lag, spatial.error = if (lag) "none" else "b", control = ctl)
fd <- logc ~ logp + logy + W_logp + W_logy
fs <- logc ~ logp + logy
ll <- list(sdm_twoways = full_ll(fit(fd, "twoways", TRUE), TRUE),
           sar_twoways = full_ll(fit(fs, "twoways", TRUE), TRUE),
           sem_twoways = full_ll(fit(fs, "twoways", FALSE), FALSE),
           sdm_individual = full_ll(fit(fd, "individual", TRUE), TRUE),
           sdm_time = full_ll(fit(fd, "time", TRUE), TRUE))

sdpdm_exact(W46)
m <- SDPDm(logc ~ logp + logy, data = cig[, c("state", "year", "logc", "logp", "logy")], W = W46,
           index = c("state", "year"), model = "sdm", effect = "twoways", LYtrans = FALSE)
b <- m$coefficients; V <- m$varcov; rho <- unname(m$rho)
th <- b[3:4]
wald_sar <- as.numeric(t(th) %*% solve(V[3:4, 3:4]) %*% th)
g <- b[3:4] + rho * b[1:2]
J <- matrix(0, 2, 6); J[1, 1] <- rho; J[2, 2] <- rho; J[1, 3] <- 1; J[2, 4] <- 1; J[1, 5] <- b[1]; J[2, 5] <- b[2]
wald_sem <- as.numeric(t(g) %*% solve(J %*% V %*% t(J)) %*% g)

write_fixture(list(env = env_info(c("splm", "SDPDmod", "plm")), lm = lm_fx,
                   wald = list(sar = wald_sar, sem = wald_sem, p_sar = pchisq(wald_sar, 2, lower.tail = FALSE),
                               p_sem = pchisq(wald_sem, 2, lower.tail = FALSE)),
                   loglik = ll, N = 46, T = 30), "lmtests.json")
