# Fixtures for dynamic.ts: the dynamic spatial (Durbin) panel quasi-ML of Yu, de Jong & Lee (2008) / Lee & Yu
# (2010) with its bias correction, as SDPDmod::SDPDm(..., dynamic = TRUE) computes it, and impactsSDPDm's short-
# and long-term effects.
#   Cigar (46 x 30) with usa46 row-standardised, logc ~ logp + logy (SDPDmod's vignette):
#     1. SDM two-way, LYtrans = TRUE (tl + stl)            2. SDM two-way, LYtrans = FALSE
#     3. SAR two-way, LYtrans = TRUE                       4. SDM individual, LYtrans = TRUE
#     5. SDM two-way, LYtrans = TRUE, y_{t-1} only          6. SDM two-way, LYtrans = TRUE, W y_{t-1} only
#     and SDM two-way, LYtrans = TRUE with the binary usa46 (not row-standardised: plain two-way demeaning)
#     and an SDM with a Durbin term for logy only (SDPDm model = "sar" with W_logy as a regressor, the selection of
#     solvers/spatial/durbin.ts), individual LYtrans = TRUE and two-way LYtrans = FALSE
#   7. A synthetic near-unit-root panel (30 units on a 5 x 6 rook grid, 15 periods, seeded, embedded in the JSON)
#      where A = (I - rho W)^-1 (tau I + eta W) has eigenvalues above 1 - 1/n, so the correction removes them.
#   8. impactsSDPDm (NSIM = 5000) for fit 1, and the short/long-term effects at the estimates by dense algebra.
#   9. Matrix::nearPD on two fixed 4 x 4 matrices (SDPDm regularises the information matrix with it).
#
# Two in-session patches (nothing is installed or changed on disk):
#  (a) Exact log-determinant. SDPDm looks ln|I - rho W| up on a 0.001 grid and optimize() runs with its default
#      tolerance, so its rho stops several grid steps off the optimum (as in models.R). lndetfull() is wrapped to
#      keep the eigenvalues of the W it is given (for LYtrans two-way that is SDPDm's transformed F'WF), and the
#      three likelihood helpers f_sar / f2_sar / f2_sar_dyn use them exactly; optimize() gets tol = 1e-12. The
#      unpatched output is kept (`*_unpatched`).
#  (b) Rotation average (fits marked `_haar`). With LYtrans and two-way effects SDPDm removes the time effects with
#      F, the eigenvectors of I - 11'/n from eigen(), an arbitrary orthonormal basis (LAPACK's). Point estimates
#      and the bias do not depend on it, but the variance term OMG does, through the 4th moment of the residuals
#      in F coordinates and sum(diag(F'GF)^2): changing F moves SDPDm's own corrected standard errors by up to
#      0.5 % (rho, W*y_{t-1}) and its uncorrected ones by up to 18 % (see `basis_spread`). dynamic.ts uses the
#      average over a uniformly random basis instead, E[sum_j (f_j'r)^4] = 3|r|^4/(m+2) and
#      E[sum_j (f_j'Gf_j)^2] = ((tr G)^2 + tr G^2 + tr GG')/(m+2), m = n - 1; the `_haar` fits are SDPDm with f_OMG
#      replaced by exactly that (reading the residuals from SDPDm's frame), everything else SDPDmod's code.
# Run: R_LIBS_USER=/path/to/scratch/lib Rscript dynamic.R
source(file.path(dirname(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))), "common.R"))
peer("SDPDmod")

ns <- asNamespace("SDPDmod")
orig <- list(lndetfull = get("lndetfull", ns), f_sar = get("f_sar", ns), f2_sar = get("f2_sar", ns),
             f2_sar_dyn = get("f2_sar_dyn", ns), f_OMG = get("f_OMG", ns), demeanF = get("demeanF", ns))
imp_env <- parent.env(ns)
orig_optimize <- get("optimize", imp_env)
set_ns <- function(name, f) assignInNamespace(name, f, "SDPDmod")
set_optimize <- function(f) { unlockBinding("optimize", imp_env); assign("optimize", f, envir = imp_env); lockBinding("optimize", imp_env) }

