# Exports the public panels and weights used by the spatial fixtures to data/ (CSV for panels, JSON for W).
#   Cigar (plm; Baltagi & Levin 1992): 46 US states x 30 years (1963-1992), with SDPDmod's usa46 binary
#     contiguity matrix. Cigar's numeric state codes are matched to usa46's state names in ascending code order,
#     which is how SDPDmod's own examples pair them.
#   Produc (plm; Munnell 1990): 48 US states x 17 years (1970-1986), with splm's usaww (row-standardised).
# Run: R_LIBS_USER=/path/to/scratch/lib Rscript data.R
source(file.path(dirname(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))), "common.R"))
peer("splm"); peer("SDPDmod")
out <- file.path(fixture_dir(), "data")

data("Cigar", package = "plm")
data("usa46", package = "SDPDmod")
codes <- sort(unique(Cigar$state))
stopifnot(length(codes) == nrow(usa46))
cig <- Cigar[order(Cigar$year, Cigar$state), ]
cig$state_name <- rownames(usa46)[match(cig$state, codes)]
cig <- cig[, c("state_name", "state", "year", "price", "pop", "pop16", "cpi", "ndi", "sales", "pimin")]
write.csv(cig, file.path(out, "cigar.csv"), row.names = FALSE)
writeLines(toJSON(w_json(usa46), digits = NA, auto_unbox = TRUE), file.path(out, "usa46.json"))

data("Produc", package = "plm")
data("usaww", package = "splm")
pr <- Produc[order(Produc$year, Produc$state), ]
pr$state <- as.character(pr$state)
write.csv(pr, file.path(out, "produc.csv"), row.names = FALSE)
writeLines(toJSON(w_json(usaww), digits = NA, auto_unbox = TRUE), file.path(out, "usaww.json"))
cat("exported data to", out, "\n")
