# Fixtures for models.ts: static spatial panel ML estimates vs splm::spml and SDPDmod::SDPDm.
#   1. SAR, two-way FE, Produc (48 x 17) with usaww: log(gsp) ~ log(pcap) + log(pc) + log(emp) + unemp (splm).
#   2. SEM, individual FE, same data (splm).
#   3. SDM, two-way FE, Cigar (46 x 30) with usa46 row-standardised: logc ~ logp + logy, W-lags of both
#      (splm with the lags as regressors; SDPDmod SDPDm model = "sdm", LYtrans = FALSE and TRUE, with the exact
#      log-determinant patch described in common.R; the unpatched SDPDm output is recorded too).
#   4. SAR individual and time FE with splm's LeeYu = TRUE (Produc/usaww).
#   5. SDEM, two-way FE, Cigar (splm SEM with the W-lags as regressors).
#   6. SAR, individual FE, Cigar, SDPDm (for SDPDmod's R^2 and squared correlation).
#   7. SDEM, individual FE, Cigar, a Durbin term for logy only (splm SEM with W_logy as a regressor): the Durbin
#      selection of an error model (solvers/spatial/durbin.ts).
# Run: R_LIBS_USER=/path/to/scratch/lib Rscript models.R
source(file.path(dirname(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))), "common.R"))
peer("splm"); peer("SDPDmod")
ctl <- list(tol.opt = 1e-12)

pr <- produc_data()
Www <- read_w("usaww.json")
lwww <- mat2listw(Www, style = "W")
pr <- pr[order(pr$year, match(pr$state, rownames(Www))), ]
fm <- lgsp ~ lpcap + lpc + lemp + unemp

sar_tw <- spml(fm, data = pr, index = c("state", "year"), listw = lwww, model = "within", effect = "twoways",
               lag = TRUE, spatial.error = "none", control = ctl)
sem_ind <- spml(fm, data = pr, index = c("state", "year"), listw = lwww, model = "within", effect = "individual",
                lag = FALSE, spatial.error = "b", control = ctl)
sar_ind_ly <- spml(fm, data = pr, index = c("state", "year"), listw = lwww, model = "within", effect = "individual",
                   lag = TRUE, spatial.error = "none", LeeYu = TRUE, control = ctl)
sar_time_ly <- spml(fm, data = pr, index = c("state", "year"), listw = lwww, model = "within", effect = "time",
                    lag = TRUE, spatial.error = "none", LeeYu = TRUE, control = ctl)
sem_ind_out <- splm_out(sem_ind, pr$lgsp)
# splm's SEM logLik is the concentrated value T ln|I - lambda W| - NT/2 ln SSE; the full log-likelihood adds
# -NT/2 (ln 2 pi + 1 - ln NT)
NTp <- nrow(pr)
sem_ind_out$logLik_full <- sem_ind_out$logLik - NTp / 2 * (log(2 * pi) + 1 - log(NTp))

cig <- cigar_data()
W46 <- read_w("usa46.json"); W46 <- W46 / rowSums(W46)
lw46 <- mat2listw(W46, style = "W")
cig <- cig[order(cig$year, match(cig$state_name, rownames(W46))), ]
cig <- wlag_cols(cig, W46, "state_name", c("logp", "logy"))
sdm_splm <- spml(logc ~ logp + logy + W_logp + W_logy, data = cig, index = c("state_name", "year"), listw = lw46,
                 model = "within", effect = "twoways", lag = TRUE, spatial.error = "none", control = ctl)
sdem_splm <- spml(logc ~ logp + logy + W_logp + W_logy, data = cig, index = c("state_name", "year"), listw = lw46,
                  model = "within", effect = "twoways", lag = FALSE, spatial.error = "b", control = ctl)
sdem_out <- splm_out(sdem_splm, cig$logc)
NTc <- nrow(cig)
sdem_out$logLik_full <- sdem_out$logLik - NTc / 2 * (log(2 * pi) + 1 - log(NTc))
sdem_sub <- spml(logc ~ logp + logy + W_logy, data = cig, index = c("state_name", "year"), listw = lw46,
                 model = "within", effect = "individual", lag = FALSE, spatial.error = "b", control = ctl)
sdem_sub_out <- splm_out(sdem_sub, cig$logc)
sdem_sub_out$logLik_full <- sdem_sub_out$logLik - NTc / 2 * (log(2 * pi) + 1 - log(NTc))

# SDPDmod: first as shipped, then with the exact log-determinant
cigS <- cig[, c("state", "year", "logc", "logp", "logy")]
sdpdm_raw <- SDPDm(logc ~ logp + logy, data = cigS, W = W46, index = c("state", "year"), model = "sdm",
                   effect = "twoways", LYtrans = FALSE)
sdpdm_raw_ly <- SDPDm(logc ~ logp + logy, data = cigS, W = W46, index = c("state", "year"), model = "sdm",
                      effect = "twoways", LYtrans = TRUE)
sdpdm_exact(W46)
sdpdm_tw <- SDPDm(logc ~ logp + logy, data = cigS, W = W46, index = c("state", "year"), model = "sdm",
                  effect = "twoways", LYtrans = FALSE)
sdpdm_tw_ly <- SDPDm(logc ~ logp + logy, data = cigS, W = W46, index = c("state", "year"), model = "sdm",
                     effect = "twoways", LYtrans = TRUE)
sdpdm_sar_ind <- SDPDm(logc ~ logp + logy, data = cigS, W = W46, index = c("state", "year"), model = "sar",
                       effect = "individual", LYtrans = FALSE)

write_fixture(list(
  env = env_info(c("splm", "SDPDmod", "spdep", "plm")),
  produc = list(formula = "log(gsp) ~ log(pcap) + log(pc) + log(emp) + unemp",
                sar_twoways = splm_out(sar_tw, pr$lgsp),
                sem_individual = sem_ind_out,
                sar_individual_leeyu = splm_out(sar_ind_ly, pr$lgsp),
                sar_time_leeyu = splm_out(sar_time_ly, pr$lgsp)),
  cigar = list(formula = "log(sales) ~ log(price/cpi) + log(ndi/cpi)",
               sdm_twoways_splm = splm_out(sdm_splm, cig$logc),
               sdem_twoways_splm = sdem_out,
               sdem_individual_durbin_logy_splm = sdem_sub_out,
               sdm_twoways_sdpdm = sdpdm_out(sdpdm_tw),
               sdm_twoways_sdpdm_leeyu = sdpdm_out(sdpdm_tw_ly),
               sdm_twoways_sdpdm_unpatched = sdpdm_out(sdpdm_raw),
               sdm_twoways_sdpdm_leeyu_unpatched = sdpdm_out(sdpdm_raw_ly),
               sar_individual_sdpdm = sdpdm_out(sdpdm_sar_ind))
), "models.json")