ld_env <- new.env()
patch_exact <- function() {
  set_ns("lndetfull", function(W, lmin = -0.99, lmax = 0.99, incr = 0.01) {
    ld_env$ev <- eigen(as.matrix(W), only.values = TRUE)$values
    orig$lndetfull(W, lmin, lmax, incr)
  })
  ldx <- function(rho) sum(log(Mod(1 - rho * ld_env$ev)))
  set_ns("f_sar", function(rho, detval, epeo, eped, epeod, n, t, dynamic) {
    zz <- epeo - 2 * rho * epeod + rho * rho * eped
    if (dynamic) zz <- zz / (n * t)
    (n * t / 2) * log(zz) - t * ldx(rho)
  })
  set_ns("f2_sar", function(rho, bhat, y, Z, Wy, detval, n, t, sige) {
    eee <- y - Z %*% bhat - rho * Wy
    as.numeric(-(n * t / 2) * log(2 * pi * sige) + t * ldx(rho) - (1 / (2 * sige)) * c(crossprod(eee)))
  })
  set_ns("f2_sar_dyn", function(rho, bhat, y0, Z0, detval, n0, t0, sige, sind0, tind0, Wy0) {
    x <- cbind(Wy0, Z0)
    re1 <- get("demean", ns)(y0, x = x, N = n0, t = t0, effect = "individual", sind = sind0, tind = tind0)
    y <- re1$yw; Xx <- re1$xw
    Wy <- Xx[, 1]; Z <- Xx[, 2:ncol(x)]
    eee <- y - Z %*% bhat - rho * Wy
    as.numeric(-(n0 * t0 / 2) * log(2 * pi * sige) + t0 * ldx(rho) - (1 / (2 * sige)) * c(crossprod(eee)))
  })
  set_optimize(function(...) stats::optimize(..., tol = 1e-12))
}
patch_haar <- function(on) {
  if (!on) return(set_ns("f_OMG", orig$f_OMG))
  set_ns("f_OMG", function(sige, Gn, n, kz, mu4) {
    pf <- parent.frame()
    r <- if (exists("resid1", envir = pf, inherits = FALSE)) get("resid1", pf) else get("resid", pf)
    ss <- colSums(matrix(r^2, nrow = n))            # |r_t|^2 per period (time-major, n values per period)
    mu4h <- 3 * sum(ss^2) / ((n + 2) * n * length(ss))
    OMG <- matrix(0, kz + 2, kz + 2)
    OMG[kz + 1, kz + 1] <- (sum(diag(Gn))^2 + sum(Gn * t(Gn)) + sum(Gn * Gn)) / (n + 2) / n
    OMG[kz + 1, kz + 2] <- OMG[kz + 2, kz + 1] <- sum(diag(Gn)) / (2 * sige * n)
    OMG[kz + 2, kz + 2] <- 1 / (4 * sige^2)
    ((mu4h - 3 * sige^2) / sige^2) * OMG
  })
}
unpatch <- function() { for (nm in c("lndetfull", "f_sar", "f2_sar", "f2_sar_dyn", "f_OMG", "demeanF")) set_ns(nm, orig[[nm]]); set_optimize(orig_optimize) }

mat_rows <- function(M) unname(lapply(seq_len(nrow(M)), function(i) unname(M[i, ])))
dyn_out <- function(m) {
  o <- list(names = names(m$coefficients), coef = unname(m$coefficients), std = unname(m$std), rho = unname(m$rho),
            rho_se = unname(m$rho.se), sige = unname(m$sige), likl = unname(m$likl), rsqr = unname(m$rsqr),
            adjrsqr = unname(m$adjrsqr), varcov = mat_rows(m$varcov), interval = unname(m$interval))
  if (!is.null(m$coefficients1)) {
    o$coef1 <- unname(m$coefficients1); o$std1 <- unname(m$std1); o$rho1 <- unname(m$rho1)
    o$rho_se1 <- unname(m$rho.se1); o$sige1 <- unname(m$sige1); o$likl1 <- unname(m$likl1)
  }
  o
}
fit <- function(d, W, model, effect, ly, tl = TRUE, stl = TRUE, form = logc ~ logp + logy)
  SDPDm(form, data = d, W = W, index = c("state", "year"), model = model, effect = effect, LYtrans = ly,
        dynamic = TRUE, tlaginfo = list(ind = NULL, tl = tl, stl = stl))

# ---- Cigar ----------------------------------------------------------------------------------------------------
cig <- cigar_data()
W46b <- read_w("usa46.json"); storage.mode(W46b) <- "double"; W46 <- W46b / rowSums(W46b)
stopifnot(SDPDmod::isrownor(W46))
cigS <- cig[order(cig$year, match(cig$state_name, rownames(W46))), c("state", "year", "logc", "logp", "logy")]
cigSw <- wlag_cols(cig[order(cig$year, match(cig$state_name, rownames(W46))), ], W46, "state_name", "logy")
cigSw <- cigSw[, c("state", "year", "logc", "logp", "logy", "W_logy")]

unp <- list(sdm_twoways_ly = dyn_out(fit(cigS, W46, "sdm", "twoways", TRUE)),
            sdm_twoways_none = dyn_out(fit(cigS, W46, "sdm", "twoways", FALSE)),
            sar_twoways_ly = dyn_out(fit(cigS, W46, "sar", "twoways", TRUE)))

