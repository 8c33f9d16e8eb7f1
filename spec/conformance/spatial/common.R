# Shared helpers for the spatial conformance fixtures (sourced by the other scripts in this directory).
#
# splm and SDPDmod are not Debian packages: they are expected in a scratch library outside the repository,
# named by R_LIBS_USER (e.g. R_LIBS_USER=/tmp/rlib Rscript models.R). Nothing here installs anything.
suppressPackageStartupMessages({
  library(jsonlite)
  library(spdep)
  library(plm)
})

peer <- function(pkg) {
  lib <- Sys.getenv("R_LIBS_USER")
  ok <- suppressWarnings(suppressPackageStartupMessages(
    require(pkg, lib.loc = if (nzchar(lib)) lib else NULL, character.only = TRUE, quietly = TRUE)))
  if (!ok) stop("package ", pkg, " not found; set R_LIBS_USER to the scratch library that holds it")
}

fixture_dir <- function() {
  args <- commandArgs(trailingOnly = FALSE)
  f <- sub("^--file=", "", args[grep("^--file=", args)])
  if (length(f)) dirname(normalizePath(f)) else getwd()
}

env_info <- function(pkgs = character()) {
  si <- sessionInfo()
  list(
    R = R.version.string,
    BLAS = si$BLAS,
    LAPACK = si$LAPACK,
    OPENBLAS_NUM_THREADS = Sys.getenv("OPENBLAS_NUM_THREADS"),
    OPENBLAS_CORETYPE = Sys.getenv("OPENBLAS_CORETYPE"),
    packages = setNames(lapply(pkgs, function(p) as.character(packageVersion(p))), pkgs)
  )
}

write_fixture <- function(obj, name) {
  path <- file.path(fixture_dir(), name)
  writeLines(toJSON(obj, digits = NA, auto_unbox = TRUE, pretty = FALSE, null = "null", na = "null"), path)
  cat("wrote", path, "\n")
}

# Dense matrix -> list of rows (JSON arrays), unit names alongside.
w_json <- function(W) list(units = rownames(W), rows = unname(lapply(seq_len(nrow(W)), function(i) unname(W[i, ]))))

read_w <- function(name) {
  j <- fromJSON(file.path(fixture_dir(), "data", name), simplifyVector = TRUE)
  W <- j$rows
  dimnames(W) <- list(j$units, j$units)
  W
}
read_panel <- function(name) read.csv(file.path(fixture_dir(), "data", name), stringsAsFactors = FALSE)

# Cigar with the SDPDmod vignette's variables; Produc with splm's classic formula variables.
cigar_data <- function() {
  d <- read_panel("cigar.csv")
  d$logc <- log(d$sales); d$logp <- log(d$price / d$cpi); d$logy <- log(d$ndi / d$cpi)
  d
}
produc_data <- function() {
  d <- read_panel("produc.csv")
  d$lgsp <- log(d$gsp); d$lpcap <- log(d$pcap); d$lpc <- log(d$pc); d$lemp <- log(d$emp)
  d
}
# W-lags of columns of a time-major data frame (rows ordered by year, then by W's unit order)
wlag_cols <- function(d, W, unit, cols) {
  stopifnot(all(d[[unit]] == rep(rownames(W), length(unique(d$year)))))
  for (cc in cols) d[[paste0("W_", cc)]] <- unlist(lapply(split(d[[cc]], d$year), function(u) as.vector(W %*% u)))
  d
}

# SDPDmod evaluates ln|I - rho W| on a grid (step 0.001) and looks up the nearest grid value inside the
# likelihood, and optimize() runs with its default tolerance (~1e-4): its rho is off the ML optimum by up to
# several grid steps (0.004 on Cigar). For a fixture we replace, for this R session only, the two likelihood
# helpers by copies that use the exact log-determinant from eigenvalues and tighten optimize()'s tolerance.
# Everything else (demeaning, information matrix, Lee-Yu bias correction, R^2) is SDPDmod's own code.
sdpdm_exact <- function(W) {
  ev <- eigen(W, only.values = TRUE)$values
  ldx <- function(rho) sum(log(Mod(1 - rho * ev)))
  ns <- asNamespace("SDPDmod")
  assignInNamespace("f_sar", function(rho, detval, epeo, eped, epeod, n, t, dynamic) {
    zz <- epeo - 2 * rho * epeod + rho * rho * eped
    if (dynamic) zz <- zz / (n * t)
    (n * t / 2) * log(zz) - t * ldx(rho)
  }, "SDPDmod")
  assignInNamespace("f2_sar", function(rho, bhat, y, Z, Wy, detval, n, t, sige) {
    eee <- y - Z %*% bhat - rho * Wy
    as.numeric(-(n * t / 2) * log(2 * pi * sige) + t * ldx(rho) - (1 / (2 * sige)) * c(crossprod(eee)))
  }, "SDPDmod")
  imp <- parent.env(ns)
  unlockBinding("optimize", imp)
  assign("optimize", function(...) stats::optimize(..., tol = 1e-12), envir = imp)
  lockBinding("optimize", imp)
  invisible(TRUE)
}

splm_out <- function(m, y) {
  ct <- summary(m)$CoefTable
  list(coef = setNames(as.list(ct[, 1]), rownames(ct)), se = setNames(as.list(ct[, 2]), rownames(ct)),
       sigma2 = m$sigma2, logLik = as.numeric(m$logLik),
       r2 = 1 - sum(m$residuals^2) / sum((y - mean(y))^2))
}
sdpdm_out <- function(m) {
  list(coef = as.list(m$coefficients), se = as.list(m$std), rho = unname(m$rho), rho_se = unname(m$rho.se),
       sigma2 = unname(m$sige), logLik = unname(m$likl), r2 = m$rsqr, corr2 = m$adjrsqr,
       vcov = unname(lapply(seq_len(nrow(m$varcov)), function(i) unname(m$varcov[i, ]))))
}
