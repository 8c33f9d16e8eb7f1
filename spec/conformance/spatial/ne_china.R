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
# The uncorrected fits are pinned in test/models/ne-china.test.ts. With the corrections, abate and SDPDm differ on
# this non-symmetric nested W (static: ~1 % in the W-terms; dynamic: SDPDm's LYtrans = TRUE output equals its
# LYtrans = FALSE output here, abate applies the bias correction): recorded, under investigation.
write_fixture(list(env = env_info(c("SDPDmod")),
                   model1 = sdpdm_out(fit(FALSE, FALSE)), model2 = sdpdm_out(fit(FALSE, TRUE)),
                   model1_leeyu = sdpdm_out(fit(TRUE, FALSE)), model2_leeyu = sdpdm_out(fit(TRUE, TRUE))), "ne_china.json")
