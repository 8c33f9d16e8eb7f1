# Reference Hyndman-Fan sample quantiles (types 1-9) from R's stats::quantile, the canonical implementation.
# Run from the repository root:  Rscript spec/conformance/screening/quantiles.R
# Writes quantiles.json next to this script. Data sets are fixed here (seeded), probabilities include the
# boundaries 0 and 1 and points where n p is an integer (the discontinuities of types 1-3).
here <- "spec/conformance/screening"
set.seed(2024)
sets <- list(
  odd_7 = c(3.1, -1, 4.5, 4.5, 9, 2.25, 0),
  even_8 = c(10, 1, 7, 3, 3, 8, 6, 2),
  normal_23 = round(rnorm(23), 6),
  likert_25 = sample(1:7, 25, replace = TRUE),
  single = c(42)
)
probs <- c(0, 0.01, 0.1, 0.125, 0.2, 0.25, 1/3, 0.375, 0.5, 0.6, 2/3, 0.75, 0.875, 0.9, 0.99, 1)
num <- function(v) paste0("[", paste(sprintf("%.17g", v), collapse = ","), "]")
out <- c("{", sprintf('"meta": {"generator": "spec/conformance/screening/quantiles.R", "R": "%s"},', R.version.string),
         sprintf('"probs": %s,', num(probs)), '"cases": [')
for (i in seq_along(sets)) {
  x <- sets[[i]]
  q <- sapply(1:9, function(t) as.numeric(quantile(x, probs, type = t, names = FALSE)))
  rows <- paste(apply(q, 2, num), collapse = ",")
  out <- c(out, sprintf('{"name": "%s", "x": %s, "byType": [%s]}%s', names(sets)[i], num(x), rows,
                        if (i < length(sets)) "," else ""))
}
out <- c(out, "]}")
writeLines(out, file.path(here, "quantiles.json"))
cat("wrote quantiles.json\n")
