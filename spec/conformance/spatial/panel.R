# Fixture for panel.ts: within transformations vs plm::Within on Cigar log(sales) (46 states x 30 years),
# exported time-major (all states in usa46 order at 1963, then 1964, ...).
# Run: Rscript panel.R
source(file.path(dirname(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))), "common.R"))
cig <- read_panel("cigar.csv")
W46 <- read_w("usa46.json")
cig$lsales <- log(cig$sales)
cig <- cig[order(cig$year, match(cig$state_name, rownames(W46))), ]
pd <- pdata.frame(cig, index = c("state_name", "year"))
ix <- index(pd)  # pdata.frame sorts rows by (unit, time): put results back in time-major usa46 order
oo <- order(as.integer(as.character(ix[[2]])), match(as.character(ix[[1]]), rownames(W46)))
tm <- function(v) as.numeric(v)[oo]
write_fixture(list(
  env = env_info("plm"),
  individual = tm(Within(pd$lsales, effect = "individual")),
  time = tm(Within(pd$lsales, effect = "time")),
  twoways = tm(Within(pd$lsales, effect = "twoways")),
  unit_means = as.numeric(tapply(cig$lsales, factor(cig$state_name, levels = rownames(W46)), mean))
), "panel.json")
