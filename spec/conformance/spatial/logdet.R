# Fixture for eigen.ts / sparselu.ts / logdet.ts: ln|I - rho W| on a grid of rho, eigenvalue ranges and
# traces tr(W^k), computed with base R / Matrix (dense eigen(), Matrix::determinant on the sparse matrix).
#   - usa46 row-standardised (symmetrizable: real eigenvalues), usaww;
#   - kNN (k = 6) on 900 seeded random points, row-standardised (not symmetrizable: complex eigenvalues).
# Run: Rscript logdet.R
source(file.path(dirname(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))), "common.R"))
suppressPackageStartupMessages(library(Matrix))
rows <- function(W) unname(lapply(seq_len(nrow(W)), function(i) unname(W[i, ])))
ld_dense <- function(W, rho) as.numeric(determinant(diag(nrow(W)) - rho * W, logarithm = TRUE)$modulus)
ld_sparse <- function(W, rho) as.numeric(determinant(Diagonal(nrow(W)) - rho * W, logarithm = TRUE)$modulus)
mpow_traces <- function(W, K) { P <- diag(nrow(W)); sapply(1:K, function(k) { P <<- P %*% W; sum(diag(P)) }) }
rhos <- c(-0.9, -0.5, -0.1, 0, 0.05, 0.3, 0.6, 0.9, 0.99)

W46 <- read_w("usa46.json"); W46 <- W46 / rowSums(W46)
Www <- read_w("usaww.json")
e46 <- eigen(W46, only.values = TRUE)$values
eww <- eigen(Www, only.values = TRUE)$values

set.seed(7)
n <- 900
xy <- signif(cbind(runif(n), runif(n)), 15)
nb <- knn2nb(knearneigh(xy, k = 6))
Wk <- as(as(spatialreg::as_dgRMatrix_listw(nb2listw(nb, style = "W")), "CsparseMatrix"), "generalMatrix")
ek <- eigen(as.matrix(Wk), only.values = TRUE)$values
# a 60-point kNN W small enough for dense powers
xy60 <- xy[1:60, ]
W60 <- listw2mat(nb2listw(knn2nb(knearneigh(xy60, k = 4)), style = "W"))
e60 <- eigen(W60, only.values = TRUE)$values

write_fixture(list(
  env = env_info(c("Matrix", "spdep")),
  rhos = rhos,
  usa46 = list(logdet = sapply(rhos, function(r) ld_dense(W46, r)), eig_range = range(Re(e46)),
               eig = sort(Re(e46)), traces = mpow_traces(W46, 12)),
  usaww = list(logdet = sapply(rhos, function(r) ld_dense(Www, r)), eig_range = range(Re(eww)), traces = mpow_traces(Www, 12)),
  knn900 = list(x = xy[, 1], y = xy[, 2], k = 6, logdet = sapply(rhos, function(r) ld_sparse(Wk, r)),
                eig_range = range(Re(ek)), max_abs_im = max(abs(Im(ek)))),
  knn60 = list(k = 4, logdet = sapply(rhos, function(r) ld_dense(W60, r)), eig_range = range(Re(e60)),
               traces = mpow_traces(W60, 12), max_abs_im = max(abs(Im(e60))))
), "logdet.json")
