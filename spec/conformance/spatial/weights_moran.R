# Fixtures for weights.ts and moran.ts.
#   - kNN and distance-band neighbour sets vs spdep::knearneigh / dnearneigh on seeded random points;
#   - haversine / Euclidean inverse-distance values vs direct formulas evaluated here;
#   - economic distance, nested and economic-geographic matrices from their formulas;
#   - Moran's I by year vs spdep::moran.test (randomisation TRUE and FALSE, alternatives), on Cigar/usa46 and
#     Produc/usaww, plus a binary-weights case and an islands case (zero.policy = TRUE, adjust.n = TRUE).
# Run: Rscript weights_moran.R   (base R + spdep + jsonlite only)
source(file.path(dirname(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))), "common.R"))

set.seed(20240501)
n <- 60
xy <- signif(cbind(x = runif(n, 0, 10), y = runif(n, 0, 10)), 15)  # JSON keeps 15 digits: use exactly those
ids <- sprintf("u%02d", 1:n)
knn4 <- knearneigh(xy, k = 4)$nn
band <- dnearneigh(xy, 0, 2.5)
band_nb <- lapply(band, function(v) if (length(v) == 1 && v == 0) integer(0) else as.integer(v))
D <- as.matrix(dist(xy))
invd2 <- ifelse(D > 0 & D <= 3, D^-2, 0); diag(invd2) <- 0

# lon/lat points over northeast China (the seed 001 region) and the haversine formula (R = 6371.0088 km)
m <- 34
ll <- signif(cbind(lon = runif(m, 121, 133), lat = runif(m, 39, 50)), 15)
llids <- sprintf("c%02d", 1:m)
hav <- function(l1, p1, l2, p2) {
  r <- pi / 180; R <- 6371.0088
  a <- sin((p2 - p1) * r / 2)^2 + cos(p1 * r) * cos(p2 * r) * sin((l2 - l1) * r / 2)^2
  2 * R * asin(pmin(1, sqrt(a)))
}
HD <- outer(1:m, 1:m, function(i, j) hav(ll[i, 1], ll[i, 2], ll[j, 1], ll[j, 2]))
gdp <- signif(exp(rnorm(m, 10.5, 0.6)), 15)
Wd <- ifelse(HD > 0, 1 / HD, 0)
We <- outer(gdp, gdp, function(a, b) ifelse(a == b, 0, 1 / abs(a - b)))
rs <- function(W) W / rowSums(W)
nested <- rs(0.5 * rs(Wd) + 0.5 * rs(We))
nested3 <- rs(0.3 * rs(Wd) + 0.7 * rs(We))
econgeo <- rs(Wd %*% diag(gdp / mean(gdp)))
knn_ll <- knearneigh(ll, k = 5, longlat = TRUE)$nn

mt <- function(x, lw, ...) {
  r <- moran.test(x, lw, ...)
  list(I = unname(r$estimate[1]), expectation = unname(r$estimate[2]), variance = unname(r$estimate[3]),
       z = unname(r$statistic), p = r$p.value)
}

cig <- read_panel("cigar.csv")
W46 <- read_w("usa46.json")
lw46 <- mat2listw(W46, style = "W")
lw46B <- mat2listw(W46, style = "B")
years <- sort(unique(cig$year))
moran_cig <- lapply(years, function(yr) {
  d <- cig[cig$year == yr, ]
  x <- log(d$sales[match(rownames(W46), d$state_name)])
  list(year = yr,
       rand_greater = mt(x, lw46),
       norm_greater = mt(x, lw46, randomisation = FALSE),
       rand_two = mt(x, lw46, alternative = "two.sided"),
       norm_less = mt(x, lw46, randomisation = FALSE, alternative = "less"),
       binary_rand = mt(x, lw46B))
})

pr <- read_panel("produc.csv")
Www <- read_w("usaww.json")
lwww <- mat2listw(Www, style = "W")
moran_pr <- lapply(sort(unique(pr$year)), function(yr) {
  d <- pr[pr$year == yr, ]
  x <- log(d$gsp[match(rownames(Www), d$state)])
  list(year = yr, rand = mt(x, lwww), norm = mt(x, lwww, randomisation = FALSE))
})

# islands: distance band on the random points with a short radius leaves some units without neighbours
band_short <- dnearneigh(xy, 0, 1.0)
isl <- which(card(band_short) == 0)
lw_isl <- nb2listw(band_short, style = "W", zero.policy = TRUE)
xv <- signif(xy[, 1] + 0.5 * xy[, 2] + rnorm(n), 15)
moran_isl <- mt(xv, lw_isl, zero.policy = TRUE)
moran_isl_noadj <- mt(xv, lw_isl, zero.policy = TRUE, adjust.n = FALSE)
band_short_nb <- lapply(band_short, function(v) if (length(v) == 1 && v == 0) integer(0) else as.integer(v))

write_fixture(list(
  env = env_info(c("spdep", "jsonlite")),
  points = list(ids = ids, x = xy[, 1], y = xy[, 2]),
  knn4 = lapply(seq_len(n), function(i) sort(knn4[i, ])),
  band25 = band_nb,
  invd2_cut3 = unname(lapply(1:n, function(i) unname(invd2[i, ]))),
  lonlat = list(ids = llids, lon = ll[, 1], lat = ll[, 2], gdp = gdp),
  haversine = unname(lapply(1:m, function(i) HD[i, ])),
  knn5_lonlat_spdep = lapply(seq_len(m), function(i) sort(knn_ll[i, ])),
  econ = unname(lapply(1:m, function(i) We[i, ])),
  nested_phi05 = unname(lapply(1:m, function(i) nested[i, ])),
  nested_phi03 = unname(lapply(1:m, function(i) nested3[i, ])),
  econgeo = unname(lapply(1:m, function(i) econgeo[i, ])),
  moran_cigar = moran_cig,
  moran_produc = moran_pr,
  islands = list(band = band_short_nb, names = ids[isl], x = xv, adjusted = moran_isl, unadjusted = moran_isl_noadj)
), "weights_moran.json")
