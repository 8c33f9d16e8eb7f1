# Fixture for the large-N log-determinants of logdet.ts ('chebyshev', 'mc'): spatialreg's own implementations
# (do_ldet after cheb_setup / mcdet_setup, spatialreg >= 1.2) and exact values, on
#   - usa46 row-standardised (N = 46) and a 30 x 30 rook grid row-standardised (N = 900, edges exported):
#     symmetric-similar W, real spectrum — Chebyshev interpolation of degree q = 5 and 12 with exact traces
#     tr(T_j(W)) (spatialreg computes them by sparse matrix products; it takes tr(W) = 0, true here);
#   - the kNN (k = 6) W on the 900 points of logdet.R (seed 7) and the grid: the Taylor series of Barry & Pace
#     with exact traces (m = 30, dense powers), and spatialreg's Monte Carlo estimate (p = 16 Gaussian probes,
#     m = 30, set.seed(11)) with its standard error (attribute "sd") — a stochastic reference for the size of the
#     probes' standard error, not a value to match.
# Exact: Matrix::determinant of the sparse I - rho W.
# Run: Rscript logdet_approx.R
source(file.path(dirname(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))), "common.R"))
suppressPackageStartupMessages({ library(Matrix); library(spatialreg) })
rhos <- c(-0.8, -0.5, -0.2, 0.1, 0.3, 0.5, 0.7, 0.9, 0.95)
ld_exact <- function(W, rho) as.numeric(determinant(Diagonal(nrow(W)) - rho * W, logarithm = TRUE)$modulus)
ldet_env <- function(lw) {
  env <- new.env()
  assign("listw", lw, envir = env)
  assign("family", "SAR", envir = env)
  assign("similar", FALSE, envir = env)
  assign("verbose", FALSE, envir = env)
  assign("n", length(lw$neighbours), envir = env)
  env
}
cheb <- function(lw, q) {
  env <- ldet_env(lw)
  spatialreg:::cheb_setup(env, q = q)
  sapply(rhos, function(r) spatialreg:::do_ldet(r, env))
}
mc <- function(lw, seed) {
  env <- ldet_env(lw)
  set.seed(seed)
  spatialreg:::mcdet_setup(env, p = 16, m = 30)
  v <- lapply(rhos, function(r) spatialreg:::do_ldet(r, env))
  list(value = sapply(v, as.numeric), sd = sapply(v, function(x) attr(x, "sd")))
}
taylor <- function(W, m) {
  Wd <- as.matrix(W); P <- diag(nrow(Wd)); tr <- numeric(m)
  for (k in 1:m) { P <- P %*% Wd; tr[k] <- sum(diag(P)) }
  sapply(rhos, function(r) -sum(r^(1:m) * tr / (1:m)))
}
as_sparse <- function(lw) as(as(as_dgRMatrix_listw(lw), "CsparseMatrix"), "generalMatrix")

W46 <- read_w("usa46.json"); W46 <- W46 / rowSums(W46)
lw46 <- mat2listw(W46, style = "W")
nbg <- cell2nb(30, 30, type = "rook")
lwg <- nb2listw(nbg, style = "W")
Wg <- as_sparse(lwg)
edges <- do.call(rbind, lapply(seq_along(nbg), function(i) cbind(i - 1, nbg[[i]] - 1)))
set.seed(7)
n <- 900
xy <- signif(cbind(runif(n), runif(n)), 15)
lwk <- nb2listw(knn2nb(knearneigh(xy, k = 6)), style = "W")
Wk <- as_sparse(lwk)

write_fixture(list(
  env = env_info(c("Matrix", "spdep", "spatialreg")),
  rhos = rhos,
  usa46 = list(exact = sapply(rhos, function(r) ld_exact(Matrix(W46, sparse = TRUE), r)),
               cheb5 = cheb(lw46, 5), cheb12 = cheb(lw46, 12)),
  grid900 = list(edges_i = edges[, 1], edges_j = edges[, 2],
                 exact = sapply(rhos, function(r) ld_exact(Wg, r)),
                 cheb5 = cheb(lwg, 5), cheb12 = cheb(lwg, 12), taylor30 = taylor(Wg, 30), mc = mc(lwg, 11)),
  knn900 = list(exact = sapply(rhos, function(r) ld_exact(Wk, r)), taylor30 = taylor(Wk, 30), mc = mc(lwk, 11))
), "logdet_approx.json")
