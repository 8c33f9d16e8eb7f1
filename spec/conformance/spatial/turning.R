# Fixture for the `turning` construct: SAR two-way FE on Produc/usaww with a quadratic unemployment term
# (splm::spml), the turning point -b1/(2 b2) and its delta-method standard error from splm's covariance matrix.
# Run: R_LIBS_USER=/path/to/scratch/lib Rscript turning.R
source(file.path(dirname(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))), "common.R"))
peer("splm")
pr <- produc_data()
Www <- read_w("usaww.json")
lwww <- mat2listw(Www, style = "W")
pr <- pr[order(pr$year, match(pr$state, rownames(Www))), ]
pr$unemp2 <- pr$unemp^2
fit <- spml(lgsp ~ lpcap + lpc + lemp + unemp + unemp2, data = pr, index = c("state", "year"), listw = lwww,
            model = "within", effect = "twoways", lag = TRUE, spatial.error = "none", control = list(tol.opt = 1e-12))
b <- coef(fit); V <- vcov(fit); dimnames(V) <- list(names(b), names(b))
b1 <- b[["unemp"]]; b2 <- b[["unemp2"]]
g <- c(-1 / (2 * b2), b1 / (2 * b2^2))
Vs <- V[c("unemp", "unemp2"), c("unemp", "unemp2")]
write_fixture(list(
  env = env_info(c("splm")),
  b1 = b1, b2 = b2, turning = -b1 / (2 * b2), se = sqrt(drop(t(g) %*% Vs %*% g))
), "turning.json")