# how much SDPDm's own standard errors move with the basis F (random orthonormal bases of 1-perp, seeds 1..4)
spread_run <- function(seed) {
  set_ns("demeanF", function(y, x, N, t, effect, W) {
    stopifnot(effect == "time")
    set.seed(seed)
    Q <- qr.Q(qr(cbind(1, matrix(rnorm(N * (N - 1)), N))))[, 2:N]
    k <- ncol(x); xa <- array(x, c(N, t, k)); xt <- array(0, c(N - 1, t, k))
    for (i in 1:k) xt[, , i] <- t(Q) %*% xa[, , i]
    list(yf = as.vector(t(Q) %*% matrix(y, N, t)), xf = matrix(xt, nrow = (N - 1) * t, ncol = k),
         Wf = t(Q) %*% W %*% Q, nv = N - 1, tv = t)
  })
  m <- fit(cigS, W46, "sdm", "twoways", TRUE)
  set_ns("demeanF", orig$demeanF)
  c(m$std1, m$rho.se1, m$std, m$rho.se)
}

patch_exact()
m_sdm_ly <- fit(cigS, W46, "sdm", "twoways", TRUE)
spread <- sapply(1:4, spread_run)
base <- c(m_sdm_ly$std1, m_sdm_ly$rho.se1, m_sdm_ly$std, m_sdm_ly$rho.se)
rel_spread <- apply(cbind(base, spread), 1, function(v) (max(v) - min(v)) / abs(v[1]))
kz <- length(m_sdm_ly$coefficients)
basis_spread <- list(corrected = rel_spread[1:(kz + 1)], uncorrected = rel_spread[(kz + 2):(2 * kz + 2)])

cigar <- list(
  sdm_twoways_ly = dyn_out(m_sdm_ly),
  sdm_twoways_none = dyn_out(fit(cigS, W46, "sdm", "twoways", FALSE)),
  sar_twoways_ly = dyn_out(fit(cigS, W46, "sar", "twoways", TRUE)),
  sdm_individual_ly = dyn_out(fit(cigS, W46, "sdm", "individual", TRUE)),
  sdm_twoways_ly_tl = dyn_out(fit(cigS, W46, "sdm", "twoways", TRUE, tl = TRUE, stl = FALSE)),
  sdm_twoways_ly_stl = dyn_out(fit(cigS, W46, "sdm", "twoways", TRUE, tl = FALSE, stl = TRUE)),
  # binary (not row-standardised) usa46: SDPDm demeans the period effects instead of transforming them
  sdm_twoways_ly_binary = dyn_out(fit(cigS, W46b, "sdm", "twoways", TRUE)),
  sdm_individual_ly_durbin_logy = dyn_out(fit(cigSw, W46, "sar", "individual", TRUE, form = logc ~ logp + logy + W_logy)),
  sdm_twoways_none_durbin_logy = dyn_out(fit(cigSw, W46, "sar", "twoways", FALSE, form = logc ~ logp + logy + W_logy))
)
patch_haar(TRUE)
cigar$sdm_twoways_ly_haar <- dyn_out(fit(cigS, W46, "sdm", "twoways", TRUE))
cigar$sar_twoways_ly_haar <- dyn_out(fit(cigS, W46, "sar", "twoways", TRUE))
cigar$sdm_twoways_ly_tl_haar <- dyn_out(fit(cigS, W46, "sdm", "twoways", TRUE, tl = TRUE, stl = FALSE))
cigar$sdm_twoways_ly_stl_haar <- dyn_out(fit(cigS, W46, "sdm", "twoways", TRUE, tl = FALSE, stl = TRUE))
patch_haar(FALSE)

# ---- effects (fit 1, SDPDm's own variance) ------------------------------------------------------------------------
dense_eff <- function(W, A, B) {   # A^-1 B: direct = mean diag, total = sum / N
  S <- solve(A, B); N <- nrow(W); d <- mean(diag(S)); tt <- sum(S) / N
  c(direct = d, indirect = tt - d, total = tt)
}
point_effects <- function(m, W) {
  b <- m$coefficients1; rho <- unname(m$rho1); N <- nrow(W)
  tau <- b[1]; eta <- b[2]; bx <- b[3:4]; th <- b[5:6]
  st <- t(sapply(1:2, function(r) dense_eff(W, diag(N) - rho * W, bx[r] * diag(N) + th[r] * W)))
  lt <- t(sapply(1:2, function(r) dense_eff(W, (1 - tau) * diag(N) - (rho + eta) * W, bx[r] * diag(N) + th[r] * W)))
  list(short = lapply(as.data.frame(st), unname), long = lapply(as.data.frame(lt), unname))
}
NSIM <- 5000
im <- impactsSDPDm(m_sdm_ly, NSIM = NSIM, sd = 12345)
tab <- function(t) list(mean = unname(t[, 1]), sd = unname(t[, 2]))
effects <- list(nsim = NSIM, names = rownames(im$DIRECTst.tab), point = point_effects(m_sdm_ly, W46),
                short = list(direct = tab(im$DIRECTst.tab), indirect = tab(im$INDIRECTst.tab), total = tab(im$TOTALst.tab)),
                long = list(direct = tab(im$DIRECTlt.tab), indirect = tab(im$INDIRECTlt.tab), total = tab(im$TOTALlt.tab)))

# ---- synthetic near-unit-root panel --------------------------------------------------------------------------------
set.seed(20240611)
nr <- 5; nc <- 6; N <- nr * nc; T0 <- 15
C <- matrix(0, N, N)
for (i in 1:N) for (j in 1:N) {
  ri <- (i - 1) %/% nc; ci <- (i - 1) %% nc; rj <- (j - 1) %/% nc; cj <- (j - 1) %% nc
  if (abs(ri - rj) + abs(ci - cj) == 1) C[i, j] <- 1
}
units <- sprintf("g%02d", 1:N); dimnames(C) <- list(units, units)
Wg <- C / rowSums(C)
tau0 <- 0.8; eta0 <- 0.1; rho0 <- 0.15; beta0 <- c(1, -0.5); theta0 <- c(0.3, 0.2)
x1 <- round(matrix(rnorm(N * T0), N), 6); x2 <- round(matrix(rnorm(N * T0), N), 6)
mu <- rnorm(N); al <- rnorm(T0)
Y <- matrix(0, N, T0)
Si <- solve(diag(N) - rho0 * Wg)
yprev <- rnorm(N)
for (t in 1:T0) {
  v <- tau0 * yprev + eta0 * Wg %*% yprev + beta0[1] * x1[, t] + beta0[2] * x2[, t] +
    Wg %*% (theta0[1] * x1[, t] + theta0[2] * x2[, t]) + mu + al[t] + 0.5 * rnorm(N)
  Y[, t] <- round(as.vector(Si %*% v), 8); yprev <- Y[, t]
}
syn <- data.frame(state = rep(seq_len(N), T0), year = rep(2000 + seq_len(T0), each = N),
                  logc = as.vector(Y), logp = as.vector(x1), logy = as.vector(x2))
m_syn <- fit(syn, Wg, "sdm", "twoways", TRUE)
m_syn_ind <- fit(syn, Wg, "sdm", "individual", TRUE)
count_unstable <- function(m, W, drop_one) {
  lam <- sort(Re(eigen(W, only.values = TRUE)$values))
  if (drop_one) lam <- lam[-length(lam)]
  a <- (m$coefficients[1] + m$coefficients[2] * lam) / (1 - m$rho * lam)
  sum(a > 1 - 1 / length(lam))
}
synthetic <- list(units = units, W = mat_rows(C), T = T0, y = as.vector(Y), x1 = as.vector(x1), x2 = as.vector(x2),
                  sdm_twoways_ly = c(dyn_out(m_syn), unstable = count_unstable(m_syn, Wg, TRUE)),
                  sdm_individual_ly = c(dyn_out(m_syn_ind), unstable = count_unstable(m_syn_ind, Wg, FALSE)))
patch_haar(TRUE)
synthetic$sdm_twoways_ly_haar <- dyn_out(fit(syn, Wg, "sdm", "twoways", TRUE))
patch_haar(FALSE)
unpatch()

# ---- Matrix::nearPD on fixed symmetric matrices (one with eigenvalue ratio 5e-7 < eig.tol = 1e-6) ---------------
Qn <- qr.Q(qr(matrix(c(2, -1, 0.5, 3, 1, 4, -2, 0.3, 0.7, 1.5, 2.2, -0.4, 1, -3, 0.1, 2.5), 4)))
npd_in <- list(low = Qn %*% diag(c(2e5, 30, 1, 0.1)) %*% t(Qn), ok = Qn %*% diag(c(50, 3, 1, 0.2)) %*% t(Qn))
npd_in <- lapply(npd_in, function(M) (M + t(M)) / 2)
nearpd <- lapply(npd_in, function(M) list(input = mat_rows(M), output = mat_rows(as.matrix(Matrix::nearPD(M)$mat))))

write_fixture(list(
  env = env_info(c("SDPDmod", "plm", "Matrix")),
  formula = "log(sales) ~ log(price/cpi) + log(ndi/cpi)",
  cigar = cigar, cigar_unpatched = unp, basis_spread = basis_spread,
  effects = effects, synthetic = synthetic, nearpd = nearpd
), "dynamic.json")
